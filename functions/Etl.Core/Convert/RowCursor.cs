using Etl.Parquet.File;

namespace Etl.Core.Convert;

/// <summary>
/// Positions inside every leaf column of one row group while rows are assembled: the next level entry and the
/// next non-null value of each leaf. One per worker, so slices of a row group are written in parallel.
/// </summary>
internal sealed class RowCursor
{
    public RowCursor(ColumnBatch[] batches)
    {
        Batches = batches;
        Level = new int[batches.Length];
        Value = new int[batches.Length];
    }

    public ColumnBatch[] Batches { get; }
    public int[] Level { get; }
    public int[] Value { get; }

    /// <summary>Definition level of the next entry of leaf <paramref name="leaf"/> (its maximum when it has none).</summary>
    public int Definition(int leaf)
    {
        var batch = Batches[leaf];
        var level = Level[leaf];
        if (level >= batch.LevelCount) throw Disagree(batch);
        return batch.Column.MaxDefinitionLevel == 0 ? 0 : batch.DefinitionLevels[level];
    }

    /// <summary>Sibling columns whose levels describe different records: the file is corrupt.</summary>
    public static Etl.Parquet.ParquetFormatException Disagree(ColumnBatch batch) =>
        new($"the levels of column '{batch.Column.DottedPath}' disagree with its sibling columns about the records' shape");

    /// <summary>True when leaf <paramref name="leaf"/> has a next entry that continues a list at <paramref name="repetition"/>.</summary>
    public bool Continues(int leaf, int repetition)
    {
        var batch = Batches[leaf];
        var next = Level[leaf];
        return next < batch.LevelCount && batch.RepetitionLevels[next] == repetition;
    }

    public void Seek(int[] levels, int[] values)
    {
        levels.CopyTo(Level, 0);
        values.CopyTo(Value, 0);
    }
}
