using Etl.Parquet.Encodings;

namespace Etl.Parquet.Tests.Encodings;

public class RleBitPackedHybridDecoderTests
{
    private static int[] Decode(byte[] data, int bitWidth, int count)
    {
        var result = new int[count];
        RleBitPackedHybridDecoder.Decode(data, bitWidth, result);
        return result;
    }

    [Fact]
    public void Decodes_the_spec_bit_packing_example()
    {
        // 0..7 at width 3 packed LSB-first is 10001000 11000110 11111010; header: one group of 8, bit-packed.
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], Decode([0x03, 0x88, 0xC6, 0xFA], 3, 8));
    }

    [Fact]
    public void Decodes_rle_runs_with_values_in_rounded_up_bytes()
    {
        // At width 13 values take 2 bytes: 5 x 3, then 300 x 0x1234 (header 600 = 0xD8 0x04).
        int[] actual = Decode([0x0A, 0x03, 0x00, 0xD8, 0x04, 0x34, 0x12], 13, 305);
        Assert.All(actual[..5], v => Assert.Equal(3, v));
        Assert.All(actual[5..], v => Assert.Equal(0x1234, v));
    }

    [Fact]
    public void Width_32_values_keep_all_bits()
    {
        Assert.Equal([-1, -1], Decode([0x04, 0xFF, 0xFF, 0xFF, 0xFF], 32, 2));
        var writer = new TestStreams.LsbBitWriter();
        for (int i = 0; i < 8; i++) writer.Write(0x8000_0000u + (uint)i, 32);
        int[] actual = Decode([0x03, .. writer.ToArray()], 32, 8);
        Assert.Equal(unchecked((int)0x8000_0007), actual[7]);
    }

    [Fact]
    public void Width_zero_yields_zeros_without_reading()
    {
        var destination = new int[5] { 1, 2, 3, 4, 5 };
        RleBitPackedHybridDecoder.Decode(ReadOnlySpan<byte>.Empty, 0, destination);
        Assert.All(destination, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Stops_inside_a_run_or_group_and_ignores_what_follows()
    {
        // An RLE run of 10 asked for 4, then a bit-packed run asked for 3 of its 8 with the unneeded bytes missing.
        Assert.Equal([1, 1, 1, 1], Decode([0x14, 0x01, 0xFF, 0xFF], 1, 4));
        Assert.Equal([0, 1, 2], Decode([0x03, 0x88, 0x06], 3, 3));
        // Trailing padding groups and garbage after the last needed value are fine.
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], Decode([0x05, 0x88, 0xC6, 0xFA, 0x00, 0x00, 0x00, 0xAB, 0xCD], 3, 8));
    }

    [Fact]
    public void Zero_length_runs_are_skipped()
    {
        Assert.Equal([2, 2], Decode([0x00, 0x01, 0x01, 0x04, 0x02], 2, 2));
    }

    [Fact]
    public void Truncated_input_is_rejected_at_every_cut()
    {
        // Every byte is needed: 5 x 3 by RLE, then 0..7 bit-packed at width 3.
        byte[] data = [0x0A, 0x03, 0x03, 0x88, 0xC6, 0xFA];
        Assert.Equal([3, 3, 3, 3, 3, 0, 1, 2, 3, 4, 5, 6, 7], Decode(data, 3, 13));
        for (int cut = 0; cut < data.Length; cut++)
        {
            byte[] cutData = data[..cut];
            Assert.Throws<ParquetFormatException>(() => Decode(cutData, 3, 13));
        }
    }

    [Fact]
    public void Random_streams_cut_anywhere_agree_with_the_reference()
    {
        var random = new Random(42);
        for (int round = 0; round < 20; round++)
        {
            int width = random.Next(1, 33);
            var (data, count) = TestStreams.RandomRleHybrid(random, width, trimLastRun: true, longRuns: false);
            for (int cut = 0; cut <= data.Length; cut++)
            {
                byte[] cutData = data[..cut];
                DecoderAssert.SameOutcome(() => ReferenceDecoders.RleHybrid(cutData, width, count), () => Decode(cutData, width, count), Assert.Equal);
            }
        }
    }

    [Theory]
    [InlineData(33)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Bad_widths_are_rejected(int width)
    {
        Assert.Throws<ParquetFormatException>(() => Decode([0x02, 0x01], width, 1));
    }

    [Fact]
    public void Malformed_headers_and_values_are_rejected()
    {
        Assert.Throws<ParquetFormatException>(() => Decode([0x02, 0x04], 2, 1));                          // value 4 needs 3 bits
        Assert.Throws<ParquetFormatException>(() => Decode([0x80, 0x80, 0x80, 0x80, 0x10, 0x01], 1, 1)); // header over 32 bits
        Assert.Throws<ParquetFormatException>(() => Decode([0x80, 0x80], 1, 1));                          // header cut
        Assert.Throws<ParquetFormatException>(() => Decode([], 1, 1));
    }

    [Fact]
    public void Absurd_run_lengths_cost_nothing_beyond_the_destination()
    {
        // A bit-packed run claiming 2^31 - 1 groups with 2 bytes behind it, and a 2^31 - 1 long RLE run.
        DecoderAssert.RejectsCheaply(() => Decode([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01, 0x02], 8, 100));
        Assert.All(Decode([0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0x01], 1, 1000), v => Assert.Equal(1, v));
    }

    [Fact]
    public void Matches_the_reference_on_random_streams()
    {
        var random = new Random(20240601);
        for (int round = 0; round < 2000; round++)
        {
            int width = round % 33;
            var (data, count) = TestStreams.RandomRleHybrid(random, width, trimLastRun: random.Next(2) == 0);
            DecoderAssert.SameOutcome(() => ReferenceDecoders.RleHybrid(data, width, count), () => Decode(data, width, count), Assert.Equal);
        }
    }

    [Fact]
    public void Agrees_with_the_reference_on_random_bytes()
    {
        var random = new Random(99);
        for (int round = 0; round < 3000; round++)
        {
            int width = random.Next(0, 33);
            byte[] data = new byte[random.Next(0, 40)];
            random.NextBytes(data);
            int count = random.Next(0, 300);
            DecoderAssert.SameOutcome(() => ReferenceDecoders.RleHybrid(data, width, count), () => Decode(data, width, count), Assert.Equal);
        }
    }
}
