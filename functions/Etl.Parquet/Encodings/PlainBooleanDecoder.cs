using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Etl.Parquet.Encodings;

/// <summary>Decodes PLAIN booleans: one bit per value, least significant bit first.</summary>
public static class PlainBooleanDecoder
{
    /// <summary>Decodes <c>destination.Length</c> booleans from the start of <paramref name="data"/>.</summary>
    /// <exception cref="ParquetFormatException">The data holds fewer bits than values asked for.</exception>
    public static void Decode(ReadOnlySpan<byte> data, Span<bool> destination)
    {
        int count = destination.Length;
        int needed = (int)(((long)count + 7) >> 3);
        if (needed > data.Length)
            throw new ParquetFormatException($"PLAIN boolean data truncated: {count} values need {needed} bytes, {data.Length} available");

        // bool is one byte holding 0 or 1, so eight values are one 64-bit store.
        Span<byte> bytes = MemoryMarshal.AsBytes(destination);
        int full = count >> 3;
        for (int i = 0; i < full; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.Slice(i * 8, 8), Spread(data[i]));

        int rest = count & 7;
        if (rest != 0)
        {
            Span<byte> last = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(last, Spread(data[full]));
            last[..rest].CopyTo(bytes[(full * 8)..]);
        }
    }

    /// <summary>Bit k of <paramref name="b"/> becomes byte k (0 or 1) of the result.</summary>
    private static ulong Spread(byte b)
    {
        // Replicate the byte into every lane, keep bit k in lane k (a value of 0 or 2^k <= 0x80), then adding 0x7F
        // sets a lane's top bit exactly when it is non-zero, without carrying into the next lane.
        ulong lanes = b * 0x0101_0101_0101_0101UL & 0x8040_2010_0804_0201UL;
        return ((lanes + 0x7F7F_7F7F_7F7F_7F7FUL) >> 7) & 0x0101_0101_0101_0101UL;
    }
}
