namespace Etl.Parquet.Encodings;

/// <summary>
/// Decodes DELTA_LENGTH_BYTE_ARRAY: all lengths as one DELTA_BINARY_PACKED stream, then all bytes concatenated.
/// </summary>
public static class DeltaLengthByteArrayDecoder
{
    /// <summary>
    /// Appends <paramref name="count"/> values to <paramref name="destination"/> and returns the bytes consumed.
    /// </summary>
    /// <exception cref="ParquetFormatException">
    /// The lengths stream is malformed or short, a length is negative, or the lengths add up past the data.
    /// </exception>
    public static int Decode(ReadOnlySpan<byte> data, int count, ByteArrayBuffer destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(destination);
        if (count == 0 && data.IsEmpty) return 0;

        var lengths = new DeltaBinaryPackedReader(data);
        DeltaBinaryPackedDecoder.CheckCount(lengths.TotalCount, count);
        // Walk the block headers first: proves the stream really holds count values before anything is reserved
        // for them, and finds where the bytes start.
        var probe = lengths;
        int bytesStart = probe.SkipToEnd();
        ReadOnlySpan<byte> bytes = data[bytesStart..];

        // Lengths are decoded straight into the offsets they become, then summed in place.
        destination.Reserve(count, 0);
        int first = destination.Count;
        Span<int> offsets = destination.Offsets.AsSpan(first + 1, count);
        lengths.ReadInt32(offsets);
        int start = destination.Offsets[first];
        long total = 0;
        for (int i = 0; i < offsets.Length; i++)
        {
            int length = offsets[i];
            total += length;
            if (length < 0 || total > bytes.Length)
                throw new ParquetFormatException(length < 0
                    ? $"DELTA_LENGTH_BYTE_ARRAY value {i} has negative length {length}"
                    : $"DELTA_LENGTH_BYTE_ARRAY lengths reach {total} bytes by value {i}, only {bytes.Length} follow the lengths");
            offsets[i] = start + (int)total;
        }

        // Offsets were written but not committed, so growing the data cannot disturb them.
        destination.Reserve(0, total);
        bytes[..(int)total].CopyTo(destination.Data.AsSpan(start));
        destination.CommitPrepared(count);
        return bytesStart + (int)total;
    }
}
