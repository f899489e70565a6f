using System.Runtime.CompilerServices;

namespace Etl.Parquet.Encodings;

/// <summary>
/// ULEB128 varints and zigzag signed integers, as used by run headers of the RLE/bit-packing hybrid and by the
/// DELTA_BINARY_PACKED header and block minimum deltas.
/// </summary>
internal static class Leb128
{
    /// <summary>Reads a ULEB128 value that must fit in 32 bits; <paramref name="what"/> names it in errors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32(ReadOnlySpan<byte> data, ref int position, string what)
    {
        int pos = position;
        // One-byte headers dominate (short runs, small counts); keep them off the loop.
        if ((uint)pos < (uint)data.Length && data[pos] < 0x80)
        {
            position = pos + 1;
            return data[pos];
        }
        return ReadUInt32Slow(data, ref position, what);
    }

    private static uint ReadUInt32Slow(ReadOnlySpan<byte> data, ref int position, string what)
    {
        uint result = 0;
        int pos = position;
        for (int shift = 0; ; shift += 7)
        {
            if ((uint)pos >= (uint)data.Length) throw Truncated(what);
            byte b = data[pos++];
            if (shift == 28 && b > 0x0F) throw new ParquetFormatException($"{what}: varint does not fit in 32 bits");
            result |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                position = pos;
                return result;
            }
        }
    }

    /// <summary>Reads a ULEB128 value of up to 64 bits.</summary>
    public static ulong ReadUInt64(ReadOnlySpan<byte> data, ref int position, string what)
    {
        ulong result = 0;
        int pos = position;
        for (int shift = 0; ; shift += 7)
        {
            if ((uint)pos >= (uint)data.Length) throw Truncated(what);
            byte b = data[pos++];
            if (shift == 63 && b > 0x01) throw new ParquetFormatException($"{what}: varint does not fit in 64 bits");
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                position = pos;
                return result;
            }
        }
    }

    /// <summary>Reads a zigzag-encoded ULEB128 signed value of up to 64 bits.</summary>
    public static long ReadZigZag64(ReadOnlySpan<byte> data, ref int position, string what) => ZigZagDecode(ReadUInt64(data, ref position, what));

    public static long ZigZagDecode(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    public static ulong ZigZagEncode(long value) => (ulong)((value << 1) ^ (value >> 63));

    /// <summary>Writes <paramref name="value"/> as ULEB128 and returns the bytes written (at most 10).</summary>
    public static int Write(Span<byte> destination, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Bytes the ULEB128 form of <paramref name="value"/> takes.</summary>
    public static int Length(ulong value) => value == 0 ? 1 : (70 - System.Numerics.BitOperations.LeadingZeroCount(value)) / 7;

    private static ParquetFormatException Truncated(string what) => new($"{what}: data ends inside a varint");
}
