namespace Etl.Parquet.Encodings;

/// <summary>
/// Decodes DELTA_BYTE_ARRAY (incremental or front coding): prefix lengths as DELTA_BINARY_PACKED, then suffixes as
/// DELTA_LENGTH_BYTE_ARRAY; value i is the first prefix-length bytes of value i-1 followed by suffix i.
/// </summary>
public static class DeltaByteArrayDecoder
{
    // Both length streams are decoded side by side in chunks of this many values, on the stack.
    private const int ChunkValues = 256;

    /// <summary>
    /// Appends <paramref name="count"/> values to <paramref name="destination"/> and returns the bytes consumed.
    /// </summary>
    /// <exception cref="ParquetFormatException">
    /// A stream is malformed or short, a prefix is longer than the previous value, or a suffix length is negative
    /// or runs past the data.
    /// </exception>
    public static int Decode(ReadOnlySpan<byte> data, int count, ByteArrayBuffer destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(destination);
        if (count == 0 && data.IsEmpty) return 0;

        var prefixes = new DeltaBinaryPackedReader(data);
        DeltaBinaryPackedDecoder.CheckCount(prefixes.TotalCount, count);
        var probe = prefixes;
        int suffixLengthsStart = probe.SkipToEnd();

        var suffixLengths = new DeltaBinaryPackedReader(data[suffixLengthsStart..]);
        DeltaBinaryPackedDecoder.CheckCount(suffixLengths.TotalCount, count);
        var suffixProbe = suffixLengths;
        int suffixesStart = suffixLengthsStart + suffixProbe.SkipToEnd();
        ReadOnlySpan<byte> suffixes = data[suffixesStart..];

        Span<int> prefixChunk = stackalloc int[ChunkValues];
        Span<int> suffixChunk = stackalloc int[ChunkValues];
        int suffixPos = 0;
        int previousStart = 0;   // in destination.Data
        int previousLength = 0;  // the value before the first one is empty
        for (int done = 0; done < count;)
        {
            int n = Math.Min(ChunkValues, count - done);
            Span<int> prefixLengths = prefixChunk[..n];
            Span<int> suffixLengthChunk = suffixChunk[..n];
            prefixes.ReadInt32(prefixLengths);
            suffixLengths.ReadInt32(suffixLengthChunk);
            for (int j = 0; j < n; j++)
            {
                int prefix = prefixLengths[j];
                int suffix = suffixLengthChunk[j];
                if ((uint)prefix > (uint)previousLength)
                    throw new ParquetFormatException($"DELTA_BYTE_ARRAY value {done + j} has prefix length {prefix}, the previous value has {previousLength} bytes");
                if ((uint)suffix > (uint)(suffixes.Length - suffixPos))
                    throw new ParquetFormatException(suffix < 0
                        ? $"DELTA_BYTE_ARRAY value {done + j} has negative suffix length {suffix}"
                        : $"DELTA_BYTE_ARRAY suffix of value {done + j} ({suffix} bytes) runs past the data ({suffixes.Length - suffixPos} bytes left)");
                int length = prefix + suffix;
                if (length < 0)
                    throw new ParquetFormatException($"DELTA_BYTE_ARRAY value {done + j} is longer than {int.MaxValue} bytes");
                Span<byte> value = destination.Append(length);
                // Append may have moved the data, so the previous value is located afresh.
                destination.Data.AsSpan(previousStart, prefix).CopyTo(value);
                suffixes.Slice(suffixPos, suffix).CopyTo(value[prefix..]);
                suffixPos += suffix;
                previousStart = destination.Offsets[destination.Count - 1];
                previousLength = length;
            }
            done += n;
        }
        return suffixesStart + suffixPos;
    }
}
