using System.Numerics;

namespace Etl.Core.Profile;

/// <summary>
/// HyperLogLog distinct-count estimate (2^12 registers, about 1.6 % standard error) — exact counting would need
/// memory proportional to the data. Deterministic hashing so the same file always gives the same profile.
/// </summary>
internal sealed class DistinctSketch
{
    private const int Bits = 12;
    private const int Registers = 1 << Bits;
    private readonly byte[] _registers = new byte[Registers];

    public void Add(ulong hash)
    {
        var index = (int)(hash >> (64 - Bits));
        var rank = (byte)(BitOperations.LeadingZeroCount((hash << Bits) | (1UL << (Bits - 1))) + 1);
        if (rank > _registers[index]) _registers[index] = rank;
    }

    public long Estimate()
    {
        double sum = 0;
        var zeros = 0;
        foreach (var r in _registers)
        {
            sum += Math.ScaleB(1.0, -r);
            if (r == 0) zeros++;
        }
        const double alpha = 0.7213 / (1 + 1.079 / Registers);
        var estimate = alpha * Registers * Registers / sum;
        // Small cardinalities: linear counting is far more accurate than the raw estimate.
        if (estimate <= 2.5 * Registers && zeros > 0) estimate = Registers * Math.Log((double)Registers / zeros);
        return (long)Math.Round(estimate);
    }

    /// <summary>SplitMix64 finalizer: spreads integer keys over all 64 bits.</summary>
    public static ulong Mix(ulong x)
    {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9UL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebUL;
        return x ^ (x >> 31);
    }

    /// <summary>FNV-1a over the bytes, then mixed.</summary>
    public static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var h = 14695981039346656037UL;
        foreach (var b in bytes) h = (h ^ b) * 1099511628211UL;
        return Mix(h);
    }
}
