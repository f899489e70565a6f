using System.Buffers;
using System.IO.Compression;

namespace Etl.Parquet.Compression;

/// <summary>BROTLI pages through the BCL's span-based brotli encoder and decoder.</summary>
internal static class BrotliCodec
{
    /// <summary>The BCL's "optimal" quality: most of the ratio at a fraction of quality 11's time.</summary>
    public const int DefaultQuality = 4;

    /// <summary>Brotli's default window (4 MiB).</summary>
    private const int WindowBits = 22;

    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        using var decoder = new BrotliDecoder();
        OperationStatus status = decoder.Decompress(input, output, out int consumed, out int written);
        if (status == OperationStatus.DestinationTooSmall && written == output.Length)
        {
            // The BCL reports a full (or empty) destination as too small without looking at the rest of the stream,
            // which may be just the end marker; decoding on into one spare byte tells the two apart.
            Span<byte> spare = stackalloc byte[1];
            status = decoder.Decompress(input[consumed..], spare, out _, out int extra);
            if (extra != 0) status = OperationStatus.DestinationTooSmall;
        }
        switch (status)
        {
            case OperationStatus.Done:
                if (written != output.Length)
                {
                    throw new ParquetFormatException($"BROTLI data decompressed to {written} bytes, the page header declares {output.Length}");
                }
                return;
            case OperationStatus.DestinationTooSmall:
                throw new ParquetFormatException($"BROTLI data decompresses to more than the {output.Length} bytes the page header declares");
            case OperationStatus.NeedMoreData:
                throw new ParquetFormatException($"BROTLI data is truncated: it ends after {written} of the {output.Length} bytes the page header declares");
            default:
                throw new ParquetFormatException("BROTLI data is corrupt");
        }
    }

    public static int MaxCompressedLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        long bound = BrotliEncoder.GetMaxCompressedLength(inputLength);
        if (bound > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(inputLength), "input is too large for one BROTLI page");
        return (int)bound;
    }

    /// <summary>Compresses at brotli <paramref name="quality"/> (0-11); <paramref name="output"/> holds <see cref="MaxCompressedLength"/> bytes.</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output, int quality)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 11);
        if (!BrotliEncoder.TryCompress(input, output, out int written, quality, WindowBits))
        {
            throw new ArgumentException("destination is shorter than MaxCompressedLength", nameof(output));
        }
        return written;
    }
}
