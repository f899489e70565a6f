using Etl.Parquet.Compression;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Compression;

public class SnappyTests
{
    public static IEnumerable<object[]> Cases() => Samples.KindsAndLengths();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decodes_what_IronSnappy_encodes(string kind, int length)
    {
        byte[] original = Samples.Make(kind, length);
        byte[] compressed = IronSnappy.Snappy.Encode(original);
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Snappy, compressed, length));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void IronSnappy_decodes_what_the_compressor_writes(string kind, int length)
    {
        byte[] original = Samples.Make(kind, length);
        var compressed = new byte[SnappyCompressor.MaxCompressedLength(length)];
        int written = SnappyCompressor.Compress(original, compressed);
        Assert.Equal(original, IronSnappy.Snappy.Decode(compressed.AsSpan(0, written)));
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Snappy, compressed.AsSpan(0, written), length));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("runs")]
    [InlineData("numbers")]
    [InlineData("mixed")]
    public void Compresses_about_as_well_as_IronSnappy(string kind)
    {
        byte[] original = Samples.Make(kind, 1 << 20);
        var compressed = new byte[SnappyCompressor.MaxCompressedLength(original.Length)];
        int ours = SnappyCompressor.Compress(original, compressed);
        int reference = IronSnappy.Snappy.Encode(original).Length;
        Assert.True(ours <= reference * 1.05 + 64, $"{ours} bytes against IronSnappy's {reference}");
    }

    [Fact]
    public void Incompressible_input_stays_within_the_bound()
    {
        byte[] original = Samples.RandomBytes(1 << 20, 7);
        var compressed = new byte[SnappyCompressor.MaxCompressedLength(original.Length)];
        int written = SnappyCompressor.Compress(original, compressed);
        Assert.True(written < original.Length + original.Length / 100 + 32);
    }

    [Fact]
    public void Every_literal_length_form_decodes()
    {
        // Literal lengths 1-60 in the tag, then 1, 2, 3 and 4 length bytes (tags 60-63).
        foreach (int length in new[] { 1, 60, 61, 256, 257, 65536, 65537, 70_000 })
        {
            byte[] literal = Samples.RandomBytes(length, length);
            var block = new List<byte>();
            AddVarint(block, (uint)length);
            int n = length - 1;
            if (n < 60) block.Add((byte)(n << 2));
            else if (n < 1 << 8) block.AddRange([60 << 2, (byte)n]);
            else if (n < 1 << 16) block.AddRange([61 << 2, (byte)n, (byte)(n >> 8)]);
            else block.AddRange([62 << 2, (byte)n, (byte)(n >> 8), (byte)(n >> 16)]);
            block.AddRange(literal);
            Assert.Equal(literal, GuardedPage.Decompress(CompressionCodec.Snappy, block.ToArray(), length));

            // The 4-byte form is legal for short literals too.
            var wide = new List<byte>();
            AddVarint(wide, (uint)length);
            wide.AddRange([63 << 2, (byte)n, (byte)(n >> 8), (byte)(n >> 16), (byte)(n >> 24)]);
            wide.AddRange(literal);
            Assert.Equal(literal, GuardedPage.Decompress(CompressionCodec.Snappy, wide.ToArray(), length));
        }
    }

    [Theory]
    [InlineData(1, 64)]
    [InlineData(2, 64)]
    [InlineData(3, 17)]
    [InlineData(7, 64)]
    [InlineData(8, 9)]
    [InlineData(15, 40)]
    [InlineData(16, 64)]
    [InlineData(17, 64)]
    [InlineData(100, 64)]
    public void Copies_of_every_form_repeat_earlier_output(int distance, int length)
    {
        byte[] seed = Samples.RandomBytes(distance, distance);
        byte[] expected = new byte[distance + 3 * length];
        seed.CopyTo(expected, 0);
        for (int i = distance; i < expected.Length; i++) expected[i] = expected[i - distance];

        var block = new List<byte>();
        AddVarint(block, (uint)expected.Length);
        AddLiteral(block, seed);
        // Copy with 4-byte offset, 2-byte offset and (when it fits) 1-byte offset.
        block.AddRange([(byte)(3 | ((length - 1) << 2)), (byte)distance, (byte)(distance >> 8), 0, 0]);
        block.AddRange([(byte)(2 | ((length - 1) << 2)), (byte)distance, (byte)(distance >> 8)]);
        int remaining = length;
        while (remaining > 0)
        {
            int part = Math.Min(remaining, 11);
            if (remaining - part is > 0 and < 4) part = remaining - 4;
            block.AddRange([(byte)(1 | ((part - 4) << 2) | ((distance >> 8) << 5)), (byte)distance]);
            remaining -= part;
        }
        Assert.Equal(expected, GuardedPage.Decompress(CompressionCodec.Snappy, block.ToArray(), expected.Length));
    }

    [Fact]
    public void A_long_run_near_the_end_of_the_output_decodes()
    {
        // Copies ending within 16 bytes of the output end take the byte-by-byte tail path.
        for (int length = 1; length <= 64; length++)
        {
            for (int distance = 1; distance <= 20; distance++)
            {
                byte[] seed = Samples.RandomBytes(distance, distance);
                byte[] expected = new byte[distance + length];
                seed.CopyTo(expected, 0);
                for (int i = distance; i < expected.Length; i++) expected[i] = expected[i - distance];
                var block = new List<byte>();
                AddVarint(block, (uint)expected.Length);
                AddLiteral(block, seed);
                block.AddRange([(byte)(2 | ((length - 1) << 2)), (byte)distance, 0]);
                Assert.Equal(expected, GuardedPage.Decompress(CompressionCodec.Snappy, block.ToArray(), expected.Length));
            }
        }
    }

    [Theory]
    [InlineData(new byte[] { 4, 0x0C, 1, 2, 3 }, 4, "SNAPPY data is corrupt: a literal runs past the end of the input")]
    [InlineData(new byte[] { 5, 0x00, 9, 0x01, 0 }, 5, "SNAPPY data is corrupt: a copy has offset 0")]
    [InlineData(new byte[] { 5, 0x00, 9, 0x01, 2 }, 5, "SNAPPY data is corrupt: a copy reaches before the start of the output")]
    [InlineData(new byte[] { 5, 0x00, 9, 0x01 }, 5, "SNAPPY data is corrupt: a copy is truncated")]
    [InlineData(new byte[] { 5, 0x00, 9, 0x02, 1 }, 5, "SNAPPY data is corrupt: a copy is truncated")]
    [InlineData(new byte[] { 5, 0x00, 9, 0x03, 1, 0, 0 }, 5, "SNAPPY data is corrupt: a copy is truncated")]
    [InlineData(new byte[] { 3, 0x00, 9, 0x01, 1 }, 3, "SNAPPY data is corrupt: it decompresses to more than the 3 bytes it declares")]
    [InlineData(new byte[] { 3, 0x00, 9 }, 3, "SNAPPY data is corrupt: the block ends after 1 of its 3 uncompressed bytes")]
    [InlineData(new byte[] { 3, 0x00, 9 }, 4, "SNAPPY data is corrupt: the block declares 3 uncompressed bytes, the page header declares 4")]
    [InlineData(new byte[] { 0x80 }, 4, "SNAPPY data is corrupt: the length prefix is truncated")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x10 }, 4, "SNAPPY data is corrupt: the length prefix exceeds 32 bits")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, 4, "SNAPPY data is corrupt: the length prefix exceeds 32 bits")]
    [InlineData(new byte[] { 2, 60 << 2 }, 2, "SNAPPY data is corrupt: a literal length is truncated")]
    [InlineData(new byte[] { 2, 63 << 2, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2 }, 2, "SNAPPY data is corrupt: a literal runs past the end of the input")]
    [InlineData(new byte[] { }, 2, "SNAPPY data is corrupt: the length prefix is truncated")]
    public void Malformed_blocks_are_rejected_with_a_reason(byte[] block, int declared, string message)
    {
        Assert.Equal(message, GuardedPage.Rejects(CompressionCodec.Snappy, block, declared).Message);
    }

    [Fact]
    public void The_empty_block_decodes_to_nothing()
    {
        Assert.Empty(GuardedPage.Decompress(CompressionCodec.Snappy, [0], 0));
        Assert.Empty(GuardedPage.Decompress(CompressionCodec.Snappy, IronSnappy.Snappy.Encode([]), 0));
    }

    private static void AddLiteral(List<byte> block, byte[] literal)
    {
        int n = literal.Length - 1;
        if (n < 60) block.Add((byte)(n << 2));
        else block.AddRange([60 << 2, (byte)n]);
        block.AddRange(literal);
    }

    private static void AddVarint(List<byte> block, uint value)
    {
        while (value >= 0x80)
        {
            block.Add((byte)(value | 0x80));
            value >>= 7;
        }
        block.Add((byte)value);
    }
}
