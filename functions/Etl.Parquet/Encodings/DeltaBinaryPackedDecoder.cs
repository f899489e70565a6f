namespace Etl.Parquet.Encodings;

/// <summary>
/// Decodes DELTA_BINARY_PACKED integers: a header (block size, miniblocks per block, value count, first value),
/// then blocks of a minimum delta, one bit width per miniblock and the bit-packed deltas. Arithmetic wraps, as the
/// spec requires.
/// </summary>
public static class DeltaBinaryPackedDecoder
{
    /// <summary>
    /// Decodes the first <c>destination.Length</c> values of the stream and returns the bytes the whole stream
    /// occupies: up to the end of the last miniblock that holds any of the header's values (miniblocks past it may
    /// be absent), so data that follows, like the bytes of DELTA_LENGTH_BYTE_ARRAY, starts there.
    /// Miniblock widths up to 64 are accepted and the deltas truncated to 32 bits.
    /// </summary>
    /// <exception cref="ParquetFormatException">
    /// The header declares fewer values than asked for, or the data is truncated or malformed.
    /// </exception>
    public static int DecodeInt32(ReadOnlySpan<byte> data, Span<int> destination)
    {
        if (destination.IsEmpty && data.IsEmpty) return 0;
        var reader = new DeltaBinaryPackedReader(data);
        CheckCount(reader.TotalCount, destination.Length);
        reader.ReadInt32(destination);
        return reader.SkipToEnd();
    }

    /// <inheritdoc cref="DecodeInt32"/>
    public static int DecodeInt64(ReadOnlySpan<byte> data, Span<long> destination)
    {
        if (destination.IsEmpty && data.IsEmpty) return 0;
        var reader = new DeltaBinaryPackedReader(data);
        CheckCount(reader.TotalCount, destination.Length);
        reader.ReadInt64(destination);
        return reader.SkipToEnd();
    }

    internal static void CheckCount(int declared, int wanted)
    {
        if (declared < wanted)
            throw new ParquetFormatException($"DELTA_BINARY_PACKED header declares {declared} values, {wanted} expected");
    }
}
