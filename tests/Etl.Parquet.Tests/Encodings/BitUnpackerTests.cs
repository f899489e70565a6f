using Etl.Parquet.Encodings;

namespace Etl.Parquet.Tests.Encodings;

public class BitUnpackerTests
{
    public static TheoryData<int> Widths32 => [.. Enumerable.Range(0, 33)];

    public static TheoryData<int> Widths64 => [.. Enumerable.Range(0, 65)];

    [Theory]
    [MemberData(nameof(Widths32))]
    public void Unpacks_32_bit_values_at_every_count_with_and_without_slack(int width)
    {
        var random = new Random(width);
        for (int count = 0; count <= 70; count++)
        {
            var expected = new uint[count];
            var writer = new TestStreams.LsbBitWriter();
            for (int i = 0; i < count; i++)
            {
                expected[i] = (uint)TestStreams.NextBits(random, width);
                writer.Write(expected[i], width);
            }
            byte[] exact = writer.ToArray();
            var actual = new uint[count];
            BitUnpacker.Unpack(exact, actual, width);
            Assert.Equal(expected, actual);

            byte[] slack = [.. exact, .. new byte[20].Select(_ => (byte)0xFF)];
            Array.Clear(actual);
            BitUnpacker.Unpack(slack, actual, width);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [MemberData(nameof(Widths64))]
    public void Unpacks_64_bit_values_at_every_count_with_and_without_slack(int width)
    {
        var random = new Random(100 + width);
        for (int count = 0; count <= 70; count++)
        {
            var expected = new ulong[count];
            var writer = new TestStreams.LsbBitWriter();
            for (int i = 0; i < count; i++)
            {
                expected[i] = TestStreams.NextBits(random, width);
                writer.Write(expected[i], width);
            }
            byte[] exact = writer.ToArray();
            var actual = new ulong[count];
            BitUnpacker.Unpack(exact, actual, width);
            Assert.Equal(expected, actual);

            byte[] slack = [.. exact, .. new byte[20].Select(_ => (byte)0xFF)];
            Array.Clear(actual);
            BitUnpacker.Unpack(slack, actual, width);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Long_runs_match_the_bit_by_bit_reading()
    {
        var random = new Random(7);
        for (int width = 1; width <= 64; width++)
        {
            byte[] packed = new byte[(1000 * width + 7) / 8];
            random.NextBytes(packed);
            var actual64 = new ulong[1000];
            BitUnpacker.Unpack(packed, actual64, width);
            for (int i = 0; i < 1000; i++) Assert.Equal(ReferenceDecoders.ReadLsbValue(packed, (long)i * width, width), actual64[i]);
            if (width > 32) continue;
            var actual32 = new uint[1000];
            BitUnpacker.Unpack(packed, actual32, width);
            for (int i = 0; i < 1000; i++) Assert.Equal((uint)actual64[i], actual32[i]);
        }
    }

    [Fact]
    public void Short_input_is_a_format_error()
    {
        Assert.Throws<ParquetFormatException>(() => BitUnpacker.Unpack(new byte[2], new uint[8], 3));
        Assert.Throws<ParquetFormatException>(() => BitUnpacker.Unpack(new byte[63], new ulong[8], 64));
        BitUnpacker.Unpack(new byte[3], new uint[8], 3);
        BitUnpacker.Unpack(ReadOnlySpan<byte>.Empty, new uint[8], 0);
    }
}
