using Etl.Parquet.Meta;

namespace Etl.Parquet.Compression;

/// <summary>
/// Decompresses one page body into a buffer of exactly the size the page header declares. Every codec is
/// bounds-checked and never sizes an allocation from the compressed data; anything that does not decode to
/// exactly that size, or is not supported, is reported as <see cref="ParquetFormatException"/>.
/// </summary>
public static class PageDecompressor
{
    /// <summary>
    /// Decompresses <paramref name="input"/> (the page bytes as stored) into <paramref name="output"/>, whose length
    /// is the page header's uncompressed size; on success every byte of <paramref name="output"/> is written.
    /// </summary>
    /// <exception cref="ParquetFormatException">The data is corrupt, does not match the declared size, or the codec is unsupported.</exception>
    public static void Decompress(CompressionCodec codec, ReadOnlySpan<byte> input, Span<byte> output)
    {
        // DataPageV2 pages with an empty value section store nothing, whatever the codec would emit for zero bytes.
        if (input.IsEmpty && output.IsEmpty) return;

        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                if (input.Length != output.Length)
                {
                    throw new ParquetFormatException($"UNCOMPRESSED page holds {input.Length} bytes, the page header declares {output.Length}");
                }
                input.CopyTo(output);
                return;
            case CompressionCodec.Snappy:
                SnappyDecompressor.Decompress(input, output);
                return;
            case CompressionCodec.Gzip:
                GzipCodec.Decompress(input, output);
                return;
            case CompressionCodec.Lzo:
                throw new ParquetFormatException("LZO is not supported");
            case CompressionCodec.Brotli:
                BrotliCodec.Decompress(input, output);
                return;
            case CompressionCodec.Lz4:
                Lz4LegacyDecompressor.Decompress(input, output);
                return;
            case CompressionCodec.Zstd:
                ZstdCodec.Decompress(input, output);
                return;
            case CompressionCodec.Lz4Raw:
                Lz4BlockDecompressor.Decompress(input, output);
                return;
            default:
                throw new ParquetFormatException($"compression codec {(int)codec} is not supported");
        }
    }
}
