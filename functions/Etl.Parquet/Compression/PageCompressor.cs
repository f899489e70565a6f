using Etl.Parquet.Meta;

namespace Etl.Parquet.Compression;

/// <summary>
/// Compresses page bodies for the writer: UNCOMPRESSED, SNAPPY, GZIP, BROTLI, ZSTD and LZ4_RAW. Output goes to a
/// caller-owned buffer sized with <see cref="MaxCompressedLength"/>, so a writer can reuse one buffer for every page.
/// </summary>
public static class PageCompressor
{
    /// <summary>ZSTD level when none is given (libzstd's default).</summary>
    public const int DefaultZstdLevel = ZstdCodec.DefaultLevel;

    /// <summary>GZIP level when none is given (zlib's default).</summary>
    public const int DefaultGzipLevel = GzipCodec.DefaultLevel;

    /// <summary>BROTLI quality when none is given.</summary>
    public const int DefaultBrotliQuality = BrotliCodec.DefaultQuality;

    /// <summary>Whether <see cref="Compress(CompressionCodec, ReadOnlySpan{byte}, Span{byte}, int?)"/> can write <paramref name="codec"/>.</summary>
    public static bool CanCompress(CompressionCodec codec) => codec is CompressionCodec.Uncompressed or CompressionCodec.Snappy
        or CompressionCodec.Gzip or CompressionCodec.Brotli or CompressionCodec.Zstd or CompressionCodec.Lz4Raw;

    /// <summary>The largest output <paramref name="codec"/> can produce for <paramref name="inputLength"/> bytes.</summary>
    /// <exception cref="NotSupportedException">The codec cannot be written (LZO, the deprecated LZ4).</exception>
    public static int MaxCompressedLength(CompressionCodec codec, int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return codec switch
        {
            CompressionCodec.Uncompressed => inputLength,
            CompressionCodec.Snappy => SnappyCompressor.MaxCompressedLength(inputLength),
            CompressionCodec.Gzip => GzipCodec.MaxCompressedLength(inputLength),
            CompressionCodec.Brotli => BrotliCodec.MaxCompressedLength(inputLength),
            CompressionCodec.Zstd => ZstdCodec.MaxCompressedLength(inputLength),
            CompressionCodec.Lz4Raw => Lz4BlockCompressor.MaxCompressedLength(inputLength),
            _ => throw Unsupported(codec),
        };
    }

    /// <summary>
    /// Compresses <paramref name="input"/> into <paramref name="destination"/>, which must hold at least
    /// <see cref="MaxCompressedLength"/> bytes, and returns the compressed length.
    /// </summary>
    /// <param name="codec">The page codec.</param>
    /// <param name="input">The page body.</param>
    /// <param name="destination">Where the compressed bytes go.</param>
    /// <param name="level">
    /// Codec level: ZSTD (libzstd's range, default <see cref="DefaultZstdLevel"/>), GZIP 0-9 (default
    /// <see cref="DefaultGzipLevel"/>), BROTLI 0-11 (default <see cref="DefaultBrotliQuality"/>); ignored by the others.
    /// </param>
    /// <exception cref="NotSupportedException">The codec cannot be written (LZO, the deprecated LZ4).</exception>
    /// <exception cref="ArgumentException">The destination is too short or the level out of range.</exception>
    public static int Compress(CompressionCodec codec, ReadOnlySpan<byte> input, Span<byte> destination, int? level = null)
    {
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                input.CopyTo(destination);
                return input.Length;
            case CompressionCodec.Snappy:
                return SnappyCompressor.Compress(input, destination);
            case CompressionCodec.Gzip:
                return GzipCodec.Compress(input, destination, level ?? DefaultGzipLevel);
            case CompressionCodec.Brotli:
                return BrotliCodec.Compress(input, destination, level ?? DefaultBrotliQuality);
            case CompressionCodec.Zstd:
                return ZstdCodec.Compress(input, destination, level ?? DefaultZstdLevel);
            case CompressionCodec.Lz4Raw:
                return Lz4BlockCompressor.Compress(input, destination);
            default:
                throw Unsupported(codec);
        }
    }

    /// <summary>
    /// Compresses into <paramref name="buffer"/>, replacing it with a larger array first when it cannot hold
    /// <see cref="MaxCompressedLength"/> bytes; returns the compressed length. Keep the buffer across pages.
    /// </summary>
    public static int Compress(CompressionCodec codec, ReadOnlySpan<byte> input, ref byte[]? buffer, int? level = null)
    {
        int bound = MaxCompressedLength(codec, input.Length);
        if (buffer is null || buffer.Length < bound) buffer = new byte[bound];
        return Compress(codec, input, buffer, level);
    }

    private static NotSupportedException Unsupported(CompressionCodec codec) => codec switch
    {
        CompressionCodec.Lzo => new NotSupportedException("LZO is not supported"),
        CompressionCodec.Lz4 => new NotSupportedException("the LZ4 codec is deprecated and its framing ambiguous; write LZ4_RAW"),
        _ => new NotSupportedException($"compression codec {(int)codec} is not supported"),
    };
}
