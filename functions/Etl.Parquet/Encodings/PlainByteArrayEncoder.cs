using System.Buffers;
using System.Buffers.Binary;

namespace Etl.Parquet.Encodings;

/// <summary>Encodes PLAIN byte arrays: each value as a 4-byte little-endian length followed by its bytes.</summary>
public static class PlainByteArrayEncoder
{
    /// <summary>Writes values <paramref name="start"/> .. <paramref name="start"/> + <paramref name="count"/> - 1 of <paramref name="values"/>.</summary>
    public static void Encode(ByteArrayBuffer values, int start, int count, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)start + count, values.Count, nameof(count));
        Encode(values.Data, values.Offsets.AsSpan(start, count + 1), output);
    }

    /// <summary>Writes every value of <paramref name="values"/>.</summary>
    public static void Encode(ByteArrayBuffer values, IBufferWriter<byte> output) => Encode(values, 0, values?.Count ?? 0, output);

    /// <summary>
    /// Writes the values <c>data[offsets[i]..offsets[i + 1]]</c> for every i below <c>offsets.Length - 1</c>
    /// (offsets non-decreasing), in one request to <paramref name="output"/>.
    /// </summary>
    public static void Encode(ReadOnlySpan<byte> data, ReadOnlySpan<int> offsets, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        int count = offsets.Length - 1;
        if (count <= 0) return;
        long size = 4L * count + offsets[count] - offsets[0];
        if (size > Array.MaxLength) throw new ArgumentException($"{count} values of {size} bytes exceed one buffer", nameof(offsets));
        Span<byte> span = output.GetSpan((int)size);
        int pos = 0;
        for (int i = 0; i < count; i++)
        {
            int from = offsets[i];
            int length = offsets[i + 1] - from;
            if (length < 0) throw new ArgumentException($"offsets decrease at value {i}", nameof(offsets));
            BinaryPrimitives.WriteInt32LittleEndian(span[pos..], length);
            ShortCopy.Copy(data, from, span, pos + 4, length);
            pos += 4 + length;
        }
        output.Advance(pos);
    }
}
