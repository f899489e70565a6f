using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Parquet.File;

/// <summary>One row group: reads its column chunks, each into a reusable <see cref="ColumnBatch"/>.</summary>
public sealed class RowGroupReader
{
    private readonly ParquetFileReader _file;

    internal RowGroupReader(ParquetFileReader file, int index, RowGroup metadata)
    {
        _file = file;
        Index = index;
        Metadata = metadata;
    }

    public int Index { get; }
    public RowGroup Metadata { get; }
    public long RowCount => Metadata.NumRows;

    /// <summary>
    /// Decodes the whole column chunk of leaf column <paramref name="columnIndex"/>. Pass the batch returned for
    /// an earlier row group as <paramref name="reuse"/> to recycle its arrays. Safe to call from several threads
    /// for different columns.
    /// </summary>
    public ColumnBatch ReadColumn(int columnIndex, ColumnBatch? reuse = null)
    {
        var column = _file.Schema.Columns[columnIndex];
        var batch = reuse is not null && reuse.Column == column ? reuse : new ColumnBatch(column);
        batch.Reset();
        var chunk = Metadata.Columns[columnIndex];
        try
        {
            new ColumnChunkReader(_file, chunk, column).ReadAll(batch);
            if (column.MaxRepetitionLevel > 0) batch.DropOrphanEntries();
            CheckRowCount(batch);
        }
        catch (ParquetFormatException e)
        {
            e.At(rowGroup: Index, column: column.DottedPath);
            throw;
        }
        return batch;
    }

    private void CheckRowCount(ColumnBatch batch)
    {
        long rows;
        if (batch.Column.MaxRepetitionLevel == 0)
        {
            rows = batch.LevelCount;
        }
        else
        {
            rows = batch.RepetitionLevels.AsSpan(0, batch.LevelCount).Count(0);
        }
        if (rows != RowCount)
            throw new ParquetFormatException($"the column chunk holds {rows} rows but its row group declares {RowCount}");
    }
}
