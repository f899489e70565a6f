namespace Etl.Parquet.Tests.Encodings;

/// <summary>Builds encoded test input bit by bit, independently of the production encoders.</summary>
internal static class TestStreams
{
    /// <summary>Appends values LSB-first, the packing of the RLE hybrid and of delta miniblocks.</summary>
    public sealed class LsbBitWriter
    {
        private readonly List<byte> _bytes = [];
        private long _bits;

        public void Write(ulong value, int width)
        {
            for (int i = 0; i < width; i++, _bits++)
            {
                if (_bits % 8 == 0) _bytes.Add(0);
                if ((value >> i & 1) != 0) _bytes[^1] |= (byte)(1 << (int)(_bits % 8));
            }
        }

        public byte[] ToArray() => _bytes.ToArray();
    }

    public static void Uleb(List<byte> output, ulong value)
    {
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            if (value != 0) b |= 0x80;
            output.Add(b);
        } while (value != 0);
    }

    public static void ZigZag(List<byte> output, long value) => Uleb(output, (ulong)((value << 1) ^ (value >> 63)));

    public static ulong Mask(int width) => width == 64 ? ulong.MaxValue : (1UL << width) - 1;

    public static ulong NextBits(Random random, int width) => ((ulong)random.NextInt64() ^ ((ulong)random.NextInt64() << 1)) & Mask(width);

    /// <summary>
    /// A random RLE/bit-packing hybrid stream: RLE runs (sometimes very long), bit-packed runs, and optionally the
    /// last bit-packed run cut right after the last value the caller will ask for. Returns the data and how many
    /// values the caller should ask for (which may end inside a run or a group).
    /// </summary>
    public static (byte[] Data, int Count) RandomRleHybrid(Random random, int bitWidth, bool trimLastRun, bool longRuns = true)
    {
        var output = new List<byte>();
        int values = 0;
        int runs = random.Next(1, 12);
        int lastBitPackedStart = -1, lastBitPackedValuesStart = 0;
        for (int r = 0; r < runs; r++)
        {
            if (random.Next(2) == 0)
            {
                int length = longRuns && random.Next(4) == 0 ? random.Next(1, 100_000) : random.Next(1, 40);
                Uleb(output, (ulong)length << 1);
                ulong value = NextBits(random, bitWidth);
                for (int i = 0; i < (bitWidth + 7) / 8; i++) output.Add((byte)(value >> (8 * i)));
                values += length;
                lastBitPackedStart = -1;
            }
            else
            {
                int groups = random.Next(1, 20);
                Uleb(output, (ulong)groups << 1 | 1);
                lastBitPackedStart = output.Count;
                lastBitPackedValuesStart = values;
                var writer = new LsbBitWriter();
                for (int i = 0; i < groups * 8; i++) writer.Write(NextBits(random, bitWidth), bitWidth);
                output.AddRange(writer.ToArray());
                values += groups * 8;
            }
        }
        int count = random.Next(values / 2, values + 1);
        if (count > 20_000) count = 20_000;
        if (trimLastRun && lastBitPackedStart >= 0 && count > lastBitPackedValuesStart)
        {
            long needed = ((long)(count - lastBitPackedValuesStart) * bitWidth + 7) / 8;
            output.RemoveRange(lastBitPackedStart + (int)needed, output.Count - lastBitPackedStart - (int)needed);
        }
        return (output.ToArray(), count);
    }

    /// <summary>
    /// A random but well-formed DELTA_BINARY_PACKED stream built from its parts rather than from values: random
    /// block shape, min deltas, miniblock widths up to <paramref name="maxWidth"/>, packed bits (padding included)
    /// and garbage widths for the miniblocks that may be left out.
    /// </summary>
    public static byte[] RandomDeltaStream(Random random, int maxWidth, int totalCount)
    {
        int blockSize = 128 * random.Next(1, 4);
        int[] divisors = [.. Enumerable.Range(1, blockSize / 32).Where(m => blockSize % m == 0 && blockSize / m % 32 == 0)];
        int miniblocks = divisors[random.Next(divisors.Length)];
        int perMiniblock = blockSize / miniblocks;
        var output = new List<byte>();
        Uleb(output, (ulong)blockSize);
        Uleb(output, (ulong)miniblocks);
        Uleb(output, (ulong)totalCount);
        ZigZag(output, random.Next(3) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : random.Next(-1000, 1000));
        int deltas = Math.Max(0, totalCount - 1);
        while (deltas > 0)
        {
            ZigZag(output, random.Next(3) switch
            {
                0 => random.NextInt64(long.MinValue, long.MaxValue),
                1 => random.Next(-5, 5),
                _ => random.Next(int.MinValue, int.MaxValue),
            });
            int needed = Math.Min(miniblocks, (deltas + perMiniblock - 1) / perMiniblock);
            var widths = new int[miniblocks];
            for (int m = 0; m < miniblocks; m++)
            {
                widths[m] = m < needed ? random.Next(maxWidth + 1) : random.Next(256);
                output.Add((byte)widths[m]);
            }
            for (int m = 0; m < needed; m++)
            {
                var writer = new LsbBitWriter();
                for (int i = 0; i < perMiniblock; i++) writer.Write(NextBits(random, widths[m]), widths[m]);
                output.AddRange(writer.ToArray());
            }
            deltas -= Math.Min(deltas, blockSize);
        }
        return output.ToArray();
    }

    /// <summary>Encodes values as DELTA_BINARY_PACKED the plain way, with minimal widths and zero padding.</summary>
    public static byte[] EncodeDelta(ReadOnlySpan<long> values, int blockSize = 128, int miniblocks = 4) => EncodeDelta(values, blockSize, miniblocks, int32: false);

    /// <summary>As the INT32 writers do: deltas in 32-bit wrapping arithmetic, so widths stay within 32.</summary>
    public static byte[] EncodeDelta(ReadOnlySpan<int> values, int blockSize = 128, int miniblocks = 4)
    {
        var wide = new long[values.Length];
        for (int i = 0; i < values.Length; i++) wide[i] = values[i];
        return EncodeDelta(wide, blockSize, miniblocks, int32: true);
    }

    private static byte[] EncodeDelta(ReadOnlySpan<long> values, int blockSize, int miniblocks, bool int32)
    {
        var output = new List<byte>();
        Uleb(output, (ulong)blockSize);
        Uleb(output, (ulong)miniblocks);
        Uleb(output, (ulong)values.Length);
        if (values.Length == 0)
        {
            ZigZag(output, 0);
            return output.ToArray();
        }
        ZigZag(output, values[0]);
        int perMiniblock = blockSize / miniblocks;
        for (int start = 1; start < values.Length; start += blockSize)
        {
            int n = Math.Min(blockSize, values.Length - start);
            var deltas = new long[n];
            for (int i = 0; i < n; i++)
            {
                long delta = unchecked(values[start + i] - values[start + i - 1]);
                deltas[i] = int32 ? (int)delta : delta;
            }
            long minDelta = deltas.Min();
            ZigZag(output, minDelta);
            int needed = (n + perMiniblock - 1) / perMiniblock;
            var widths = new int[miniblocks];
            for (int m = 0; m < needed; m++)
            {
                ulong max = 0;
                for (int i = m * perMiniblock; i < Math.Min(n, (m + 1) * perMiniblock); i++) max |= Packed(deltas[i], minDelta, int32);
                widths[m] = 64 - System.Numerics.BitOperations.LeadingZeroCount(max);
            }
            foreach (int w in widths) output.Add((byte)w);
            for (int m = 0; m < needed; m++)
            {
                var writer = new LsbBitWriter();
                for (int i = m * perMiniblock; i < (m + 1) * perMiniblock; i++)
                    writer.Write(i < n ? Packed(deltas[i], minDelta, int32) : 0, widths[m]);
                output.AddRange(writer.ToArray());
            }
        }
        return output.ToArray();
    }

    private static ulong Packed(long delta, long minDelta, bool int32) =>
        int32 ? unchecked((uint)((int)delta - (int)minDelta)) : unchecked((ulong)(delta - minDelta));
}
