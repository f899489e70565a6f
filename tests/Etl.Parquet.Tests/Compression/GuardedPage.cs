using Etl.Parquet.Compression;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Compression;

/// <summary>Decodes into the middle of a larger buffer and fails if anything outside the page was written.</summary>
internal static class GuardedPage
{
    private const int Guard = 64;
    private const byte Fill = 0xA5;

    public static byte[] Decompress(CompressionCodec codec, ReadOnlySpan<byte> compressed, int declaredLength)
    {
        var buffer = new byte[declaredLength + 2 * Guard];
        buffer.AsSpan().Fill(Fill);
        try
        {
            PageDecompressor.Decompress(codec, compressed, buffer.AsSpan(Guard, declaredLength));
        }
        finally
        {
            Assert.True(buffer.AsSpan(0, Guard).IndexOfAnyExcept(Fill) < 0, "wrote before the output");
            Assert.True(buffer.AsSpan(Guard + declaredLength).IndexOfAnyExcept(Fill) < 0, "wrote after the output");
        }
        return buffer.AsSpan(Guard, declaredLength).ToArray();
    }

    public static ParquetFormatException Rejects(CompressionCodec codec, ReadOnlySpan<byte> compressed, int declaredLength)
    {
        byte[] copy = compressed.ToArray();
        return Assert.Throws<ParquetFormatException>(() => Decompress(codec, copy, declaredLength));
    }
}
