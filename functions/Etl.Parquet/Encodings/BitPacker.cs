using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Etl.Parquet.Encodings;

/// <summary>
/// Packs unsigned integers LSB-first (the packing of RLE/bit-packing hybrid runs and DELTA_BINARY_PACKED
/// miniblocks), the inverse of <see cref="BitUnpacker"/>. Bits collect in a 64-bit accumulator that is flushed a
/// word at a time, so there is one store per 32 (or 64) bits rather than per value.
/// </summary>
internal static class BitPacker
{
    /// <summary>
    /// Packs <paramref name="values"/>, each below 2^<paramref name="bitWidth"/> (0..32), and returns the bytes
    /// written: <see cref="BitUnpacker.PackedLength"/> of the count.
    /// </summary>
    public static int Pack(ReadOnlySpan<uint> values, int bitWidth, Span<byte> destination)
    {
        if ((uint)bitWidth > 32) throw new ArgumentOutOfRangeException(nameof(bitWidth), bitWidth, "bit width must be 0..32");
        int length = CheckRoom(values.Length, bitWidth, destination.Length);
        if (bitWidth == 0) return 0;

        ref byte dst = ref MemoryMarshal.GetReference(destination);
        int pos = 0;
        ulong pending = 0;
        int pendingBits = 0;
        foreach (uint value in values)
        {
            // pendingBits < 32 here, so the value fits above the pending bits.
            pending |= (ulong)value << pendingBits;
            pendingBits += bitWidth;
            if (pendingBits >= 32)
            {
                // Only whole words of bits already produced are stored, so pos + 4 <= length.
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, pos), ToLittleEndian((uint)pending));
                pos += 4;
                pending >>= 32;
                pendingBits -= 32;
            }
        }
        for (; pendingBits > 0; pendingBits -= 8, pending >>= 8) Unsafe.Add(ref dst, pos++) = (byte)pending;
        return length;
    }

    /// <summary>
    /// Packs <paramref name="values"/>, each below 2^<paramref name="bitWidth"/> (0..64), and returns the bytes
    /// written: <see cref="BitUnpacker.PackedLength"/> of the count.
    /// </summary>
    public static int Pack(ReadOnlySpan<ulong> values, int bitWidth, Span<byte> destination)
    {
        if ((uint)bitWidth > 64) throw new ArgumentOutOfRangeException(nameof(bitWidth), bitWidth, "bit width must be 0..64");
        int length = CheckRoom(values.Length, bitWidth, destination.Length);
        if (bitWidth == 0) return 0;

        ref byte dst = ref MemoryMarshal.GetReference(destination);
        int pos = 0;
        ulong pending = 0;
        int pendingBits = 0;
        foreach (ulong value in values)
        {
            pending |= value << pendingBits;   // pendingBits < 64, so the shift count is not masked
            int total = pendingBits + bitWidth;
            if (total >= 64)
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, pos), ToLittleEndian(pending));
                pos += 8;
                // The bits of the value that did not fit; none when it started a fresh word.
                pending = pendingBits == 0 ? 0 : value >> (64 - pendingBits);
                total -= 64;
            }
            pendingBits = total;
        }
        for (; pendingBits > 0; pendingBits -= 8, pending >>= 8) Unsafe.Add(ref dst, pos++) = (byte)pending;
        return length;
    }

    private static int CheckRoom(int count, int bitWidth, int room)
    {
        long length = BitUnpacker.PackedLength(count, bitWidth);
        if (length > room) throw new ArgumentException($"{count} values of {bitWidth} bits need {length} bytes, the destination has {room}");
        return (int)length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ToLittleEndian(uint v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ToLittleEndian(ulong v) => BitConverter.IsLittleEndian ? v : BinaryPrimitives.ReverseEndianness(v);
}
