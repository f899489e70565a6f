namespace Etl.Parquet.Encodings;

/// <summary>
/// Decodes the deprecated <c>BIT_PACKED</c> level encoding: values back to back with no run headers, packed from
/// the most significant bit of each byte down (the opposite bit order of the RLE/bit-packing hybrid).
/// </summary>
public static class BitPackedLevelDecoder
{
    /// <summary>Decodes <c>destination.Length</c> values of <paramref name="bitWidth"/> bits (0..32).</summary>
    /// <exception cref="ParquetFormatException">The data is shorter than the values need or the width is invalid.</exception>
    public static void Decode(ReadOnlySpan<byte> data, int bitWidth, Span<int> destination)
    {
        if ((uint)bitWidth > 32) throw new ParquetFormatException($"BIT_PACKED bit width {bitWidth} is outside 0..32");
        if (bitWidth == 0)
        {
            destination.Clear();
            return;
        }

        long needed = BitUnpacker.PackedLength(destination.Length, bitWidth);
        if (needed > data.Length)
            throw new ParquetFormatException($"BIT_PACKED data truncated: {destination.Length} values of {bitWidth} bits need {needed} bytes, {data.Length} available");

        // Big-endian bit accumulator: at most bitWidth + 7 <= 39 bits are pending, so 64 bits never overflow.
        ulong mask = (1UL << bitWidth) - 1;
        ulong pending = 0;
        int pendingBits = 0;
        int pos = 0;
        for (int i = 0; i < destination.Length; i++)
        {
            while (pendingBits < bitWidth)
            {
                pending = pending << 8 | data[pos++];
                pendingBits += 8;
            }
            pendingBits -= bitWidth;
            destination[i] = (int)(uint)((pending >> pendingBits) & mask);
        }
    }
}
