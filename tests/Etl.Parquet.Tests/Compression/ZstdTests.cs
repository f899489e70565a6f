using Etl.Parquet.Compression;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Compression;

public class ZstdTests
{
    public static IEnumerable<object[]> Cases() => Samples.KindsAndLengths();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decodes_what_libzstd_compresses(string kind, int length)
    {
        byte[] original = Samples.Make(kind, length);
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Zstd, ZstdReference.Compress(original, level: 1), length));
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Zstd, ZstdReference.Compress(original, level: 19, checksum: true), length));
        // Streaming writers leave the content size out of the frame header.
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Zstd, ZstdReference.Compress(original, level: -5, contentSize: false), length));
    }

    [Fact]
    public void An_empty_frame_decodes_to_zero_bytes()
    {
        byte[] frame = ZstdReference.Compress([]);
        Assert.NotEmpty(frame);
        Assert.Empty(GuardedPage.Decompress(CompressionCodec.Zstd, frame, 0));
    }

    [Fact]
    public void Concatenated_and_skippable_frames_decode()
    {
        byte[] first = Samples.Text(100_000, 1);
        byte[] second = Samples.Numbers(50_000, 2);
        byte[] skippable = [0x50, 0x2A, 0x4D, 0x18, 2, 0, 0, 0, 7, 7];
        byte[] page = [.. ZstdReference.Compress(first), .. skippable, .. ZstdReference.Compress([]), .. ZstdReference.Compress(second, contentSize: false)];
        Assert.Equal([.. first, .. second], GuardedPage.Decompress(CompressionCodec.Zstd, page, first.Length + second.Length));
    }

    [Fact]
    public void Declared_sizes_that_do_not_match_are_rejected()
    {
        byte[] page = ZstdReference.Compress(Samples.Text(12, 1));
        Assert.Equal("ZSTD data decompressed to 12 bytes, the page header declares 13", GuardedPage.Rejects(CompressionCodec.Zstd, page, 13).Message);
        Assert.StartsWith("ZSTD data is corrupt: Destination buffer is too small", GuardedPage.Rejects(CompressionCodec.Zstd, page, 11).Message);
        Assert.StartsWith("ZSTD data is corrupt", GuardedPage.Rejects(CompressionCodec.Zstd, page, 0).Message);
        Assert.Equal("ZSTD data is empty, the page header declares 12 bytes", GuardedPage.Rejects(CompressionCodec.Zstd, [], 12).Message);
    }

    [Fact]
    public void Truncated_and_garbage_input_is_rejected()
    {
        byte[] page = ZstdReference.Compress(Samples.RandomBytes(5000, 1));
        Assert.StartsWith("ZSTD data is corrupt", GuardedPage.Rejects(CompressionCodec.Zstd, page.AsSpan(0, page.Length - 1), 5000).Message);
        Assert.StartsWith("ZSTD data is corrupt: Unknown frame descriptor", GuardedPage.Rejects(CompressionCodec.Zstd, [.. Enumerable.Range(1, 40).Select(i => (byte)i)], 5000).Message);
    }

    [Fact]
    public void The_compress_bound_matches_libzstd()
    {
        foreach (int length in new[] { 0, 1, 100, 131_071, 131_072, 131_073, 1 << 20, 100_000_000 })
        {
            Assert.Equal((int)ZstdReference.CompressBound(length), ZstdCodec.MaxCompressedLength(length));
        }
    }

    [Fact]
    public void Decoding_works_from_many_threads_at_once()
    {
        byte[] original = Samples.Mixed(200_000, 9);
        byte[] page = ZstdReference.Compress(original);
        Parallel.For(0, 64, _ => Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Zstd, page, original.Length)));
    }
}
