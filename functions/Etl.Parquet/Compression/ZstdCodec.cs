namespace Etl.Parquet.Compression;

/// <summary>ZSTD pages through the system's libzstd (see <see cref="ZstdLibrary"/>).</summary>
internal static unsafe class ZstdCodec
{
    /// <summary>libzstd's own default level.</summary>
    public const int DefaultLevel = 3;

    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (!ZstdLibrary.IsAvailable) throw new ParquetFormatException(ZstdLibrary.MissingMessage);
        if (input.IsEmpty)
        {
            throw new ParquetFormatException($"ZSTD data is empty, the page header declares {output.Length} bytes");
        }

        nuint result;
        byte placeholder = 0;
        fixed (byte* source = input)
        fixed (byte* destination = output)
        {
            // An empty span pins as null; libzstd accepts a zero capacity but not every version a null buffer.
            byte* target = destination == null ? &placeholder : destination;
            // Several frames (and skippable frames) decode back to back; the capacity bounds everything libzstd writes.
            result = ZstdLibrary.Decompress(target, (nuint)output.Length, source, (nuint)input.Length);
        }

        if (ZstdLibrary.IsError(result))
        {
            throw new ParquetFormatException($"ZSTD data is corrupt: {ZstdLibrary.ErrorName(result)} (the page header declares {output.Length} bytes)");
        }
        if (result != (nuint)output.Length)
        {
            throw new ParquetFormatException($"ZSTD data decompressed to {result} bytes, the page header declares {output.Length}");
        }
    }

    /// <summary>ZSTD_COMPRESSBOUND from zstd.h, computed here so sizing a buffer does not need the library.</summary>
    public static int MaxCompressedLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        const int SmallInput = 128 << 10;
        long bound = (long)inputLength + (inputLength >> 8) + (inputLength < SmallInput ? (SmallInput - inputLength) >> 11 : 0);
        if (bound > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(inputLength), "input is too large for one ZSTD page");
        return (int)bound;
    }

    /// <summary>Compresses into one frame at <paramref name="level"/> (libzstd's range, negative levels included).</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output, int level)
    {
        if (!ZstdLibrary.IsAvailable) throw new DllNotFoundException(ZstdLibrary.MissingMessage);
        ArgumentOutOfRangeException.ThrowIfLessThan(level, ZstdLibrary.MinLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, ZstdLibrary.MaxLevel);
        if (output.Length < MaxCompressedLength(input.Length))
        {
            throw new ArgumentException("destination is shorter than MaxCompressedLength", nameof(output));
        }

        nuint result;
        byte placeholder = 0;
        fixed (byte* source = input)
        fixed (byte* destination = output)
        {
            byte* from = source == null ? &placeholder : source;
            result = ZstdLibrary.Compress(destination, (nuint)output.Length, from, (nuint)input.Length, level);
        }
        if (ZstdLibrary.IsError(result))
        {
            throw new InvalidOperationException($"libzstd failed to compress: {ZstdLibrary.ErrorName(result)}");
        }
        return (int)result;
    }
}
