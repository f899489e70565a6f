using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Parquet.File;

/// <summary>One row group: reads its column chunks, each into a reusable <see cref="ColumnBatch"/>.</summary>
public sealed class RowGroupReader
{
    private readonly ParquetFileReader _file;
    private readonly DecodeBudget _budget;
    /// <summary>What each column's last read charged to the budget, given back when the column is read again.</summary>
    private readonly long[] _charged;
    private readonly long _declaredBytes;

    internal RowGroupReader(ParquetFileReader file, int index, RowGroup metadata)
    {
        _file = file;
        Index = index;
        Metadata = metadata;
        _budget = new DecodeBudget(index, metadata.NumRows, file.Options.MaxDecodedRowGroupBytes);
        _charged = new long[metadata.Columns.Count];
        _declaredBytes = DeclaredBytes(file, metadata);
    }

    public int Index { get; }
    public RowGroup Metadata { get; }
    public long RowCount => Metadata.NumRows;

    /// <summary>
    /// Decodes the whole column chunk of leaf column <paramref name="columnIndex"/>. Pass the batch returned for
    /// an earlier row group as <paramref name="reuse"/> to recycle its arrays. Safe to call from several threads
    /// for different columns.
    /// </summary>
    /// <exception cref="ParquetRowGroupTooLargeException">
    /// Decoding the columns read from this row group would allocate more than <see cref="ParquetReadOptions.MaxDecodedRowGroupBytes"/>.
    /// </exception>
    /// <exception cref="ParquetFormatException">The column chunk is malformed.</exception>
    public ColumnBatch ReadColumn(int columnIndex, ColumnBatch? reuse = null)
    {
        var column = _file.Schema.Columns[columnIndex];
        var batch = reuse is not null && reuse.Column == column ? reuse : new ColumnBatch(column);
        batch.Reset();
        var chunk = Metadata.Columns[columnIndex];
        try
        {
            // The footer's counts alone can show the row group does not fit: fail before decoding anything.
            _budget.Check(_declaredBytes);
            _budget.Release(Interlocked.Exchange(ref _charged[columnIndex], 0));
            batch.Budget = _budget;
            try
            {
                batch.ChargeHeld();
                new ColumnChunkReader(_file, chunk, column).ReadAll(batch);
            }
            finally
            {
                _charged[columnIndex] = batch.Charged;
                batch.Budget = null;
            }
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

    /// <summary>What the row group's columns certainly allocate, from the footer's value counts.</summary>
    private static long DeclaredBytes(ParquetFileReader file, RowGroup metadata)
    {
        long total = 0;
        for (var c = 0; c < metadata.Columns.Count && c < file.Schema.Columns.Count; c++)
        {
            var bytes = ColumnBatch.DeclaredBytes(file.Schema.Columns[c], metadata.Columns[c].MetaData?.NumValues ?? 0);
            total = bytes > long.MaxValue - total ? long.MaxValue : total + bytes;
        }
        return total;
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
