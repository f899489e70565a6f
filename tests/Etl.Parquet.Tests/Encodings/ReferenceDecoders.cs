namespace Etl.Parquet.Tests.Encodings;

/// <summary>
/// Slow, obviously-correct decoders written straight from Encodings.md, one bit at a time, to check the fast
/// decoders against. They throw <see cref="InvalidDataException"/> where the input is unusable.
/// </summary>
internal static class ReferenceDecoders
{
    /// <summary>Bit <paramref name="bit"/> of the stream, counting from the least significant bit of byte 0.</summary>
    public static int LsbBit(ReadOnlySpan<byte> data, long bit) => (data[(int)(bit / 8)] >> (int)(bit % 8)) & 1;

    public static ulong ReadLsbValue(ReadOnlySpan<byte> data, long startBit, int width)
    {
        ulong value = 0;
        for (int i = 0; i < width; i++)
            if (LsbBit(data, startBit + i) == 1) value |= 1UL << i;
        return value;
    }

    public static ulong ReadUleb(ReadOnlySpan<byte> data, ref int pos)
    {
        ulong value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (pos >= data.Length) throw new InvalidDataException("varint truncated");
            byte b = data[pos++];
            if (shift == 63 && b > 1) throw new InvalidDataException("varint overflow");
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new InvalidDataException("varint too long");
    }

    /// <summary>A run header: a ULEB128 of at most 5 bytes whose value fits in 32 bits.</summary>
    public static ulong ReadUleb32(ReadOnlySpan<byte> data, ref int pos)
    {
        int start = pos;
        ulong value = ReadUleb(data, ref pos);
        if (pos - start > 5 || value > uint.MaxValue) throw new InvalidDataException("header over 32 bits");
        return value;
    }

    public static long ZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    public static int[] RleHybrid(ReadOnlySpan<byte> data, int bitWidth, int count)
    {
        if (bitWidth < 0 || bitWidth > 32) throw new InvalidDataException("width");
        var result = new int[count];
        if (bitWidth == 0) return result;
        int pos = 0;
        int filled = 0;
        while (filled < count)
        {
            ulong header = ReadUleb32(data, ref pos);
            if (header % 2 == 0)
            {
                ulong runLength = header / 2;
                int byteCount = (bitWidth + 7) / 8;
                if (pos + byteCount > data.Length) throw new InvalidDataException("rle value truncated");
                ulong value = 0;
                for (int i = 0; i < byteCount; i++) value |= (ulong)data[pos + i] << (8 * i);
                if (value >= 1UL << bitWidth) throw new InvalidDataException("rle value too wide");
                pos += byteCount;
                for (ulong i = 0; i < runLength && filled < count; i++) result[filled++] = (int)(uint)value;
            }
            else
            {
                ulong valueCount = header / 2 * 8;
                long runBits = (long)valueCount * bitWidth;
                for (ulong i = 0; i < valueCount && filled < count; i++)
                {
                    long bit = (long)i * bitWidth;
                    if ((long)pos * 8 + bit + bitWidth > (long)data.Length * 8) throw new InvalidDataException("bit-packed run truncated");
                    result[filled++] = (int)(uint)ReadLsbValue(data[pos..], bit, bitWidth);
                }
                pos += (int)Math.Min((runBits + 7) / 8, data.Length - pos);
            }
        }
        return result;
    }

    public static int[] BitPackedMsbFirst(ReadOnlySpan<byte> data, int bitWidth, int count)
    {
        if (bitWidth < 0 || bitWidth > 32) throw new InvalidDataException("width");
        if (((long)count * bitWidth + 7) / 8 > data.Length) throw new InvalidDataException("truncated");
        var result = new int[count];
        long bit = 0;
        for (int i = 0; i < count; i++)
        {
            uint v = 0;
            for (int b = 0; b < bitWidth; b++, bit++)
                v = v << 1 | (uint)((data[(int)(bit / 8)] >> (7 - (int)(bit % 8))) & 1);
            result[i] = (int)v;
        }
        return result;
    }

    public static bool[] PlainBoolean(ReadOnlySpan<byte> data, int count)
    {
        if ((count + 7) / 8 > data.Length) throw new InvalidDataException("truncated");
        var result = new bool[count];
        for (int i = 0; i < count; i++) result[i] = LsbBit(data, i) == 1;
        return result;
    }

    /// <summary>
    /// The first <paramref name="needed"/> values of a DELTA_BINARY_PACKED stream (as 64-bit, wrapping; all of them
    /// by default) and the byte where the whole stream ends. Past the needed values only the block structure is
    /// walked, so corrupted headers declaring billions of values stay cheap.
    /// </summary>
    public static (long[] Values, int End) DeltaBinaryPacked(ReadOnlySpan<byte> data, int needed = int.MaxValue)
    {
        int pos = 0;
        ulong blockSize = ReadUleb(data, ref pos);
        ulong miniblocks = ReadUleb(data, ref pos);
        ulong total = ReadUleb(data, ref pos);
        long first = ZigZag(ReadUleb(data, ref pos));
        if (blockSize == 0 || blockSize % 128 != 0 || blockSize > int.MaxValue) throw new InvalidDataException("block size");
        if (miniblocks == 0 || blockSize % miniblocks != 0 || (blockSize / miniblocks) % 32 != 0) throw new InvalidDataException("miniblocks");
        if (total > int.MaxValue) throw new InvalidDataException("total");
        int perMiniblock = (int)(blockSize / miniblocks);
        var values = new List<long>();
        if (total == 0) return (values.ToArray(), pos);
        if (needed > 0) values.Add(first);
        long last = first;
        long produced = 1;
        while (produced < (long)total)
        {
            long minDelta = ZigZag(ReadUleb(data, ref pos));
            if (pos + (int)miniblocks > data.Length) throw new InvalidDataException("widths truncated");
            int widthsAt = pos;
            pos += (int)miniblocks;
            for (int m = 0; m < (int)miniblocks && produced < (long)total; m++)
            {
                int width = data[widthsAt + m];
                if (width > 64) throw new InvalidDataException("width");
                long bytes = (long)perMiniblock * width / 8;
                if (pos + bytes > data.Length) throw new InvalidDataException("miniblock truncated");
                for (int i = 0; i < perMiniblock && produced < (long)total; i++, produced++)
                {
                    if (produced >= needed)
                    {
                        produced = Math.Min((long)total, produced + perMiniblock - i);
                        break;
                    }
                    ulong delta = ReadLsbValue(data[pos..], (long)i * width, width);
                    last = unchecked(last + minDelta + (long)delta);
                    values.Add(last);
                }
                pos += (int)bytes;
            }
        }
        return (values.ToArray(), pos);
    }

    public static (byte[][] Values, int End) DeltaLengthByteArray(ReadOnlySpan<byte> data, int count)
    {
        if (PeekTotal(data) < (ulong)count) throw new InvalidDataException("count");
        var (lengths, end) = DeltaBinaryPacked(data, count);
        var values = new byte[count][];
        int pos = end;
        for (int i = 0; i < count; i++)
        {
            int length = (int)lengths[i];
            if (length < 0 || pos + (long)length > data.Length) throw new InvalidDataException("length");
            values[i] = data.Slice(pos, length).ToArray();
            pos += length;
        }
        return (values, pos);
    }

    public static (byte[][] Values, int End) DeltaByteArray(ReadOnlySpan<byte> data, int count)
    {
        if (PeekTotal(data) < (ulong)count) throw new InvalidDataException("count");
        var (prefixes, prefixEnd) = DeltaBinaryPacked(data, count);
        if (PeekTotal(data[prefixEnd..]) < (ulong)count) throw new InvalidDataException("count");
        var (suffixLengths, suffixLengthsEnd) = DeltaBinaryPacked(data[prefixEnd..], count);
        int pos = prefixEnd + suffixLengthsEnd;
        var values = new byte[count][];
        byte[] previous = [];
        for (int i = 0; i < count; i++)
        {
            int prefix = (int)prefixes[i];
            int suffix = (int)suffixLengths[i];
            if (prefix < 0 || prefix > previous.Length) throw new InvalidDataException("prefix");
            if (suffix < 0 || pos + (long)suffix > data.Length) throw new InvalidDataException("suffix");
            var value = new byte[prefix + suffix];
            Array.Copy(previous, value, prefix);
            data.Slice(pos, suffix).CopyTo(value.AsSpan(prefix));
            pos += suffix;
            values[i] = value;
            previous = value;
        }
        return (values, pos);
    }

    public static ulong PeekTotal(ReadOnlySpan<byte> data)
    {
        int pos = 0;
        ReadUleb(data, ref pos);
        ReadUleb(data, ref pos);
        return ReadUleb(data, ref pos);
    }

    public static byte[] ByteStreamSplit(ReadOnlySpan<byte> data, int count, int width)
    {
        if ((long)count * width > data.Length) throw new InvalidDataException("truncated");
        var result = new byte[count * width];
        for (int i = 0; i < count; i++)
            for (int k = 0; k < width; k++)
                result[i * width + k] = data[k * count + i];
        return result;
    }
}
