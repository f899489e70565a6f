using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Etl.Parquet.Encodings;

/// <summary>Encodes PLAIN booleans: one bit per value, least significant bit first, the last byte zero-padded.</summary>
public static class PlainBooleanEncoder
{
    /// <summary>Bytes that <paramref name="count"/> booleans take.</summary>
    public static int EncodedLength(int count) => (int)(((long)count + 7) >> 3);

    /// <summary>Packs <paramref name="values"/> into <paramref name="destination"/> and returns the bytes written.</summary>
    public static int Encode(ReadOnlySpan<bool> values, Span<byte> destination)
    {
        int length = EncodedLength(values.Length);
        if (destination.Length < length) throw new ArgumentException($"destination holds {destination.Length} bytes, {length} needed", nameof(destination));
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
        int i = 0;
        // A bool's byte is non-zero when true; its top bit after the comparison is the bit we want.
        for (; i <= bytes.Length - 16; i += 16)
        {
            uint mask = Vector128.GreaterThan(Vector128.Create(bytes.Slice(i, 16)), Vector128<byte>.Zero).ExtractMostSignificantBits();
            destination[i >> 3] = (byte)mask;
            destination[(i >> 3) + 1] = (byte)(mask >> 8);
        }
        for (; i < bytes.Length; i += 8)
        {
            int bits = 0;
            int n = Math.Min(8, bytes.Length - i);
            for (int k = 0; k < n; k++) bits |= (bytes[i + k] != 0 ? 1 : 0) << k;
            destination[i >> 3] = (byte)bits;
        }
        return length;
    }

    /// <summary>Appends the packed form of <paramref name="values"/> to <paramref name="output"/>.</summary>
    public static void Encode(ReadOnlySpan<bool> values, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (values.IsEmpty) return;
        int length = Encode(values, output.GetSpan(EncodedLength(values.Length)));
        output.Advance(length);
    }
}
