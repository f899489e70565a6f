using System.IO.Compression;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Compression;

public class BrotliTests
{
    public static IEnumerable<object[]> Cases() => Samples.KindsAndLengths();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decodes_what_the_BCL_encoder_writes(string kind, int length)
    {
        byte[] original = Samples.Make(kind, length);
        foreach ((int quality, int window) in new[] { (0, 10), (5, 22), (11, 24) })
        {
            Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Brotli, Encode(original, quality, window), length));
        }
    }

    [Fact]
    public void A_stream_flushed_before_its_end_decodes()
    {
        // Flushing emits an empty metadata block, so the end marker arrives after the last output byte.
        byte[] original = Samples.Text(100_000, 3);
        using var buffer = new MemoryStream();
        using (var brotli = new BrotliStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            brotli.Write(original);
            brotli.Flush();
        }
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Brotli, buffer.ToArray(), original.Length));
    }

    [Fact]
    public void Declared_sizes_that_do_not_match_are_rejected()
    {
        byte[] page = Encode(Samples.Text(12, 1), 5, 22);
        Assert.Equal("BROTLI data decompressed to 12 bytes, the page header declares 13", GuardedPage.Rejects(CompressionCodec.Brotli, page, 13).Message);
        Assert.Equal("BROTLI data decompresses to more than the 11 bytes the page header declares", GuardedPage.Rejects(CompressionCodec.Brotli, page, 11).Message);
        Assert.Equal("BROTLI data decompresses to more than the 0 bytes the page header declares", GuardedPage.Rejects(CompressionCodec.Brotli, page, 0).Message);
    }

    [Fact]
    public void Truncated_and_garbage_input_is_rejected()
    {
        byte[] original = Samples.RandomBytes(5000, 1);
        byte[] page = Encode(original, 5, 22);
        Assert.StartsWith("BROTLI data is truncated", GuardedPage.Rejects(CompressionCodec.Brotli, page.AsSpan(0, page.Length / 2), 5000).Message);
        Assert.Equal("BROTLI data is corrupt", GuardedPage.Rejects(CompressionCodec.Brotli, [0xFF, 0xFF, 0xFF, 0xFF], 5000).Message);
    }

    internal static byte[] Encode(byte[] data, int quality, int window)
    {
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(data.Length)];
        Assert.True(BrotliEncoder.TryCompress(data, output, out int written, quality, window));
        return output[..written];
    }
}
