using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Etl.Parquet.Compression;

/// <summary>
/// Snappy block compressor: the reference implementation's greedy hash-table matcher over 64 KiB fragments,
/// emitting the raw block format that <see cref="SnappyDecompressor"/> (and every other snappy reader) decodes.
/// </summary>
internal static unsafe class SnappyCompressor
{
    // Fragments keep every offset below 65536, so a copy never needs the 4-byte offset form.
    private const int FragmentSize = 1 << 16;
    private const int MaxHashBits = 14;
    private const int MinHashBits = 8;
    // The matcher reads a few bytes ahead; fragments shorter than this are stored as one literal.
    private const int InputMargin = 15;

    /// <summary>Worst-case output size, the bound the reference implementation guarantees.</summary>
    public static int MaxCompressedLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        long bound = 32L + inputLength + inputLength / 6;
        if (bound > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(inputLength), "input is too large for one snappy block");
        return (int)bound;
    }

    /// <summary>Compresses <paramref name="input"/> into <paramref name="output"/>, which must hold <see cref="MaxCompressedLength"/> bytes.</summary>
    [SkipLocalsInit]
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < MaxCompressedLength(input.Length))
        {
            throw new ArgumentException("destination is shorter than SnappyCompressor.MaxCompressedLength", nameof(output));
        }

        int tableBits = HashBits(Math.Min(input.Length, FragmentSize));
        ushort* table = stackalloc ushort[1 << tableBits];

        fixed (byte* inBase = input)
        fixed (byte* outBase = output)
        {
            byte* op = WriteVarint(outBase, (uint)input.Length);
            for (int start = 0; start < input.Length; start += FragmentSize)
            {
                int fragmentLength = Math.Min(FragmentSize, input.Length - start);
                int bits = HashBits(fragmentLength);
                new Span<ushort>(table, 1 << bits).Clear();
                op = CompressFragment(inBase + start, fragmentLength, op, table, 32 - bits);
            }
            return (int)(op - outBase);
        }
    }

    /// <summary>Smallest table that covers the fragment, so short pages do not pay for clearing a large one.</summary>
    private static int HashBits(int fragmentLength)
    {
        int bits = MinHashBits;
        while (bits < MaxHashBits && (1 << bits) < fragmentLength) bits++;
        return bits;
    }

    private static byte* CompressFragment(byte* fragment, int length, byte* op, ushort* table, int shift)
    {
        byte* ip = fragment;
        byte* ipEnd = fragment + length;
        byte* nextEmit = fragment;

        if (length >= InputMargin)
        {
            byte* ipLimit = ipEnd - InputMargin;
            uint nextHash = Hash(++ip, shift);
            while (true)
            {
                // Look for a 4-byte match; the stride grows on incompressible input so such data costs little.
                uint skip = 32;
                byte* nextIp = ip;
                byte* candidate;
                do
                {
                    ip = nextIp;
                    uint hash = nextHash;
                    nextIp = ip + (skip++ >> 5);
                    if (nextIp > ipLimit) goto EmitRemainder;
                    nextHash = Hash(nextIp, shift);
                    candidate = fragment + table[hash];
                    table[hash] = (ushort)(ip - fragment);
                }
                while (Unsafe.ReadUnaligned<uint>(ip) != Unsafe.ReadUnaligned<uint>(candidate));

                op = EmitLiteral(op, nextEmit, (int)(ip - nextEmit));

                // Copies often follow each other directly; keep matching without going through a literal.
                do
                {
                    byte* matchStart = ip;
                    int matched = 4 + MatchLength(candidate + 4, ip + 4, ipEnd);
                    ip += matched;
                    op = EmitCopy(op, (int)(matchStart - candidate), matched);
                    nextEmit = ip;
                    if (ip >= ipLimit) goto EmitRemainder;
                    table[Hash(ip - 1, shift)] = (ushort)(ip - 1 - fragment);
                    uint currentHash = Hash(ip, shift);
                    candidate = fragment + table[currentHash];
                    table[currentHash] = (ushort)(ip - fragment);
                }
                while (Unsafe.ReadUnaligned<uint>(ip) == Unsafe.ReadUnaligned<uint>(candidate));

                nextHash = Hash(++ip, shift);
            }
        }

    EmitRemainder:
        if (nextEmit < ipEnd) op = EmitLiteral(op, nextEmit, (int)(ipEnd - nextEmit));
        return op;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(byte* p, int shift) => (Unsafe.ReadUnaligned<uint>(p) * 0x1E35A7BDu) >> shift;

    /// <summary>How many bytes at <paramref name="s2"/> repeat those at <paramref name="s1"/> (which lies before it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MatchLength(byte* s1, byte* s2, byte* s2End)
    {
        byte* s2Start = s2;
        while (s2End - s2 >= 8)
        {
            ulong difference = Unsafe.ReadUnaligned<ulong>(s2) ^ Unsafe.ReadUnaligned<ulong>(s1);
            if (difference != 0)
            {
                int sameBits = BitConverter.IsLittleEndian
                    ? BitOperations.TrailingZeroCount(difference)
                    : BitOperations.LeadingZeroCount(difference);
                return (int)(s2 - s2Start) + (sameBits >> 3);
            }
            s1 += 8;
            s2 += 8;
        }
        while (s2 < s2End && *s1 == *s2)
        {
            s1++;
            s2++;
        }
        return (int)(s2 - s2Start);
    }

    private static byte* EmitLiteral(byte* op, byte* literal, int length)
    {
        int n = length - 1;
        if (n < 60)
        {
            *op++ = (byte)(n << 2);
        }
        else if (n < 1 << 8)
        {
            *op++ = 60 << 2;
            *op++ = (byte)n;
        }
        else if (n < 1 << 16)
        {
            *op++ = 61 << 2;
            BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(op, 2), (ushort)n);
            op += 2;
        }
        else if (n < 1 << 24)
        {
            *op++ = 62 << 2;
            *op++ = (byte)n;
            *op++ = (byte)(n >> 8);
            *op++ = (byte)(n >> 16);
        }
        else
        {
            *op++ = 63 << 2;
            BinaryPrimitives.WriteUInt32LittleEndian(new Span<byte>(op, 4), (uint)n);
            op += 4;
        }
        Buffer.MemoryCopy(literal, op, length, length);
        return op + length;
    }

    private static byte* EmitCopy(byte* op, int offset, int length)
    {
        // One element carries at most 64 bytes; never leave a remainder below the 4-byte minimum of the 1-byte-offset form.
        while (length >= 68)
        {
            op = EmitCopyUpTo64(op, offset, 64);
            length -= 64;
        }
        if (length > 64)
        {
            op = EmitCopyUpTo64(op, offset, 60);
            length -= 60;
        }
        return EmitCopyUpTo64(op, offset, length);
    }

    private static byte* EmitCopyUpTo64(byte* op, int offset, int length)
    {
        if (length < 12 && offset < 2048)
        {
            *op++ = (byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5));
            *op++ = (byte)offset;
            return op;
        }
        *op++ = (byte)(2 | ((length - 1) << 2));
        BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(op, 2), (ushort)offset);
        return op + 2;
    }

    private static byte* WriteVarint(byte* op, uint value)
    {
        while (value >= 0x80)
        {
            *op++ = (byte)(value | 0x80);
            value >>= 7;
        }
        *op++ = (byte)value;
        return op;
    }
}
