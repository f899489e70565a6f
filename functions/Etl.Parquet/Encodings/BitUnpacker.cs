using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Etl.Parquet.Encodings;

/// <summary>
/// Unpacks unsigned integers bit-packed LSB-first (the packing of RLE/bit-packing hybrid runs and of
/// DELTA_BINARY_PACKED miniblocks), 8 values per group so every group starts on a byte boundary.
/// </summary>
/// <remarks>
/// Each width gets its own compiled loop: the width is a type parameter (<see cref="IBitWidth"/>), so the JIT
/// specializes the generic code per width and folds every shift, mask and byte offset into constants. Values are
/// read through unaligned 64-bit loads that may reach a few bytes past the group, which is why the unchecked loop
/// stops early and the last groups go through a zero-padded copy.
/// </remarks>
internal static class BitUnpacker
{
    /// <summary>Bytes that <paramref name="valueCount"/> values of <paramref name="bitWidth"/> bits occupy.</summary>
    public static long PackedLength(long valueCount, int bitWidth) => (valueCount * bitWidth + 7) >> 3;

    /// <summary>Unpacks <c>values.Length</c> values of 0..32 bits from the start of <paramref name="packed"/>.</summary>
    /// <exception cref="ParquetFormatException"><paramref name="packed"/> is shorter than the values need.</exception>
    public static void Unpack(ReadOnlySpan<byte> packed, Span<uint> values, int bitWidth)
    {
        if ((uint)bitWidth > 32) throw new ArgumentOutOfRangeException(nameof(bitWidth), bitWidth, "bit width must be 0..32");
        int count = values.Length;
        CheckLength(packed.Length, count, bitWidth);
        if (count == 0) return;
        if (bitWidth == 0)
        {
            values.Clear();
            return;
        }

        ref byte src = ref MemoryMarshal.GetReference(packed);
        ref uint dst = ref MemoryMarshal.GetReference(values);
        int srcLength = packed.Length;
        switch (bitWidth)
        {
            case 1: Unpack32<W1>(ref src, srcLength, ref dst, count); break;
            case 2: Unpack32<W2>(ref src, srcLength, ref dst, count); break;
            case 3: Unpack32<W3>(ref src, srcLength, ref dst, count); break;
            case 4: Unpack32<W4>(ref src, srcLength, ref dst, count); break;
            case 5: Unpack32<W5>(ref src, srcLength, ref dst, count); break;
            case 6: Unpack32<W6>(ref src, srcLength, ref dst, count); break;
            case 7: Unpack32<W7>(ref src, srcLength, ref dst, count); break;
            case 8: Unpack32<W8>(ref src, srcLength, ref dst, count); break;
            case 9: Unpack32<W9>(ref src, srcLength, ref dst, count); break;
            case 10: Unpack32<W10>(ref src, srcLength, ref dst, count); break;
            case 11: Unpack32<W11>(ref src, srcLength, ref dst, count); break;
            case 12: Unpack32<W12>(ref src, srcLength, ref dst, count); break;
            case 13: Unpack32<W13>(ref src, srcLength, ref dst, count); break;
            case 14: Unpack32<W14>(ref src, srcLength, ref dst, count); break;
            case 15: Unpack32<W15>(ref src, srcLength, ref dst, count); break;
            case 16: Unpack32<W16>(ref src, srcLength, ref dst, count); break;
            case 17: Unpack32<W17>(ref src, srcLength, ref dst, count); break;
            case 18: Unpack32<W18>(ref src, srcLength, ref dst, count); break;
            case 19: Unpack32<W19>(ref src, srcLength, ref dst, count); break;
            case 20: Unpack32<W20>(ref src, srcLength, ref dst, count); break;
            case 21: Unpack32<W21>(ref src, srcLength, ref dst, count); break;
            case 22: Unpack32<W22>(ref src, srcLength, ref dst, count); break;
            case 23: Unpack32<W23>(ref src, srcLength, ref dst, count); break;
            case 24: Unpack32<W24>(ref src, srcLength, ref dst, count); break;
            case 25: Unpack32<W25>(ref src, srcLength, ref dst, count); break;
            case 26: Unpack32<W26>(ref src, srcLength, ref dst, count); break;
            case 27: Unpack32<W27>(ref src, srcLength, ref dst, count); break;
            case 28: Unpack32<W28>(ref src, srcLength, ref dst, count); break;
            case 29: Unpack32<W29>(ref src, srcLength, ref dst, count); break;
            case 30: Unpack32<W30>(ref src, srcLength, ref dst, count); break;
            case 31: Unpack32<W31>(ref src, srcLength, ref dst, count); break;
            case 32: Unpack32<W32>(ref src, srcLength, ref dst, count); break;
        }
    }

    /// <summary>Unpacks <c>values.Length</c> values of 0..64 bits from the start of <paramref name="packed"/>.</summary>
    /// <exception cref="ParquetFormatException"><paramref name="packed"/> is shorter than the values need.</exception>
    public static void Unpack(ReadOnlySpan<byte> packed, Span<ulong> values, int bitWidth)
    {
        if ((uint)bitWidth > 64) throw new ArgumentOutOfRangeException(nameof(bitWidth), bitWidth, "bit width must be 0..64");
        int count = values.Length;
        CheckLength(packed.Length, count, bitWidth);
        if (count == 0) return;
        if (bitWidth == 0)
        {
            values.Clear();
            return;
        }

        ref byte src = ref MemoryMarshal.GetReference(packed);
        ref ulong dst = ref MemoryMarshal.GetReference(values);
        int srcLength = packed.Length;
        switch (bitWidth)
        {
            case 1: Unpack64<W1>(ref src, srcLength, ref dst, count); break;
            case 2: Unpack64<W2>(ref src, srcLength, ref dst, count); break;
            case 3: Unpack64<W3>(ref src, srcLength, ref dst, count); break;
            case 4: Unpack64<W4>(ref src, srcLength, ref dst, count); break;
            case 5: Unpack64<W5>(ref src, srcLength, ref dst, count); break;
            case 6: Unpack64<W6>(ref src, srcLength, ref dst, count); break;
            case 7: Unpack64<W7>(ref src, srcLength, ref dst, count); break;
            case 8: Unpack64<W8>(ref src, srcLength, ref dst, count); break;
            case 9: Unpack64<W9>(ref src, srcLength, ref dst, count); break;
            case 10: Unpack64<W10>(ref src, srcLength, ref dst, count); break;
            case 11: Unpack64<W11>(ref src, srcLength, ref dst, count); break;
            case 12: Unpack64<W12>(ref src, srcLength, ref dst, count); break;
            case 13: Unpack64<W13>(ref src, srcLength, ref dst, count); break;
            case 14: Unpack64<W14>(ref src, srcLength, ref dst, count); break;
            case 15: Unpack64<W15>(ref src, srcLength, ref dst, count); break;
            case 16: Unpack64<W16>(ref src, srcLength, ref dst, count); break;
            case 17: Unpack64<W17>(ref src, srcLength, ref dst, count); break;
            case 18: Unpack64<W18>(ref src, srcLength, ref dst, count); break;
            case 19: Unpack64<W19>(ref src, srcLength, ref dst, count); break;
            case 20: Unpack64<W20>(ref src, srcLength, ref dst, count); break;
            case 21: Unpack64<W21>(ref src, srcLength, ref dst, count); break;
            case 22: Unpack64<W22>(ref src, srcLength, ref dst, count); break;
            case 23: Unpack64<W23>(ref src, srcLength, ref dst, count); break;
            case 24: Unpack64<W24>(ref src, srcLength, ref dst, count); break;
            case 25: Unpack64<W25>(ref src, srcLength, ref dst, count); break;
            case 26: Unpack64<W26>(ref src, srcLength, ref dst, count); break;
            case 27: Unpack64<W27>(ref src, srcLength, ref dst, count); break;
            case 28: Unpack64<W28>(ref src, srcLength, ref dst, count); break;
            case 29: Unpack64<W29>(ref src, srcLength, ref dst, count); break;
            case 30: Unpack64<W30>(ref src, srcLength, ref dst, count); break;
            case 31: Unpack64<W31>(ref src, srcLength, ref dst, count); break;
            case 32: Unpack64<W32>(ref src, srcLength, ref dst, count); break;
            case 33: Unpack64<W33>(ref src, srcLength, ref dst, count); break;
            case 34: Unpack64<W34>(ref src, srcLength, ref dst, count); break;
            case 35: Unpack64<W35>(ref src, srcLength, ref dst, count); break;
            case 36: Unpack64<W36>(ref src, srcLength, ref dst, count); break;
            case 37: Unpack64<W37>(ref src, srcLength, ref dst, count); break;
            case 38: Unpack64<W38>(ref src, srcLength, ref dst, count); break;
            case 39: Unpack64<W39>(ref src, srcLength, ref dst, count); break;
            case 40: Unpack64<W40>(ref src, srcLength, ref dst, count); break;
            case 41: Unpack64<W41>(ref src, srcLength, ref dst, count); break;
            case 42: Unpack64<W42>(ref src, srcLength, ref dst, count); break;
            case 43: Unpack64<W43>(ref src, srcLength, ref dst, count); break;
            case 44: Unpack64<W44>(ref src, srcLength, ref dst, count); break;
            case 45: Unpack64<W45>(ref src, srcLength, ref dst, count); break;
            case 46: Unpack64<W46>(ref src, srcLength, ref dst, count); break;
            case 47: Unpack64<W47>(ref src, srcLength, ref dst, count); break;
            case 48: Unpack64<W48>(ref src, srcLength, ref dst, count); break;
            case 49: Unpack64<W49>(ref src, srcLength, ref dst, count); break;
            case 50: Unpack64<W50>(ref src, srcLength, ref dst, count); break;
            case 51: Unpack64<W51>(ref src, srcLength, ref dst, count); break;
            case 52: Unpack64<W52>(ref src, srcLength, ref dst, count); break;
            case 53: Unpack64<W53>(ref src, srcLength, ref dst, count); break;
            case 54: Unpack64<W54>(ref src, srcLength, ref dst, count); break;
            case 55: Unpack64<W55>(ref src, srcLength, ref dst, count); break;
            case 56: Unpack64<W56>(ref src, srcLength, ref dst, count); break;
            case 57: Unpack64<W57>(ref src, srcLength, ref dst, count); break;
            case 58: Unpack64<W58>(ref src, srcLength, ref dst, count); break;
            case 59: Unpack64<W59>(ref src, srcLength, ref dst, count); break;
            case 60: Unpack64<W60>(ref src, srcLength, ref dst, count); break;
            case 61: Unpack64<W61>(ref src, srcLength, ref dst, count); break;
            case 62: Unpack64<W62>(ref src, srcLength, ref dst, count); break;
            case 63: Unpack64<W63>(ref src, srcLength, ref dst, count); break;
            case 64: Unpack64<W64>(ref src, srcLength, ref dst, count); break;
        }
    }

    private static void CheckLength(int available, int count, int bitWidth)
    {
        long needed = PackedLength(count, bitWidth);
        if (needed > available)
            throw new ParquetFormatException($"bit-packed data truncated: {count} values of {bitWidth} bits need {needed} bytes, {available} available");
    }

    private static void Unpack32<TW>(ref byte src, int srcLength, ref uint dst, int count) where TW : struct, IBitWidth
    {
        int w = TW.Value;
        int fullGroups = count >> 3;
        int lastSafeOffset = srcLength - ReadSpan32(w);
        int group = 0;
        int offset = 0;
        for (; group < fullGroups && offset <= lastSafeOffset; group++, offset += w)
            UnpackGroup32<TW>(ref Unsafe.Add(ref src, offset), ref Unsafe.Add(ref dst, group * 8));
        if (group * 8 < count) UnpackTail32<TW>(ref src, srcLength, offset, ref dst, group * 8, count);
    }

    private static void Unpack64<TW>(ref byte src, int srcLength, ref ulong dst, int count) where TW : struct, IBitWidth
    {
        int w = TW.Value;
        int fullGroups = count >> 3;
        int lastSafeOffset = srcLength - ReadSpan64(w);
        int group = 0;
        int offset = 0;
        for (; group < fullGroups && offset <= lastSafeOffset; group++, offset += w)
            UnpackGroup64<TW>(ref Unsafe.Add(ref src, offset), ref Unsafe.Add(ref dst, group * 8));
        if (group * 8 < count) UnpackTail64<TW>(ref src, srcLength, offset, ref dst, group * 8, count);
    }

    // The last groups: copied into a zeroed buffer so the wide loads stay in bounds and a short final group
    // (fewer bytes than the width, allowed when the values it holds are not all needed) reads zeros.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UnpackTail32<TW>(ref byte src, int srcLength, int offset, ref uint dst, int done, int count) where TW : struct, IBitWidth
    {
        int w = TW.Value;
        Span<byte> padded = stackalloc byte[PaddedGroupBytes];
        Span<uint> group = stackalloc uint[8];
        while (done < count)
        {
            padded.Clear();
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref src, offset), Math.Min(w, srcLength - offset)).CopyTo(padded);
            UnpackGroup32<TW>(ref MemoryMarshal.GetReference(padded), ref MemoryMarshal.GetReference(group));
            int n = Math.Min(8, count - done);
            group[..n].CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dst, done), n));
            done += n;
            offset += w;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UnpackTail64<TW>(ref byte src, int srcLength, int offset, ref ulong dst, int done, int count) where TW : struct, IBitWidth
    {
        int w = TW.Value;
        Span<byte> padded = stackalloc byte[PaddedGroupBytes];
        Span<ulong> group = stackalloc ulong[8];
        while (done < count)
        {
            padded.Clear();
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref src, offset), Math.Min(w, srcLength - offset)).CopyTo(padded);
            UnpackGroup64<TW>(ref MemoryMarshal.GetReference(padded), ref MemoryMarshal.GetReference(group));
            int n = Math.Min(8, count - done);
            group[..n].CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dst, done), n));
            done += n;
            offset += w;
        }
    }

    // A group of 64 bytes (width 64) plus the furthest any load of UnpackGroup64 reaches past it.
    private const int PaddedGroupBytes = 80;

    /// <summary>How many bytes from a group's start <see cref="UnpackGroup32{TW}"/> may touch.</summary>
    private static int ReadSpan32(int w) => w is 8 or 16 or 32 ? w : w < 8 ? 8 : ((7 * w) >> 3) + 8;

    /// <summary>How many bytes from a group's start <see cref="UnpackGroup64{TW}"/> may touch.</summary>
    private static int ReadSpan64(int w) => w is 8 or 16 or 32 or 64 ? w : w < 8 ? 8 : w <= 57 ? ((7 * w) >> 3) + 8 : ((7 * w) >> 3) + 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UnpackGroup32<TW>(ref byte s, ref uint d) where TW : struct, IBitWidth
    {
        int w = TW.Value;
        if (w == 8)
        {
            for (int j = 0; j < 8; j++) Unsafe.Add(ref d, j) = Unsafe.Add(ref s, j);
        }
        else if (w == 16)
        {
            for (int j = 0; j < 8; j++) Unsafe.Add(ref d, j) = LoadUInt16(ref Unsafe.Add(ref s, 2 * j));
        }
        else if (w == 32)
        {
            for (int j = 0; j < 8; j++) Unsafe.Add(ref d, j) = LoadUInt32(ref Unsafe.Add(ref s, 4 * j));
        }
        else if (w < 8)
        {
            // The whole group fits in one 64-bit word.
            ulong word = LoadUInt64(ref s);
            uint mask = (1u << w) - 1;
            Unsafe.Add(ref d, 0) = (uint)word & mask;
            Unsafe.Add(ref d, 1) = (uint)(word >> w) & mask;
            Unsafe.Add(ref d, 2) = (uint)(word >> (2 * w)) & mask;
            Unsafe.Add(ref d, 3) = (uint)(word >> (3 * w)) & mask;
            Unsafe.Add(ref d, 4) = (uint)(word >> (4 * w)) & mask;
            Unsafe.Add(ref d, 5) = (uint)(word >> (5 * w)) & mask;
            Unsafe.Add(ref d, 6) = (uint)(word >> (6 * w)) & mask;
            Unsafe.Add(ref d, 7) = (uint)(word >> (7 * w)) & mask;
        }
        else
        {
            // A value starts at most 7 bits into its byte and w + 7 <= 39, so one 64-bit load covers it.
            uint mask = (uint)((1UL << w) - 1);
            Unsafe.Add(ref d, 0) = (uint)LoadUInt64(ref s) & mask;
            Unsafe.Add(ref d, 1) = (uint)(LoadUInt64(ref Unsafe.Add(ref s, w >> 3)) >> (w & 7)) & mask;
            Unsafe.Add(ref d, 2) = (uint)(LoadUInt64(ref Unsafe.Add(ref s, (2 * w) >> 3)) >> ((2 * w) & 7)) & mask;
            Unsafe.Add(ref d, 3) = (uint)(LoadUInt64(ref Unsafe.Add(ref s, (3 * w) >> 3)) >> ((3 * w) & 7)) & mask;
            Unsafe.Add(ref d, 4) = (uint)(LoadUInt64(ref Unsafe.Add(ref s, (4 * w) >> 3)) >> ((4 * w) & 7)) & mask;
            Unsafe.Add(ref d, 5) = (uint)(LoadUInt64(ref Unsafe.Add(ref s, (5 * w) >> 3)) >> ((5 * w) & 7)) & mask;
            Unsafe.Add(ref d, 6) = (uint)(LoadUInt64(ref Unsafe.Add(ref s, (6 * w) >> 3)) >> ((6 * w) & 7)) & mask;
            Unsafe.Add(ref d, 7) = (uint)(LoadUInt64(ref Unsafe.Add(ref s, (7 * w) >> 3)) >> ((7 * w) & 7)) & mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UnpackGroup64<TW>(ref byte s, ref ulong d) where TW : struct, IBitWidth
    {
        int w = TW.Value;
        if (w == 8)
        {
            for (int j = 0; j < 8; j++) Unsafe.Add(ref d, j) = Unsafe.Add(ref s, j);
        }
        else if (w == 16)
        {
            for (int j = 0; j < 8; j++) Unsafe.Add(ref d, j) = LoadUInt16(ref Unsafe.Add(ref s, 2 * j));
        }
        else if (w == 32)
        {
            for (int j = 0; j < 8; j++) Unsafe.Add(ref d, j) = LoadUInt32(ref Unsafe.Add(ref s, 4 * j));
        }
        else if (w == 64)
        {
            for (int j = 0; j < 8; j++) Unsafe.Add(ref d, j) = LoadUInt64(ref Unsafe.Add(ref s, 8 * j));
        }
        else if (w < 8)
        {
            ulong word = LoadUInt64(ref s);
            ulong mask = (1UL << w) - 1;
            Unsafe.Add(ref d, 0) = word & mask;
            Unsafe.Add(ref d, 1) = (word >> w) & mask;
            Unsafe.Add(ref d, 2) = (word >> (2 * w)) & mask;
            Unsafe.Add(ref d, 3) = (word >> (3 * w)) & mask;
            Unsafe.Add(ref d, 4) = (word >> (4 * w)) & mask;
            Unsafe.Add(ref d, 5) = (word >> (5 * w)) & mask;
            Unsafe.Add(ref d, 6) = (word >> (6 * w)) & mask;
            Unsafe.Add(ref d, 7) = (word >> (7 * w)) & mask;
        }
        else
        {
            ulong mask = (1UL << w) - 1;
            Unsafe.Add(ref d, 0) = LoadUInt64(ref s) & mask;
            Unsafe.Add(ref d, 1) = Extract(ref s, w, w, mask);
            Unsafe.Add(ref d, 2) = Extract(ref s, 2 * w, w, mask);
            Unsafe.Add(ref d, 3) = Extract(ref s, 3 * w, w, mask);
            Unsafe.Add(ref d, 4) = Extract(ref s, 4 * w, w, mask);
            Unsafe.Add(ref d, 5) = Extract(ref s, 5 * w, w, mask);
            Unsafe.Add(ref d, 6) = Extract(ref s, 6 * w, w, mask);
            Unsafe.Add(ref d, 7) = Extract(ref s, 7 * w, w, mask);
        }
    }

    // Above 57 bits a value starting late in its byte spills into a ninth byte; bit and w are constants here,
    // so the branch disappears at compile time.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Extract(ref byte s, int bit, int w, ulong mask)
    {
        int shift = bit & 7;
        ref byte at = ref Unsafe.Add(ref s, bit >> 3);
        ulong value = LoadUInt64(ref at) >> shift;
        if (shift + w > 64) value |= (ulong)Unsafe.Add(ref at, 8) << (64 - shift);
        return value & mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LoadUInt64(ref byte s)
    {
        ulong v = Unsafe.ReadUnaligned<ulong>(ref s);
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint LoadUInt32(ref byte s)
    {
        uint v = Unsafe.ReadUnaligned<uint>(ref s);
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort LoadUInt16(ref byte s)
    {
        ushort v = Unsafe.ReadUnaligned<ushort>(ref s);
        return BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
    }

    /// <summary>A bit width as a type, so generic code specialized per width sees it as a constant.</summary>
    private interface IBitWidth
    {
        static abstract int Value { get; }
    }

    private readonly struct W1 : IBitWidth { public static int Value => 1; }
    private readonly struct W2 : IBitWidth { public static int Value => 2; }
    private readonly struct W3 : IBitWidth { public static int Value => 3; }
    private readonly struct W4 : IBitWidth { public static int Value => 4; }
    private readonly struct W5 : IBitWidth { public static int Value => 5; }
    private readonly struct W6 : IBitWidth { public static int Value => 6; }
    private readonly struct W7 : IBitWidth { public static int Value => 7; }
    private readonly struct W8 : IBitWidth { public static int Value => 8; }
    private readonly struct W9 : IBitWidth { public static int Value => 9; }
    private readonly struct W10 : IBitWidth { public static int Value => 10; }
    private readonly struct W11 : IBitWidth { public static int Value => 11; }
    private readonly struct W12 : IBitWidth { public static int Value => 12; }
    private readonly struct W13 : IBitWidth { public static int Value => 13; }
    private readonly struct W14 : IBitWidth { public static int Value => 14; }
    private readonly struct W15 : IBitWidth { public static int Value => 15; }
    private readonly struct W16 : IBitWidth { public static int Value => 16; }
    private readonly struct W17 : IBitWidth { public static int Value => 17; }
    private readonly struct W18 : IBitWidth { public static int Value => 18; }
    private readonly struct W19 : IBitWidth { public static int Value => 19; }
    private readonly struct W20 : IBitWidth { public static int Value => 20; }
    private readonly struct W21 : IBitWidth { public static int Value => 21; }
    private readonly struct W22 : IBitWidth { public static int Value => 22; }
    private readonly struct W23 : IBitWidth { public static int Value => 23; }
    private readonly struct W24 : IBitWidth { public static int Value => 24; }
    private readonly struct W25 : IBitWidth { public static int Value => 25; }
    private readonly struct W26 : IBitWidth { public static int Value => 26; }
    private readonly struct W27 : IBitWidth { public static int Value => 27; }
    private readonly struct W28 : IBitWidth { public static int Value => 28; }
    private readonly struct W29 : IBitWidth { public static int Value => 29; }
    private readonly struct W30 : IBitWidth { public static int Value => 30; }
    private readonly struct W31 : IBitWidth { public static int Value => 31; }
    private readonly struct W32 : IBitWidth { public static int Value => 32; }
    private readonly struct W33 : IBitWidth { public static int Value => 33; }
    private readonly struct W34 : IBitWidth { public static int Value => 34; }
    private readonly struct W35 : IBitWidth { public static int Value => 35; }
    private readonly struct W36 : IBitWidth { public static int Value => 36; }
    private readonly struct W37 : IBitWidth { public static int Value => 37; }
    private readonly struct W38 : IBitWidth { public static int Value => 38; }
    private readonly struct W39 : IBitWidth { public static int Value => 39; }
    private readonly struct W40 : IBitWidth { public static int Value => 40; }
    private readonly struct W41 : IBitWidth { public static int Value => 41; }
    private readonly struct W42 : IBitWidth { public static int Value => 42; }
    private readonly struct W43 : IBitWidth { public static int Value => 43; }
    private readonly struct W44 : IBitWidth { public static int Value => 44; }
    private readonly struct W45 : IBitWidth { public static int Value => 45; }
    private readonly struct W46 : IBitWidth { public static int Value => 46; }
    private readonly struct W47 : IBitWidth { public static int Value => 47; }
    private readonly struct W48 : IBitWidth { public static int Value => 48; }
    private readonly struct W49 : IBitWidth { public static int Value => 49; }
    private readonly struct W50 : IBitWidth { public static int Value => 50; }
    private readonly struct W51 : IBitWidth { public static int Value => 51; }
    private readonly struct W52 : IBitWidth { public static int Value => 52; }
    private readonly struct W53 : IBitWidth { public static int Value => 53; }
    private readonly struct W54 : IBitWidth { public static int Value => 54; }
    private readonly struct W55 : IBitWidth { public static int Value => 55; }
    private readonly struct W56 : IBitWidth { public static int Value => 56; }
    private readonly struct W57 : IBitWidth { public static int Value => 57; }
    private readonly struct W58 : IBitWidth { public static int Value => 58; }
    private readonly struct W59 : IBitWidth { public static int Value => 59; }
    private readonly struct W60 : IBitWidth { public static int Value => 60; }
    private readonly struct W61 : IBitWidth { public static int Value => 61; }
    private readonly struct W62 : IBitWidth { public static int Value => 62; }
    private readonly struct W63 : IBitWidth { public static int Value => 63; }
    private readonly struct W64 : IBitWidth { public static int Value => 64; }
}
