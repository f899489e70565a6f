using Etl.Parquet.Compression;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Compression;

public class Lz4RawTests
{
    public static IEnumerable<object[]> Cases() => Samples.KindsAndLengths();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decodes_what_liblz4_compresses(string kind, int length)
    {
        byte[] original = Samples.Make(kind, length);
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Lz4Raw, Lz4Reference.CompressBlock(original), length));
        // High-compression mode finds long and overlapping matches the fast mode skips.
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Lz4Raw, Lz4Reference.CompressBlock(original, hcLevel: 12), length));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void liblz4_decodes_what_the_compressor_writes(string kind, int length)
    {
        byte[] original = Samples.Make(kind, length);
        var compressed = new byte[Lz4BlockCompressor.MaxCompressedLength(length)];
        int written = Lz4BlockCompressor.Compress(original, compressed);
        Assert.Equal(original, Lz4Reference.DecompressBlock(compressed.AsSpan(0, written), length));
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Lz4Raw, compressed.AsSpan(0, written), length));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("runs")]
    [InlineData("numbers")]
    public void Compresses_about_as_well_as_liblz4(string kind)
    {
        byte[] original = Samples.Make(kind, 1 << 20);
        var compressed = new byte[Lz4BlockCompressor.MaxCompressedLength(original.Length)];
        int ours = Lz4BlockCompressor.Compress(original, compressed);
        int reference = Lz4Reference.CompressBlock(original).Length;
        Assert.True(ours <= reference * 1.15 + 64, $"{ours} bytes against liblz4's {reference}");
    }

    [Fact]
    public void A_long_overlapping_match_at_the_end_decodes()
    {
        // token: 1 literal, match length 15 + extensions; offset 1; then the mandatory final literals.
        var block = new List<byte> { 0x1F, 0x61, 0x01, 0x00, 255, 255, 10, 0x50, 1, 2, 3, 4, 5 };
        int matchLength = 4 + 15 + 255 + 255 + 10;
        byte[] expected = [.. Enumerable.Repeat((byte)0x61, 1 + matchLength), 1, 2, 3, 4, 5];
        Assert.Equal(expected, GuardedPage.Decompress(CompressionCodec.Lz4Raw, block.ToArray(), expected.Length));
    }

    [Theory]
    [InlineData(new byte[] { 0x10 }, 1, "LZ4_RAW data is corrupt: literals run past the end of the input")]
    [InlineData(new byte[] { 0xF0, 255 }, 300, "LZ4_RAW data is corrupt: a literal length runs past the end of the input")]
    [InlineData(new byte[] { 0x10, 7, 0 }, 5, "LZ4_RAW data is corrupt: a match offset is truncated")]
    [InlineData(new byte[] { 0x10, 7, 0, 0, 0x00 }, 5, "LZ4_RAW data is corrupt: a match has offset 0")]
    [InlineData(new byte[] { 0x10, 7, 2, 0, 0x00 }, 5, "LZ4_RAW data is corrupt: a match reaches before the start of the output")]
    [InlineData(new byte[] { 0x1F, 7, 1, 0 }, 50, "LZ4_RAW data is corrupt: a match length runs past the end of the input")]
    [InlineData(new byte[] { 0x10, 7, 1, 0 }, 5, "LZ4_RAW data is corrupt: the block ends without a final literal run")]
    [InlineData(new byte[] { 0x10, 7, 1, 0, 0x00 }, 4, "LZ4_RAW data is corrupt: it decompresses to more bytes than declared")]
    [InlineData(new byte[] { 0x20, 7, 8 }, 1, "LZ4_RAW data is corrupt: it decompresses to more bytes than declared")]
    [InlineData(new byte[] { 0x10, 7 }, 2, "LZ4_RAW data decompressed to 1 bytes, the page header declares 2")]
    [InlineData(new byte[] { }, 2, "LZ4_RAW data is corrupt: the block is empty")]
    public void Malformed_blocks_are_rejected_with_a_reason(byte[] block, int declared, string message)
    {
        Assert.Equal(message, GuardedPage.Rejects(CompressionCodec.Lz4Raw, block, declared).Message);
    }

    [Fact]
    public void The_empty_block_decodes_to_nothing()
    {
        Assert.Empty(GuardedPage.Decompress(CompressionCodec.Lz4Raw, Lz4Reference.CompressBlock([]), 0));
    }
}
