namespace Etl.Parquet.File;

/// <summary>
/// The bytes one row group's decoded batches may hold (<see cref="ParquetReadOptions.MaxDecodedRowGroupBytes"/>),
/// shared by the columns decoded in parallel. Batches charge it when they reserve room for more levels, values or
/// offsets — once per page or buffer growth, never per value — so an expansion bomb stops at the budget, not at
/// the machine's memory.
/// </summary>
internal sealed class DecodeBudget(int rowGroup, long rows, long limit)
{
    private long _used;

    public long Limit => limit;

    /// <summary>Adds <paramref name="bytes"/>; throws <see cref="ParquetRowGroupTooLargeException"/> once the total passes the limit.</summary>
    public void Charge(long bytes)
    {
        if (bytes > 0 && Interlocked.Add(ref _used, bytes) > limit) throw Exceeded();
    }

    /// <summary>Gives back what a batch no longer holds (a dictionary once its chunk is decoded, a column read again).</summary>
    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);

    /// <summary>Throws at once when <paramref name="bytes"/> (what the footer's counts imply) cannot fit.</summary>
    public void Check(long bytes)
    {
        if (bytes > limit) throw Exceeded();
    }

    private ParquetRowGroupTooLargeException Exceeded() => new(rowGroup, rows, limit);
}
