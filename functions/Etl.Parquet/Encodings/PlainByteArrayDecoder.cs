using System.Buffers.Binary;

namespace Etl.Parquet.Encodings;

/// <summary>Decodes PLAIN byte arrays: each value is a 4-byte little-endian length followed by its bytes.</summary>
public static class PlainByteArrayDecoder
{
    /// <summary>
    /// Appends <paramref name="count"/> values to <paramref name="destination"/> and returns the bytes consumed.
    /// </summary>
    /// <exception cref="ParquetFormatException">A length is negative or runs past the data.</exception>
    public static int Decode(ReadOnlySpan<byte> data, int count, ByteArrayBuffer destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(destination);
        // Every value costs at least its 4-byte length, which bounds what may be reserved.
        if (count > data.Length / 4)
            throw new ParquetFormatException($"PLAIN byte array data truncated: {count} values need at least {4L * count} bytes, {data.Length} available");

        // Reserve for the whole input, not for count values: when the data holds fewer values than declared, the
        // values that are there may be longer than the per-value share would allow.
        destination.Reserve(count, data.Length);
        byte[] bytes = destination.Data;
        int[] offsets = destination.Offsets;
        int first = destination.Count;
        int end = offsets[first];
        int pos = 0;
        for (int i = 0; i < count; i++)
        {
            if (data.Length - pos < 4)
                throw new ParquetFormatException($"PLAIN byte array data ends inside the length of value {i} at byte {pos}");
            int length = BinaryPrimitives.ReadInt32LittleEndian(data[pos..]);
            pos += 4;
            if ((uint)length > (uint)(data.Length - pos))
                throw new ParquetFormatException(length < 0
                    ? $"PLAIN byte array value {i} has negative length {length}"
                    : $"PLAIN byte array value {i} of {length} bytes runs past the data ({data.Length - pos} bytes left)");
            // Bytes past this value are free: reserved for the values still to come or spare capacity.
            ShortCopy.Copy(data, pos, bytes, end, length);
            pos += length;
            end += length;
            offsets[first + i + 1] = end;
        }
        destination.CommitPrepared(count);
        return pos;
    }
}
