namespace Etl.Parquet.File;

/// <summary>
/// The bytes decoding one row group may allocate (<see cref="ParquetReadOptions.MaxDecodedRowGroupBytes"/>), shared
/// by the columns decoded in parallel. Batches charge it with the arrays they hold when a read starts and with every
/// array they allocate to grow, before allocating it — once per growth, never per value. The arrays a growth replaces
/// stay charged: they are memory until the GC takes them, so the budget bounds what decoding adds to the process,
/// and an expansion bomb stops at the budget, not at the machine's memory.
/// </summary>
internal sealed class DecodeBudget(int rowGroup, long rows, long limit)
{
    private long _used;

    /// <summary>Adds <paramref name="bytes"/>; throws <see cref="ParquetRowGroupTooLargeException"/> once the total passes the limit.</summary>
    public void Charge(long bytes)
    {
        if (bytes > 0 && Interlocked.Add(ref _used, bytes) > limit) throw Exceeded();
    }

    /// <summary>
    /// How many elements to allocate for an array of <paramref name="current"/> that must hold <paramref name="need"/>:
    /// twice as many as usual (amortized growth), or exactly <paramref name="need"/> when <paramref name="exact"/>, but
    /// never more than the budget has left — so a row group that fits is not refused for the slack of a doubling.
    /// Charging the new array then fails only when the need itself does not fit.
    /// </summary>
    public int GrowthSize(int current, long need, int elementBytes, bool exact = false)
    {
        var wanted = exact ? need : Math.Min(Array.MaxLength, Math.Max(need, current * 2L));
        var affordable = Math.Max(0, limit - Volatile.Read(ref _used)) / elementBytes;
        return (int)Math.Min(Array.MaxLength, Math.Max(need, Math.Min(wanted, affordable)));
    }

    /// <summary>Whether <paramref name="bytes"/> more fit now (for optional growth, such as sizing arrays ahead).</summary>
    public bool Affords(long bytes) => bytes <= limit - Volatile.Read(ref _used);

    /// <summary>Gives back what a batch no longer holds (a dictionary once its chunk is decoded, a column read again).</summary>
    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);

    /// <summary>Throws at once when <paramref name="bytes"/> (what the footer's counts imply) cannot fit.</summary>
    public void Check(long bytes)
    {
        if (bytes > limit) throw Exceeded();
    }

    private ParquetRowGroupTooLargeException Exceeded() => new(rowGroup, rows, limit);
}
