using Etl.Parquet.Encodings;

namespace Etl.Parquet.Tests.Encodings;

public class DeltaBinaryPackedDecoderTests
{
    private static (int[] Values, int Consumed) Decode32(byte[] data, int count)
    {
        var values = new int[count];
        int consumed = DeltaBinaryPackedDecoder.DecodeInt32(data, values);
        return (values, consumed);
    }

    private static (long[] Values, int Consumed) Decode64(byte[] data, int count)
    {
        var values = new long[count];
        int consumed = DeltaBinaryPackedDecoder.DecodeInt64(data, values);
        return (values, consumed);
    }

    private static void AssertDecoded<T>(T[] values, int consumed, (T[] Values, int Consumed) actual)
    {
        Assert.Equal(values, actual.Values);
        Assert.Equal(consumed, actual.Consumed);
    }

    // The spec's examples use block size 8, which it calls invalid; these are the same values in a legal 128/4 shape.
    [Fact]
    public void Decodes_spec_example_1()
    {
        byte[] data =
        [
            0x80, 0x01, 0x04, 0x05, 0x02, // block size 128, 4 miniblocks, 5 values, first value 1
            0x02, 0x00, 0x00, 0x00, 0x00, // min delta 1, all widths 0: no miniblock bytes at all
        ];
        AssertDecoded([1, 2, 3, 4, 5], 10, Decode32(data, 5));
        Assert.Equal(data, TestStreams.EncodeDelta([1, 2, 3, 4, 5]));
    }

    [Fact]
    public void Decodes_spec_example_2()
    {
        // 7, 5, 3, 1, 2, 3, 4, 5: deltas -2 -2 -2 1 1 1 1, min -2, relative 0 0 0 3 3 3 3 on 2 bits in a 32-value miniblock.
        byte[] miniblock = new byte[8];
        miniblock[0] = 0b1100_0000;
        miniblock[1] = 0b0011_1111;
        byte[] data = [0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0x00, 0x00, 0x00, .. miniblock];
        AssertDecoded([7L, 5, 3, 1, 2, 3, 4, 5], data.Length, Decode64(data, 8));
        Assert.Equal(data, TestStreams.EncodeDelta([7L, 5, 3, 1, 2, 3, 4, 5]));
    }

    [Fact]
    public void Header_only_streams_hold_zero_or_one_value()
    {
        AssertDecoded([], 5, Decode32([0x80, 0x01, 0x04, 0x00, 0x00], 0));
        AssertDecoded([-3L], 5, Decode64([0x80, 0x01, 0x04, 0x01, 0x05], 1));
        Assert.Equal(0, DeltaBinaryPackedDecoder.DecodeInt32([], []));
    }

    [Fact]
    public void Wraps_around_at_the_extremes()
    {
        long[] values = [long.MaxValue, long.MinValue, long.MaxValue, 0, long.MinValue, -1, 1];
        Assert.Equal(values, Decode64(TestStreams.EncodeDelta(values), values.Length).Values);
        int[] ints = [int.MaxValue, int.MinValue, int.MaxValue, 0, int.MinValue, -1, 1];
        Assert.Equal(ints, Decode32(TestStreams.EncodeDelta(ints), ints.Length).Values);
    }

    [Fact]
    public void Every_width_from_0_to_64_decodes()
    {
        var random = new Random(64);
        for (int width = 0; width <= 64; width++)
        {
            // Deltas spread over exactly `width` bits above a min delta of 0.
            var values = new long[300];
            for (int i = 1; i < values.Length; i++)
            {
                ulong delta = TestStreams.NextBits(random, width);
                if (width > 0) delta |= 1UL << (width - 1);
                values[i] = unchecked(values[i - 1] + (long)delta);
            }
            values[1] = values[0];  // a zero delta keeps min delta at 0
            byte[] data = TestStreams.EncodeDelta(values);
            var (decoded, consumed) = Decode64(data, values.Length);
            Assert.Equal(values, decoded);
            Assert.Equal(data.Length, consumed);
            var (decoded32, consumed32) = Decode32(data, values.Length);
            Assert.Equal(values.Select(v => (int)v).ToArray(), decoded32);
            Assert.Equal(data.Length, consumed32);
        }
    }

    [Fact]
    public void Unneeded_miniblocks_are_absent_and_consumption_stops_before_following_data()
    {
        // 40 values: 39 deltas fill 2 of 4 miniblocks of 32 in the only block; the other two are not written.
        var values = Enumerable.Range(0, 40).Select(i => (long)(i * i)).ToArray();
        byte[] stream = TestStreams.EncodeDelta(values);
        byte[] data = [.. stream, 0xDE, 0xAD, 0xBE, 0xEF];
        var (decoded, consumed) = Decode64(data, 40);
        Assert.Equal(values, decoded);
        Assert.Equal(stream.Length, consumed);
        // Asking for fewer values still reports where the whole stream ends.
        Assert.Equal(stream.Length, Decode64(data, 3).Consumed);
        Assert.Equal(stream.Length, Decode32(data, 0).Consumed);
    }

    [Fact]
    public void Asking_for_more_values_than_declared_is_rejected()
    {
        byte[] data = TestStreams.EncodeDelta([1L, 2, 3]);
        Assert.Throws<ParquetFormatException>(() => Decode64(data, 4));
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x04, 0x01, 0x00 })]                 // block size 0
    [InlineData(new byte[] { 0x40, 0x04, 0x01, 0x00 })]                 // block size 64
    [InlineData(new byte[] { 0x80, 0x01, 0x00, 0x01, 0x00 })]           // no miniblocks
    [InlineData(new byte[] { 0x80, 0x01, 0x08, 0x01, 0x00 })]           // 16 values per miniblock
    [InlineData(new byte[] { 0x80, 0x01, 0x03, 0x01, 0x00 })]           // 128 not divisible by 3
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02, 0x04, 0x01, 0x00 })] // varint over 64 bits
    [InlineData(new byte[] { 0x80, 0x01, 0x04, 0x80, 0x80, 0x80, 0x80, 0x08, 0x00 })] // 2^31 values
    [InlineData(new byte[] { 0x80, 0x01, 0x04, 0x02, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00 })] // width 65
    public void Malformed_headers_are_rejected(byte[] data)
    {
        DecoderAssert.RejectsCheaply(() => Decode64(data, 1));
        DecoderAssert.RejectsCheaply(() => Decode32(data, 1));
    }

    [Fact]
    public void Huge_blocks_with_a_few_bytes_are_rejected_without_allocating()
    {
        // Block size 2^31 - 128 (one miniblock), 2^31 - 1 values, width 64: the miniblock would need 16 GiB.
        var header = new List<byte>();
        TestStreams.Uleb(header, int.MaxValue - 127);
        TestStreams.Uleb(header, 1);
        TestStreams.Uleb(header, int.MaxValue);
        header.AddRange([0x00, 0x00, 64, 1, 2, 3]);
        DecoderAssert.RejectsCheaply(() => Decode64([.. header], 1000));
    }

    [Fact]
    public void Truncated_input_is_rejected_at_every_cut()
    {
        var random = new Random(11);
        for (int round = 0; round < 15; round++)
        {
            int count = random.Next(2, 300);
            byte[] data = TestStreams.RandomDeltaStream(random, 64, count);
            var (expected, end) = ReferenceDecoders.DeltaBinaryPacked(data);
            Assert.Equal(data.Length, end);
            Assert.Equal(expected, Decode64(data, count).Values);
            for (int cut = 0; cut < data.Length; cut++)
            {
                byte[] cutData = data[..cut];
                Assert.Throws<ParquetFormatException>(() => Decode64(cutData, count));
                Assert.Throws<ParquetFormatException>(() => Decode32(cutData, random.Next(count + 1)));
            }
        }
    }

    [Fact]
    public void Matches_the_reference_on_random_streams()
    {
        var random = new Random(777);
        for (int round = 0; round < 2000; round++)
        {
            int total = random.Next(4) == 0 ? random.Next(0, 5) : random.Next(0, 1500);
            int maxWidth = random.Next(3) == 0 ? 64 : random.Next(0, 33);
            byte[] data = TestStreams.RandomDeltaStream(random, maxWidth, total);
            if (random.Next(4) == 0) data = [.. data, 1, 2, 3];
            var (expected, end) = ReferenceDecoders.DeltaBinaryPacked(data);
            int count = random.Next(2) == 0 ? total : random.Next(0, total + 1);

            var (values64, consumed64) = Decode64(data, count);
            Assert.Equal(expected[..count], values64);
            Assert.Equal(end, consumed64);

            var (values32, consumed32) = Decode32(data, count);
            Assert.Equal(expected[..count].Select(v => (int)v).ToArray(), values32);
            Assert.Equal(end, consumed32);
        }
    }

    [Fact]
    public void Reading_in_chunks_of_any_size_gives_the_same_values()
    {
        var random = new Random(8);
        for (int round = 0; round < 150; round++)
        {
            int total = random.Next(0, 2000);
            byte[] data = TestStreams.RandomDeltaStream(random, random.Next(0, 65), total);
            long[] expected = ReferenceDecoders.DeltaBinaryPacked(data).Values;
            var reader = new DeltaBinaryPackedReader(data);
            var actual = new long[total];
            var actual32 = new int[total];
            var reader32 = new DeltaBinaryPackedReader(data);
            for (int done = 0; done < total;)
            {
                int n = Math.Min(total - done, random.Next(3) == 0 ? random.Next(1, 5) : random.Next(1, 200));
                reader.ReadInt64(actual.AsSpan(done, n));
                reader32.ReadInt32(actual32.AsSpan(done, n));
                done += n;
            }
            Assert.Equal(expected, actual);
            Assert.Equal(expected.Select(v => (int)v).ToArray(), actual32);
            Assert.Equal(data.Length, reader.SkipToEnd());
        }
    }

    [Fact]
    public void Agrees_with_the_reference_on_corrupted_streams()
    {
        var random = new Random(1234);
        for (int round = 0; round < 1000; round++)
        {
            byte[] data = TestStreams.RandomDeltaStream(random, 64, random.Next(0, 400));
            for (int flips = random.Next(1, 4); flips > 0; flips--)
                data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
            int count = random.Next(0, 400);
            DecoderAssert.SameOutcome(
                () => ReferenceDecoders.PeekTotal(data) < (ulong)count ? throw new InvalidDataException("count") : ReferenceDecoders.DeltaBinaryPacked(data, count),
                () => Decode64(data, count),
                (expected, actual) => AssertDecoded(expected.Item1, expected.Item2, actual));
        }
    }
}
