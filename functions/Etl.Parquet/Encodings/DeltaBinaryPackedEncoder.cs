using System.Buffers;
using System.Numerics;

namespace Etl.Parquet.Encodings;

/// <summary>
/// Encodes DELTA_BINARY_PACKED integers in the shape every mainstream writer uses: blocks of 128 values, 4
/// miniblocks of 32, each miniblock packed at the narrowest width of its deltas above the block's minimum delta.
/// Arithmetic wraps, so any values round-trip.
/// </summary>
public static class DeltaBinaryPackedEncoder
{
    private const int BlockSize = 128;
    private const int MiniblocksPerBlock = 4;
    private const int ValuesPerMiniblock = BlockSize / MiniblocksPerBlock;

    // Min delta varint, the width bytes and four miniblocks at the widest width.
    private const int MaxBlockBytes = 10 + MiniblocksPerBlock + BlockSize * 8;

    /// <summary>Writes <paramref name="values"/> with 32-bit deltas (miniblock widths never exceed 32).</summary>
    public static void EncodeInt32(ReadOnlySpan<int> values, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteHeader(output, values.Length, values.IsEmpty ? 0 : values[0]);
        Span<uint> packed = stackalloc uint[BlockSize];
        for (int start = 1; start < values.Length; start += BlockSize)
        {
            int count = Math.Min(BlockSize, values.Length - start);
            // Deltas in 32-bit wrapping arithmetic: the reader adds them back modulo 2^32.
            int minDelta = int.MaxValue;
            int previous = values[start - 1];
            for (int i = 0; i < count; i++)
            {
                int current = values[start + i];
                int delta = unchecked(current - previous);
                packed[i] = (uint)delta;
                if (delta < minDelta) minDelta = delta;
                previous = current;
            }
            packed[count..].Fill((uint)minDelta);   // padding becomes 0 after the subtraction below
            for (int i = 0; i < packed.Length; i++) packed[i] = unchecked(packed[i] - (uint)minDelta);

            Span<byte> span = output.GetSpan(MaxBlockBytes);
            int pos = Leb128.Write(span, Leb128.ZigZagEncode(minDelta));
            int widthsAt = pos;
            pos += MiniblocksPerBlock;
            int miniblocks = (count + ValuesPerMiniblock - 1) / ValuesPerMiniblock;
            for (int m = 0; m < MiniblocksPerBlock; m++)
            {
                if (m >= miniblocks)
                {
                    span[widthsAt + m] = 0;   // trailing miniblocks without values are left out
                    continue;
                }
                ReadOnlySpan<uint> miniblock = packed.Slice(m * ValuesPerMiniblock, ValuesPerMiniblock);
                uint any = 0;
                foreach (uint v in miniblock) any |= v;
                int width = 32 - BitOperations.LeadingZeroCount(any);
                span[widthsAt + m] = (byte)width;
                pos += BitPacker.Pack(miniblock, width, span[pos..]);
            }
            output.Advance(pos);
        }
    }

    /// <summary>Writes <paramref name="values"/> with 64-bit deltas.</summary>
    public static void EncodeInt64(ReadOnlySpan<long> values, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteHeader(output, values.Length, values.IsEmpty ? 0 : values[0]);
        Span<ulong> packed = stackalloc ulong[BlockSize];
        for (int start = 1; start < values.Length; start += BlockSize)
        {
            int count = Math.Min(BlockSize, values.Length - start);
            long minDelta = long.MaxValue;
            long previous = values[start - 1];
            for (int i = 0; i < count; i++)
            {
                long current = values[start + i];
                long delta = unchecked(current - previous);
                packed[i] = (ulong)delta;
                if (delta < minDelta) minDelta = delta;
                previous = current;
            }
            packed[count..].Fill((ulong)minDelta);
            for (int i = 0; i < packed.Length; i++) packed[i] = unchecked(packed[i] - (ulong)minDelta);

            Span<byte> span = output.GetSpan(MaxBlockBytes);
            int pos = Leb128.Write(span, Leb128.ZigZagEncode(minDelta));
            int widthsAt = pos;
            pos += MiniblocksPerBlock;
            int miniblocks = (count + ValuesPerMiniblock - 1) / ValuesPerMiniblock;
            for (int m = 0; m < MiniblocksPerBlock; m++)
            {
                if (m >= miniblocks)
                {
                    span[widthsAt + m] = 0;
                    continue;
                }
                ReadOnlySpan<ulong> miniblock = packed.Slice(m * ValuesPerMiniblock, ValuesPerMiniblock);
                ulong any = 0;
                foreach (ulong v in miniblock) any |= v;
                int width = 64 - BitOperations.LeadingZeroCount(any);
                span[widthsAt + m] = (byte)width;
                pos += BitPacker.Pack(miniblock, width, span[pos..]);
            }
            output.Advance(pos);
        }
    }

    private static void WriteHeader(IBufferWriter<byte> output, int count, long first)
    {
        Span<byte> span = output.GetSpan(4 * 10);
        int pos = Leb128.Write(span, BlockSize);
        pos += Leb128.Write(span[pos..], MiniblocksPerBlock);
        pos += Leb128.Write(span[pos..], (ulong)count);
        pos += Leb128.Write(span[pos..], Leb128.ZigZagEncode(first));
        output.Advance(pos);
    }
}
