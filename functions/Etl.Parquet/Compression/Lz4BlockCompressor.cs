using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Etl.Parquet.Compression;

/// <summary>
/// Greedy single-block LZ4 compressor for LZ4_RAW pages: one hash probe per position, backward extension,
/// and the format's end-of-block rules (the last 5 bytes are literals, no match starts in the last 12).
/// </summary>
internal static unsafe class Lz4BlockCompressor
{
    private const int MinMatch = 4;
    private const int LastLiterals = 5;
    private const int MatchFindLimit = 12;
    private const int MaxDistance = 65535;
    private const int HashBits = 12;
    // After this many misses in a row the stride grows, so incompressible data is skimmed rather than probed byte by byte.
    private const int SkipTrigger = 6;

    /// <summary>Worst-case output size (LZ4_COMPRESSBOUND).</summary>
    public static int MaxCompressedLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        long bound = (long)inputLength + inputLength / 255 + 16;
        if (bound > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(inputLength), "input is too large for one LZ4 block");
        return (int)bound;
    }

    /// <summary>Compresses <paramref name="input"/> into <paramref name="output"/>, which must hold <see cref="MaxCompressedLength"/> bytes.</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < MaxCompressedLength(input.Length))
        {
            throw new ArgumentException("destination is shorter than Lz4BlockCompressor.MaxCompressedLength", nameof(output));
        }

        // Positions relative to the input start; the zero fill is harmless because every candidate is verified.
        int* table = stackalloc int[1 << HashBits];

        fixed (byte* inBase = input)
        fixed (byte* outBase = output)
        {
            byte* ipEnd = inBase + input.Length;
            byte* anchor = inBase;
            byte* op = outBase;

            if (input.Length > MatchFindLimit)
            {
                byte* matchSearchEnd = ipEnd - MatchFindLimit;  // last position where a match may start
                byte* matchExtendEnd = ipEnd - LastLiterals;
                byte* ip = inBase + 1;

                while (ip <= matchSearchEnd)
                {
                    byte* candidate;
                    int misses = 1 << SkipTrigger;
                    while (true)
                    {
                        uint hash = Hash(ip);
                        candidate = inBase + table[hash];
                        table[hash] = (int)(ip - inBase);
                        if (ip - candidate <= MaxDistance && candidate < ip &&
                            Unsafe.ReadUnaligned<uint>(candidate) == Unsafe.ReadUnaligned<uint>(ip))
                        {
                            break;
                        }
                        ip += misses++ >> SkipTrigger;
                        if (ip > matchSearchEnd) goto LastLiteralRun;
                    }

                    while (ip > anchor && candidate > inBase && ip[-1] == candidate[-1])
                    {
                        ip--;
                        candidate--;
                    }

                    int matchLength = MinMatch + MatchLength(candidate + MinMatch, ip + MinMatch, matchExtendEnd);
                    op = EmitSequence(op, anchor, (int)(ip - anchor), (int)(ip - candidate), matchLength);
                    ip += matchLength;
                    anchor = ip;

                    // Index a position inside the match so the next repetition of this stretch is found too.
                    if (ip - 2 > inBase) table[Hash(ip - 2)] = (int)(ip - 2 - inBase);
                }
            }

        LastLiteralRun:
            int literalLength = (int)(ipEnd - anchor);
            op = WriteTokenAndLiteralLength(op, literalLength, out _);
            Buffer.MemoryCopy(anchor, op, literalLength, literalLength);
            op += literalLength;
            return (int)(op - outBase);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(byte* p) => (Unsafe.ReadUnaligned<uint>(p) * 2654435761u) >> (32 - HashBits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MatchLength(byte* earlier, byte* p, byte* pEnd)
    {
        byte* start = p;
        while (pEnd - p >= 8)
        {
            ulong difference = Unsafe.ReadUnaligned<ulong>(p) ^ Unsafe.ReadUnaligned<ulong>(earlier);
            if (difference != 0)
            {
                int sameBits = BitConverter.IsLittleEndian
                    ? BitOperations.TrailingZeroCount(difference)
                    : BitOperations.LeadingZeroCount(difference);
                return (int)(p - start) + (sameBits >> 3);
            }
            p += 8;
            earlier += 8;
        }
        while (p < pEnd && *p == *earlier)
        {
            p++;
            earlier++;
        }
        return (int)(p - start);
    }

    private static byte* EmitSequence(byte* op, byte* literals, int literalLength, int distance, int matchLength)
    {
        op = WriteTokenAndLiteralLength(op, literalLength, out byte* token);
        Buffer.MemoryCopy(literals, op, literalLength, literalLength);
        op += literalLength;
        BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(op, 2), (ushort)distance);
        op += 2;
        int rest = matchLength - MinMatch;
        if (rest < 15)
        {
            *token |= (byte)rest;
            return op;
        }
        *token |= 15;
        return WriteLengthExtension(op, rest - 15);
    }

    private static byte* WriteTokenAndLiteralLength(byte* op, int literalLength, out byte* token)
    {
        token = op++;
        if (literalLength < 15)
        {
            *token = (byte)(literalLength << 4);
            return op;
        }
        *token = 15 << 4;
        return WriteLengthExtension(op, literalLength - 15);
    }

    private static byte* WriteLengthExtension(byte* op, int remainder)
    {
        while (remainder >= 255)
        {
            *op++ = 255;
            remainder -= 255;
        }
        *op++ = (byte)remainder;
        return op;
    }
}
