using System.IO.Compression;

namespace Etl.Parquet.Compression;

/// <summary>
/// GZIP pages through the BCL's zlib. Besides proper gzip (one or several members), some writers put a zlib
/// (RFC 1950) stream or bare deflate under this codec, so the wrapper is detected rather than assumed.
/// The BCL ignores bytes after the last complete member and does not insist on the member trailer, so the
/// exact declared size is the check that always applies (the page CRC, when present, covers the rest).
/// </summary>
internal static unsafe class GzipCodec
{
    /// <summary>zlib's own default level.</summary>
    public const int DefaultLevel = 6;

    private enum Wrapper
    {
        Gzip,
        Zlib,
        Deflate,
    }

    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.IsEmpty)
        {
            throw new ParquetFormatException($"GZIP data is empty, the page header declares {output.Length} bytes");
        }

        if (input.Length >= 2 && input[0] == 0x1F && input[1] == 0x8B)
        {
            Inflate(input, output, Wrapper.Gzip);
        }
        else if (HasZlibHeader(input))
        {
            try
            {
                Inflate(input, output, Wrapper.Zlib);
            }
            catch (ParquetFormatException)
            {
                // Two bytes of deflate can pass the zlib header check by chance; the other reading decides.
                if (!TryInflateDeflate(input, output)) throw;
            }
        }
        else
        {
            Inflate(input, output, Wrapper.Deflate);
        }
    }

    /// <summary>RFC 1950: method 8 (deflate), window at most 32 KiB, check bits, no preset dictionary.</summary>
    private static bool HasZlibHeader(ReadOnlySpan<byte> input) =>
        input.Length >= 2
        && (input[0] & 0x0F) == 8
        && input[0] >> 4 <= 7
        && ((input[0] << 8) | input[1]) % 31 == 0
        && (input[1] & 0x20) == 0;

    private static bool TryInflateDeflate(ReadOnlySpan<byte> input, Span<byte> output)
    {
        try
        {
            Inflate(input, output, Wrapper.Deflate);
            return true;
        }
        catch (ParquetFormatException)
        {
            return false;
        }
    }

    private static void Inflate(ReadOnlySpan<byte> input, Span<byte> output, Wrapper wrapper)
    {
        int total = 0;
        bool longer;
        try
        {
            fixed (byte* source = input)
            {
                using var compressed = new UnmanagedMemoryStream(source, input.Length);
                using Stream inflater = wrapper switch
                {
                    Wrapper.Gzip => new GZipStream(compressed, CompressionMode.Decompress),
                    Wrapper.Zlib => new ZLibStream(compressed, CompressionMode.Decompress),
                    _ => new DeflateStream(compressed, CompressionMode.Decompress),
                };
                while (total < output.Length)
                {
                    int read = inflater.Read(output[total..]);
                    if (read == 0) break;
                    total += read;
                }
                Span<byte> probe = stackalloc byte[1];
                longer = total == output.Length && inflater.Read(probe) != 0;
            }
        }
        catch (InvalidDataException e)
        {
            throw new ParquetFormatException($"GZIP data is corrupt: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ParquetFormatException($"GZIP data is corrupt: {e.Message}", e);
        }

        if (longer)
        {
            throw new ParquetFormatException($"GZIP data decompresses to more than the {output.Length} bytes the page header declares");
        }
        if (total != output.Length)
        {
            throw new ParquetFormatException($"GZIP data decompressed to {total} bytes, the page header declares {output.Length}");
        }
    }

    /// <summary>
    /// Generous worst case for one gzip member: zlib-ng's fastest level can expand incompressible data by an eighth,
    /// plus block headers and the 18-byte gzip wrapper.
    /// </summary>
    public static int MaxCompressedLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        long bound = (long)inputLength + (inputLength >> 3) + (inputLength >> 10) + 64;
        if (bound > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(inputLength), "input is too large for one GZIP page");
        return (int)bound;
    }

    /// <summary>Writes one gzip member at zlib <paramref name="level"/> (0-9); <paramref name="output"/> holds <see cref="MaxCompressedLength"/> bytes.</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output, int level)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 9);
        if (output.Length < MaxCompressedLength(input.Length))
        {
            throw new ArgumentException("destination is shorter than MaxCompressedLength", nameof(output));
        }

        fixed (byte* destination = output)
        {
            using var compressed = new UnmanagedMemoryStream(destination, 0, output.Length, FileAccess.Write);
            using (var deflater = new GZipStream(compressed, new ZLibCompressionOptions { CompressionLevel = level }, leaveOpen: true))
            {
                deflater.Write(input);
            }
            return (int)compressed.Position;
        }
    }
}
