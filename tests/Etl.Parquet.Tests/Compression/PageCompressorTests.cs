using Etl.Parquet.Compression;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Compression;

public class PageCompressorTests
{
    private static readonly CompressionCodec[] Writable =
    [
        CompressionCodec.Uncompressed, CompressionCodec.Snappy, CompressionCodec.Gzip,
        CompressionCodec.Brotli, CompressionCodec.Zstd, CompressionCodec.Lz4Raw,
    ];

    public static IEnumerable<object[]> Cases() => Samples.KindsAndLengths();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_writable_codec_round_trips_through_one_reused_buffer(string kind, int length)
    {
        byte[] original = Samples.Make(kind, length);
        byte[]? buffer = null;
        foreach (CompressionCodec codec in Writable)
        {
            int written = PageCompressor.Compress(codec, original, ref buffer);
            Assert.NotNull(buffer);
            Assert.True(written <= PageCompressor.MaxCompressedLength(codec, length));
            Assert.Equal(original, GuardedPage.Decompress(codec, buffer.AsSpan(0, written), length));
        }
    }

    [Fact]
    public void Other_implementations_read_what_the_compressor_writes()
    {
        byte[] original = Samples.Mixed(300_000, 4);
        var buffer = new byte[PageCompressor.MaxCompressedLength(CompressionCodec.Zstd, original.Length)];
        int written = PageCompressor.Compress(CompressionCodec.Zstd, original, buffer, level: 7);
        Assert.Equal(original, ZstdReference.Decompress(buffer.AsSpan(0, written), original.Length));

        buffer = new byte[PageCompressor.MaxCompressedLength(CompressionCodec.Gzip, original.Length)];
        written = PageCompressor.Compress(CompressionCodec.Gzip, original, buffer, level: 9);
        using (var gzip = new System.IO.Compression.GZipStream(new MemoryStream(buffer, 0, written), System.IO.Compression.CompressionMode.Decompress))
        using (var result = new MemoryStream())
        {
            gzip.CopyTo(result);
            Assert.Equal(original, result.ToArray());
        }

        buffer = new byte[PageCompressor.MaxCompressedLength(CompressionCodec.Brotli, original.Length)];
        written = PageCompressor.Compress(CompressionCodec.Brotli, original, buffer, level: 11);
        var decoded = new byte[original.Length];
        Assert.True(System.IO.Compression.BrotliDecoder.TryDecompress(buffer.AsSpan(0, written), decoded, out int decodedLength));
        Assert.Equal(original.Length, decodedLength);
        Assert.Equal(original, decoded);
    }

    [Theory]
    [InlineData(CompressionCodec.Gzip, 0)]
    [InlineData(CompressionCodec.Gzip, 1)]
    [InlineData(CompressionCodec.Gzip, 9)]
    [InlineData(CompressionCodec.Brotli, 0)]
    [InlineData(CompressionCodec.Brotli, 11)]
    [InlineData(CompressionCodec.Zstd, -7)]
    [InlineData(CompressionCodec.Zstd, 1)]
    [InlineData(CompressionCodec.Zstd, 22)]
    public void Incompressible_pages_fit_the_bound_at_every_level(CompressionCodec codec, int level)
    {
        foreach (int length in new[] { 0, 1, 100, 65_536, 1 << 20, 3_000_017 })
        {
            if (codec == CompressionCodec.Zstd && level == 22 && length > 65_536) continue;  // slow, and no different
            byte[] original = Samples.RandomBytes(length, length);
            var buffer = new byte[PageCompressor.MaxCompressedLength(codec, length)];
            int written = PageCompressor.Compress(codec, original, buffer, level);
            Assert.Equal(original, GuardedPage.Decompress(codec, buffer.AsSpan(0, written), length));
        }
    }

    [Fact]
    public void A_short_destination_or_a_bad_level_is_an_argument_error()
    {
        byte[] original = Samples.Text(1000, 1);
        foreach (CompressionCodec codec in Writable)
        {
            Assert.ThrowsAny<ArgumentException>(() => PageCompressor.Compress(codec, original, new byte[10]));
        }
        byte[] buffer = new byte[10_000];
        Assert.Throws<ArgumentOutOfRangeException>(() => PageCompressor.Compress(CompressionCodec.Gzip, original, buffer, level: 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => PageCompressor.Compress(CompressionCodec.Brotli, original, buffer, level: 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => PageCompressor.Compress(CompressionCodec.Zstd, original, buffer, level: 23));
    }

    [Theory]
    [InlineData(CompressionCodec.Lzo)]
    [InlineData(CompressionCodec.Lz4)]
    [InlineData((CompressionCodec)99)]
    public void Codecs_that_cannot_be_written_say_so(CompressionCodec codec)
    {
        Assert.False(PageCompressor.CanCompress(codec));
        Assert.Throws<NotSupportedException>(() => PageCompressor.MaxCompressedLength(codec, 10));
        Assert.Throws<NotSupportedException>(() => PageCompressor.Compress(codec, new byte[10], new byte[100]));
    }

    [Fact]
    public void The_buffer_is_kept_when_it_is_large_enough()
    {
        byte[]? buffer = new byte[1 << 20];
        byte[] original = buffer;
        PageCompressor.Compress(CompressionCodec.Snappy, Samples.Text(1000, 1), ref buffer);
        Assert.Same(original, buffer);
    }
}
