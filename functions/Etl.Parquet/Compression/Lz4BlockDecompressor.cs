using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Etl.Parquet.Compression;

/// <summary>
/// Decoder for one LZ4 block (the LZ4_RAW codec, and the payload of the legacy LZ4 codec's framings):
/// sequences of token, literal-length extension, literals, 2-byte offset and match-length extension,
/// the last sequence carrying only literals.
/// </summary>
internal static unsafe class Lz4BlockDecompressor
{
    /// <summary>Decodes an LZ4_RAW page: exactly one block that fills <paramref name="output"/>.</summary>
    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int written = Decode(input, output, 0, 0, out string? error);
        if (error is not null) throw new ParquetFormatException($"LZ4_RAW data is corrupt: {error}");
        if (written != output.Length)
        {
            throw new ParquetFormatException($"LZ4_RAW data decompressed to {written} bytes, the page header declares {output.Length}");
        }
    }

    /// <summary>
    /// Decodes one block into <c>output[start..]</c>. Back-references may reach back to <c>output[windowStart]</c>
    /// (earlier blocks of a linked LZ4 frame). Returns the bytes written, or -1 with <paramref name="error"/> set;
    /// no exception, because the legacy codec probes several framings and falls back on failure.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> input, Span<byte> output, int start, int windowStart, out string? error)
    {
        Debug.Assert((uint)windowStart <= (uint)start && (uint)start <= (uint)output.Length);
        if (input.IsEmpty)
        {
            error = "the block is empty";
            return -1;
        }

        fixed (byte* inBase = input)
        fixed (byte* outBase = output)
        {
            byte* ip = inBase;
            byte* ipEnd = inBase + input.Length;
            byte* opStart = outBase + start;
            byte* op = opStart;
            byte* opEnd = outBase + output.Length;
            byte* window = outBase + windowStart;

            while (true)
            {
                if (ip >= ipEnd)
                {
                    error = "the block ends without a final literal run";
                    return -1;
                }
                uint token = *ip++;

                nuint literalLength = token >> 4;
                if (literalLength == 15 && !ReadLengthExtension(ref ip, ipEnd, ref literalLength))
                {
                    error = "a literal length runs past the end of the input";
                    return -1;
                }
                if (literalLength > (nuint)(ipEnd - ip))
                {
                    error = "literals run past the end of the input";
                    return -1;
                }
                if (literalLength > (nuint)(opEnd - op))
                {
                    error = "it decompresses to more bytes than declared";
                    return -1;
                }
                // Most literal runs are short: one unconditional 16-byte move when both sides have room.
                if (literalLength <= 16 && ipEnd - ip >= 16 && opEnd - op >= 16)
                {
                    Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<Vector128<byte>>(ip));
                }
                else
                {
                    Buffer.MemoryCopy(ip, op, literalLength, literalLength);
                }
                ip += literalLength;
                op += literalLength;

                if (ip == ipEnd) break;

                if (ipEnd - ip < 2)
                {
                    error = "a match offset is truncated";
                    return -1;
                }
                nuint distance = BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(ip, 2));
                ip += 2;
                if (distance == 0)
                {
                    error = "a match has offset 0";
                    return -1;
                }
                if (distance > (nuint)(op - window))
                {
                    error = "a match reaches before the start of the output";
                    return -1;
                }

                nuint matchLength = token & 15;
                if (matchLength == 15 && !ReadLengthExtension(ref ip, ipEnd, ref matchLength))
                {
                    error = "a match length runs past the end of the input";
                    return -1;
                }
                matchLength += 4;
                if (matchLength > (nuint)(opEnd - op))
                {
                    error = "it decompresses to more bytes than declared";
                    return -1;
                }
                BackReference.Copy(op, distance, matchLength, opEnd);
                op += matchLength;
            }

            error = null;
            return (int)(op - opStart);
        }
    }

    /// <summary>Adds the 255-continued extension bytes; false if the input ends inside it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ReadLengthExtension(ref byte* ip, byte* ipEnd, ref nuint length)
    {
        uint b;
        do
        {
            if (ip >= ipEnd) return false;
            b = *ip++;
            length += b;
        }
        while (b == 255);
        // Each extension byte costs an input byte, so the sum cannot overflow 64 bits; a 32-bit wrap could only
        // mis-decode, never escape the spans, because every length is checked against what remains.
        return true;
    }
}
