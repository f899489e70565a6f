using Etl.Core.Json;
using Etl.Parquet.File;

namespace Etl.Core.Normalize;

/// <summary>
/// Rows of one table being filled by one reader: the column batches, the row being written (which columns it has,
/// the sum of its values' hashes) and the counts so far (rows, checksum, nulls per column). One per table per thread:
/// the row group of a <see cref="TableWriter"/> on one thread, or a block of lines when pass two runs on several.
/// </summary>
internal sealed class TableRows(TablePlan plan, ColumnBatch[] batches)
{
    public TablePlan Plan { get; } = plan;

    /// <summary>One batch per leaf (reserved columns first).</summary>
    public ColumnBatch[] Batches = batches;

    public long RowStamp;

    /// <summary>Sum of the hashes of the current row's values (order-independent within the row too: keys come in any order).</summary>
    public ulong RowSum;

    /// <summary>Sum of the rows' hashes (wrapping): the same rows in any order give the same checksum.</summary>
    public ulong Checksum;

    public long Rows;

    /// <summary>Per data column: the row that last had a value (equal to <see cref="RowStamp"/> when the current row has one).</summary>
    public readonly long[] Stamps = new long[plan.Columns.Count];

    public readonly long[] Nulls = new long[plan.Columns.Count];

    public void BeginRow()
    {
        RowStamp++;
        RowSum = 0;
    }

    /// <summary>Ends the row: columns it did not hold get nulls (a required one missing means the input changed).</summary>
    public void EndRow(ref System.Text.Json.Utf8JsonReader reader)
    {
        var columns = Plan.Columns;
        var batches = Batches;
        var stamp = RowStamp;
        var stamps = Stamps;
        for (var i = 0; i < stamps.Length; i++)
        {
            if (stamps[i] == stamp) continue;
            var column = columns[i];
            if (!column.Nullable && !column.IsList)
            {
                throw new RecordProblemException(reader.TokenStartIndex, JsonInputErrorKind.Changed,
                    $"'{column.SourcePath}' is missing here, but every row had it when the input was surveyed; the input must not change during the normalization");
            }
            batches[column.Leaf].AppendLevels(0, 0);
            Nulls[i]++;
            RowSum += column.Seed;
        }
        Checksum += RowHash.Mix(RowSum, 0x9E3779B97F4A7C15UL);
        Rows++;
    }

    /// <summary>Adds the counts of <paramref name="other"/> (rows of the same table written elsewhere) and resets its counts and batches.</summary>
    public void Take(TableRows other)
    {
        Rows += other.Rows;
        Checksum += other.Checksum;
        for (var i = 0; i < Nulls.Length; i++) Nulls[i] += other.Nulls[i];
        other.Rows = 0;
        other.Checksum = 0;
        Array.Clear(other.Nulls);
        foreach (var batch in other.Batches) batch.Clear();
    }
}
