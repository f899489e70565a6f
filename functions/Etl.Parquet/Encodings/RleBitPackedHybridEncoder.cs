using System.Buffers;
using System.Runtime.InteropServices;

namespace Etl.Parquet.Encodings;

/// <summary>
/// Encodes the RLE/bit-packing hybrid (Parquet <c>RLE</c>) for levels, dictionary indices and RLE booleans: a value
/// repeated 8 or more times becomes an RLE run, everything else goes into bit-packed runs of whole groups of 8.
/// Writes no length prefix; v1 levels and RLE booleans need the caller to prepend the 4-byte length.
/// </summary>
public static class RleBitPackedHybridEncoder
{
    private const int MinRleRun = 8;

    /// <summary>Writes <paramref name="values"/>, each in 0..2^<paramref name="bitWidth"/>-1 (width 0..32).</summary>
    /// <exception cref="ArgumentException">A value does not fit in <paramref name="bitWidth"/> bits.</exception>
    public static void Encode(ReadOnlySpan<int> values, int bitWidth, IBufferWriter<byte> output)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)bitWidth, 32u, nameof(bitWidth));
        ArgumentNullException.ThrowIfNull(output);
        if (values.IsEmpty) return;
        CheckFit(values, bitWidth);
        if (bitWidth == 0)
        {
            // Width 0 still gets a run header: other readers walk the runs even when values take no bytes.
            WriteRle(output, 0, values.Length, 0);
            return;
        }

        int literalStart = 0;
        int i = 0;
        while (true)
        {
            int runStart = FindRepeat(values, i);
            if (runStart == values.Length) break;
            int value = values[runStart];
            int end = runStart + MinRleRun;
            while (end < values.Length && values[end] == value) end++;
            // A bit-packed run holds whole groups, so the pending literals borrow the first few repeats to close
            // their last group; only if 8 repeats remain after that do they become an RLE run.
            int borrow = (MinRleRun - ((runStart - literalStart) & 7)) & 7;
            if (end - runStart - borrow >= MinRleRun)
            {
                if (runStart + borrow > literalStart) WriteBitPacked(output, values[literalStart..(runStart + borrow)], bitWidth);
                WriteRle(output, value, end - runStart - borrow, bitWidth);
                literalStart = end;
            }
            i = end;
        }
        if (literalStart < values.Length) WriteBitPacked(output, values[literalStart..], bitWidth);
    }

    /// <summary>
    /// Where the first stretch of 8 or more equal values at or after <paramref name="from"/> begins, or
    /// <c>values.Length</c>. Looks at 64 positions at a time: a branch-free pass records which neighbours are equal
    /// as bits, and 7 consecutive set bits mark 8 equal values, so runless data costs no mispredicted branches.
    /// </summary>
    private static int FindRepeat(ReadOnlySpan<int> values, int from)
    {
        while (values.Length - from >= MinRleRun)
        {
            int pairs = Math.Min(64, values.Length - 1 - from);
            ReadOnlySpan<int> window = values.Slice(from, pairs + 1);
            ulong equal = 0;
            for (int k = 0; k < pairs; k++) equal |= (window[k] == window[k + 1] ? 1UL : 0UL) << k;
            ulong two = equal & (equal >> 1);
            ulong four = two & (two >> 2);
            ulong seven = four & (two >> 4) & (equal >> 6);
            if (seven != 0) return from + System.Numerics.BitOperations.TrailingZeroCount(seven);
            if (pairs < 64) break;
            // A stretch starting in the last 6 positions was not fully visible; look again from there.
            from += 64 - 6;
        }
        return values.Length;
    }

    private static void CheckFit(ReadOnlySpan<int> values, int bitWidth)
    {
        if (bitWidth == 32) return;
        uint any = 0;
        foreach (int v in values) any |= (uint)v;
        if (any >> bitWidth != 0)
            throw new ArgumentException($"a value does not fit in {bitWidth} bits", nameof(values));
    }

    private static void WriteRle(IBufferWriter<byte> output, int value, int count, int bitWidth)
    {
        Span<byte> span = output.GetSpan(5 + 4);
        int n = Leb128.Write(span, (ulong)count << 1);
        for (int b = 0; b < (bitWidth + 7) >> 3; b++) span[n++] = (byte)(value >> (8 * b));
        output.Advance(n);
    }

    /// <summary>One bit-packed run; a last group that is not full is padded with zeros the reader never asks for.</summary>
    private static void WriteBitPacked(IBufferWriter<byte> output, ReadOnlySpan<int> values, int bitWidth)
    {
        int groups = (values.Length + 7) >> 3;
        int dataBytes = groups * bitWidth;
        Span<byte> span = output.GetSpan(5 + dataBytes);
        int n = Leb128.Write(span, (ulong)groups << 1 | 1);
        Span<byte> data = span.Slice(n, dataBytes);
        int packed = BitPacker.Pack(MemoryMarshal.Cast<int, uint>(values), bitWidth, data);
        data[packed..].Clear();
        output.Advance(n + dataBytes);
    }
}
