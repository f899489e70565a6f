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
    /// The most bytes <paramref name="input"/> could decompress to with <paramref name="codec"/> — checked against a
    /// page header's declared size before anything is allocated, so a tiny page cannot demand a gigabyte.
    /// Bounds follow each format's densest construct (deflate 1032:1, LZ4 255:1 per extension byte, a zstd RLE
    /// block 128 KiB per 4 bytes); SNAPPY states its exact length up front; brotli has no hard limit, so a bound
    /// far beyond any real page is used.
    /// </summary>
    public static long MaxDecompressedLength(CompressionCodec codec, ReadOnlySpan<byte> input)
    {
        long n = input.Length;
        return codec switch
        {
            CompressionCodec.Uncompressed => n,
            CompressionCodec.Snappy => SnappyPreamble(input),
            CompressionCodec.Gzip => n * 1032 + 1024,
            CompressionCodec.Lz4 or CompressionCodec.Lz4Raw => n * 256 + 1024,
            CompressionCodec.Zstd => n * 32768 + 1024,
            CompressionCodec.Brotli => n * (1L << 20) + (1L << 20),
            _ => long.MaxValue,
        };
    }

    private static long SnappyPreamble(ReadOnlySpan<byte> input)
    {
        long value = 0;
        for (var i = 0; i < 5 && i < input.Length; i++)
        {
            value |= (long)(input[i] & 0x7F) << (7 * i);
            if (input[i] < 0x80) return value;
        }
        return 0;
    }

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
