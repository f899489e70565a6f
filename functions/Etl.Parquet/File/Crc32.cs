using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Etl.Parquet.File;

/// <summary>
/// CRC-32 IEEE (reflected polynomial 0xEDB88320, as in zlib and gzip): the checksum in Parquet's page header,
/// taken over the page bytes as stored. Written here because System.IO.Hashing is not in the package mirror.
/// The x86 CRC32 instruction computes CRC-32C (Castagnoli), a different polynomial, so it cannot be used;
/// long inputs are folded with carry-less multiplication instead, the rest goes through slice-by-8 tables.
/// </summary>
internal static unsafe class Crc32
{
    private const uint Polynomial = 0xEDB88320;
    private const int FoldMinimum = 64;

    // Table k maps a byte to its CRC contribution k bytes further on, so eight bytes fold in one step.
    private static readonly uint[] Tables = BuildTables();

    /// <summary>CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues <paramref name="crc"/> (a previous result, or 0 to start) over <paramref name="data"/>, like zlib's crc32().</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint state = ~crc;
        fixed (byte* p = data)
        {
            byte* q = p;
            nuint length = (nuint)data.Length;
            if (length >= FoldMinimum && Pclmulqdq.IsSupported && Sse2.IsSupported)
            {
                nuint folded = length & ~(nuint)15;
                state = Fold(state, q, folded);
                q += folded;
                length -= folded;
            }
            state = UpdateTables(state, q, length);
        }
        return ~state;
    }

    /// <summary>The table-driven path alone, so tests can check it against the folding path on any machine.</summary>
    internal static uint AppendScalar(uint crc, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            return ~UpdateTables(~crc, p, (nuint)data.Length);
        }
    }

    private static uint UpdateTables(uint state, byte* p, nuint length)
    {
        ref uint t = ref Tables[0];
        while (length >= 8)
        {
            uint low = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(p, 4)) ^ state;
            uint high = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(p + 4, 4));
            state = Unsafe.Add(ref t, 7 * 256 + (int)(low & 0xFF))
                ^ Unsafe.Add(ref t, 6 * 256 + (int)((low >> 8) & 0xFF))
                ^ Unsafe.Add(ref t, 5 * 256 + (int)((low >> 16) & 0xFF))
                ^ Unsafe.Add(ref t, 4 * 256 + (int)(low >> 24))
                ^ Unsafe.Add(ref t, 3 * 256 + (int)(high & 0xFF))
                ^ Unsafe.Add(ref t, 2 * 256 + (int)((high >> 8) & 0xFF))
                ^ Unsafe.Add(ref t, 1 * 256 + (int)((high >> 16) & 0xFF))
                ^ Unsafe.Add(ref t, (int)(high >> 24));
            p += 8;
            length -= 8;
        }
        while (length-- > 0)
        {
            state = Unsafe.Add(ref t, (int)((state ^ *p++) & 0xFF)) ^ (state >> 8);
        }
        return state;
    }

    /// <summary>
    /// Folds 16-byte blocks with PCLMULQDQ (Intel, "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ";
    /// the constants are the ones zlib/Chromium use for this polynomial). <paramref name="length"/> is a multiple of 16, at least 64.
    /// </summary>
    private static uint Fold(uint state, byte* p, nuint length)
    {
        Vector128<ulong> x1 = Vector128.Load((ulong*)p);
        Vector128<ulong> x2 = Vector128.Load((ulong*)(p + 16));
        Vector128<ulong> x3 = Vector128.Load((ulong*)(p + 32));
        Vector128<ulong> x4 = Vector128.Load((ulong*)(p + 48));
        x1 ^= Vector128.CreateScalar(state).AsUInt64();
        p += 64;
        length -= 64;

        Vector128<ulong> fourBlocks = Vector128.Create(0x0154442BD4UL, 0x01C6E41596UL);
        while (length >= 64)
        {
            x1 = FoldBlock(x1, fourBlocks, Vector128.Load((ulong*)p));
            x2 = FoldBlock(x2, fourBlocks, Vector128.Load((ulong*)(p + 16)));
            x3 = FoldBlock(x3, fourBlocks, Vector128.Load((ulong*)(p + 32)));
            x4 = FoldBlock(x4, fourBlocks, Vector128.Load((ulong*)(p + 48)));
            p += 64;
            length -= 64;
        }

        Vector128<ulong> oneBlock = Vector128.Create(0x01751997D0UL, 0x00CCAA009EUL);
        x1 = FoldBlock(x1, oneBlock, x2);
        x1 = FoldBlock(x1, oneBlock, x3);
        x1 = FoldBlock(x1, oneBlock, x4);
        while (length >= 16)
        {
            x1 = FoldBlock(x1, oneBlock, Vector128.Load((ulong*)p));
            p += 16;
            length -= 16;
        }

        // 128 bits down to 64.
        Vector128<ulong> low32 = Vector128.Create(~0u, 0u, ~0u, 0u).AsUInt64();
        Vector128<ulong> t = Pclmulqdq.CarrylessMultiply(x1, oneBlock, 0x10);
        x1 = Sse2.ShiftRightLogical128BitLane(x1, 8) ^ t;
        t = Sse2.ShiftRightLogical128BitLane(x1, 4);
        x1 = Pclmulqdq.CarrylessMultiply(x1 & low32, Vector128.Create(0x0163CD6124UL, 0UL), 0x00) ^ t;

        // Barrett reduction to 32 bits.
        Vector128<ulong> barrett = Vector128.Create(0x01DB710641UL, 0x01F7011641UL);
        t = Pclmulqdq.CarrylessMultiply(x1 & low32, barrett, 0x10) & low32;
        t = Pclmulqdq.CarrylessMultiply(t, barrett, 0x00);
        return (x1 ^ t).AsUInt32().GetElement(1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> FoldBlock(Vector128<ulong> x, Vector128<ulong> constants, Vector128<ulong> next) =>
        Pclmulqdq.CarrylessMultiply(x, constants, 0x00) ^ Pclmulqdq.CarrylessMultiply(x, constants, 0x11) ^ next;

    private static uint[] BuildTables()
    {
        var tables = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int bit = 0; bit < 8; bit++) c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            tables[i] = c;
        }
        for (int k = 1; k < 8; k++)
        {
            for (int i = 0; i < 256; i++)
            {
                uint previous = tables[(k - 1) * 256 + i];
                tables[k * 256 + i] = (previous >> 8) ^ tables[previous & 0xFF];
            }
        }
        return tables;
    }
}
