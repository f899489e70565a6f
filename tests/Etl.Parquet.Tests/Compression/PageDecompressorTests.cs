using Etl.Parquet.Compression;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Compression;

public class PageDecompressorTests
{
    [Theory]
    [InlineData(CompressionCodec.Uncompressed)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Lzo)]
    [InlineData(CompressionCodec.Brotli)]
    [InlineData(CompressionCodec.Lz4)]
    [InlineData(CompressionCodec.Zstd)]
    [InlineData(CompressionCodec.Lz4Raw)]
    [InlineData((CompressionCodec)99)]
    public void An_empty_page_needs_no_codec(CompressionCodec codec)
    {
        PageDecompressor.Decompress(codec, [], []);
    }

    [Fact]
    public void Uncompressed_pages_are_copied_and_sizes_checked()
    {
        byte[] data = Samples.RandomBytes(1000, 1);
        Assert.Equal(data, GuardedPage.Decompress(CompressionCodec.Uncompressed, data, 1000));
        Assert.Equal("UNCOMPRESSED page holds 1000 bytes, the page header declares 1001", GuardedPage.Rejects(CompressionCodec.Uncompressed, data, 1001).Message);
    }

    [Fact]
    public void Unsupported_codecs_are_named()
    {
        Assert.Equal("LZO is not supported", GuardedPage.Rejects(CompressionCodec.Lzo, [1, 2, 3], 10).Message);
        Assert.Equal("compression codec 99 is not supported", GuardedPage.Rejects((CompressionCodec)99, [1, 2, 3], 10).Message);
    }
}
