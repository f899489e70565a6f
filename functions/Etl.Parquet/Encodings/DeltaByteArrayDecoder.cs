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

            // Validate the chunk first so its bytes can be reserved at once and written without per-value checks.
            long chunkBytes = 0;
            long suffixEnd = suffixPos;
            long lengthBefore = previousLength;
            for (int j = 0; j < n; j++)
            {
                int prefix = prefixLengths[j];
                int suffix = suffixLengthChunk[j];
                if ((uint)prefix > (ulong)lengthBefore)
                    throw new ParquetFormatException($"DELTA_BYTE_ARRAY value {done + j} has prefix length {prefix}, the previous value has {lengthBefore} bytes");
                suffixEnd += suffix;
                if (suffix < 0 || suffixEnd > suffixes.Length)
                    throw new ParquetFormatException(suffix < 0
                        ? $"DELTA_BYTE_ARRAY value {done + j} has negative suffix length {suffix}"
                        : $"DELTA_BYTE_ARRAY suffixes reach {suffixEnd} bytes by value {done + j}, only {suffixes.Length} follow the lengths");
                lengthBefore = (long)prefix + suffix;
                if (lengthBefore > int.MaxValue)
                    throw new ParquetFormatException($"DELTA_BYTE_ARRAY value {done + j} is longer than {int.MaxValue} bytes");
                chunkBytes += lengthBefore;
            }

            destination.Reserve(n, chunkBytes);
            Span<byte> bytes = destination.Data;
            Span<int> offsets = destination.Offsets.AsSpan(destination.Count + 1, n);
            int end = destination.ByteLength;
            for (int j = 0; j < n; j++)
            {
                int prefix = prefixLengths[j];
                int suffix = suffixLengthChunk[j];
                // Overshooting copies only spill into bytes the next values overwrite.
                ShortCopy.Copy(bytes, previousStart, bytes, end, prefix);
                ShortCopy.Copy(suffixes, suffixPos, bytes, end + prefix, suffix);
                suffixPos += suffix;
                previousStart = end;
                previousLength = prefix + suffix;
                end += previousLength;
                offsets[j] = end;
            }
            destination.CommitPrepared(n);
            done += n;
        }
        return suffixesStart + suffixPos;
    }
}
