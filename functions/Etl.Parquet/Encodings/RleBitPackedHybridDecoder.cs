using System.Runtime.InteropServices;

namespace Etl.Parquet.Encodings;

/// <summary>
/// Decodes the RLE/bit-packing hybrid encoding (Parquet <c>RLE</c>): definition and repetition levels, dictionary
/// indices and RLE booleans. The input starts at the first run header; callers strip the 4-byte length prefix that
/// v1 levels and RLE booleans carry.
/// </summary>
public static class RleBitPackedHybridDecoder
{
    /// <summary>
    /// Decodes exactly <c>destination.Length</c> values of <paramref name="bitWidth"/> bits (0..32). Width 0 yields
    /// zeros without reading. Runs may extend past the values asked for and the last bit-packed run may omit padding
    /// bytes holding no needed value; bytes after the last needed value are ignored.
    /// </summary>
    /// <exception cref="ParquetFormatException">The data ends before the destination is full or is malformed.</exception>
    public static void Decode(ReadOnlySpan<byte> data, int bitWidth, Span<int> destination)
    {
        if ((uint)bitWidth > 32) throw new ParquetFormatException($"RLE/bit-packed hybrid bit width {bitWidth} is outside 0..32");
        if (bitWidth == 0)
        {
            destination.Clear();
            return;
        }

        int valueBytes = (bitWidth + 7) >> 3;
        int pos = 0;
        int filled = 0;
        int total = destination.Length;
        while (filled < total)
        {
            uint header = Leb128.ReadUInt32(data, ref pos, "RLE/bit-packed hybrid run header");
            int wanted = total - filled;
            if ((header & 1) == 0)
            {
                if (data.Length - pos < valueBytes)
                    throw new ParquetFormatException($"RLE/bit-packed hybrid data ends inside an RLE run value at byte {pos}");
                uint value = ReadRunValue(data.Slice(pos, valueBytes));
                if (bitWidth < 32 && value >> bitWidth != 0)
                    throw new ParquetFormatException($"RLE run value {value} does not fit in bit width {bitWidth}");
                pos += valueBytes;
                int n = (int)Math.Min(header >> 1, (uint)wanted);
                destination.Slice(filled, n).Fill((int)value);
                filled += n;
            }
            else
            {
                // Run length in groups of 8; the run may be longer than what is asked (ignore the rest) and its
                // final group may be cut short as long as the values we need are present.
                long groups = header >> 1;
                int n = (int)Math.Min(groups * 8, wanted);
                ReadOnlySpan<byte> rest = data[pos..];
                long needed = BitUnpacker.PackedLength(n, bitWidth);
                if (needed > rest.Length)
                    throw new ParquetFormatException($"RLE/bit-packed hybrid data ends inside a bit-packed run at byte {pos}: {n} values need {needed} bytes, {rest.Length} left");
                // The whole rest goes to the unpacker: the more bytes it may read ahead, the longer its fast loop.
                BitUnpacker.Unpack(rest, MemoryMarshal.Cast<int, uint>(destination.Slice(filled, n)), bitWidth);
                filled += n;
                pos += (int)Math.Min(groups * bitWidth, rest.Length);
            }
        }
    }

    private static uint ReadRunValue(ReadOnlySpan<byte> bytes)
    {
        uint value = 0;
        for (int i = bytes.Length - 1; i >= 0; i--) value = value << 8 | bytes[i];
        return value;
    }
}
