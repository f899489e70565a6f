using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Core.Convert;

/// <summary>
/// The row groups of a conversion on their way into a <see cref="ParquetFileWriter"/>: the batches being filled
/// (<see cref="Filling"/>) and the full row group a background task is encoding and writing meanwhile. Two sets of
/// batches take turns, so memory is bounded by two row groups. A row group is full at
/// <see cref="ParquetWriterOptions.RowGroupRows"/> rows, or when <see cref="FlushIfLarge"/> finds it has reached
/// <see cref="ParquetWriterOptions.RowGroupBytes"/>.
/// </summary>
internal sealed class RowGroupQueue
{
    /// <summary>How often, in rows of a row group, its size in bytes is checked.</summary>
    public const int SizeCheckRows = 1024;

    private readonly ParquetFileWriter _writer;
    private readonly ColumnBatch[][] _sets;
    private readonly int _rowGroupRows;
    private readonly long _rowGroupBytes;
    private readonly int[] _levels;
    private readonly int[] _values;
    private Task? _pending;

    public RowGroupQueue(ParquetFileWriter writer, ParquetWriterOptions settings)
    {
        _writer = writer;
        _sets = [writer.CreateBatches(), writer.CreateBatches()];
        _rowGroupRows = Math.Max(1, settings.RowGroupRows);
        _rowGroupBytes = settings.RowGroupBytes;
        _levels = new int[_sets[0].Length];
        _values = new int[_sets[0].Length];
        Filling = _sets[0];
    }

    /// <summary>The batches of the row group being filled (another set after each flush).</summary>
    public ColumnBatch[] Filling { get; private set; }

    /// <summary>Rows in <see cref="Filling"/>.</summary>
    public long Rows { get; private set; }

    /// <summary>One more row was shredded into <see cref="Filling"/>; true when that filled it and it was flushed.</summary>
    public bool RowAdded()
    {
        if (++Rows < _rowGroupRows) return false;
        Flush();
        return true;
    }

    /// <summary>Flushes when the rows buffered have reached the row-group size in bytes; true when it did.</summary>
    public bool FlushIfLarge()
    {
        if (Rows == 0 || _writer.EstimatedBufferedBytes(Filling) < _rowGroupBytes) return false;
        Flush();
        return true;
    }

    /// <summary>
    /// Appends the <paramref name="rows"/> rows of batches filled elsewhere (one per leaf column, same columns),
    /// flushing at every row-group boundary they cross and checking the size every <see cref="SizeCheckRows"/> rows
    /// of the row group — so the row groups are those of the same rows added one by one.
    /// </summary>
    public void Append(ColumnBatch[] batches, int rows)
    {
        Array.Clear(_levels);
        Array.Clear(_values);
        var done = 0;
        while (done < rows)
        {
            var take = (int)Math.Min(rows - done, Math.Min(_rowGroupRows - Rows, SizeCheckRows - Rows % SizeCheckRows));
            var rest = take == rows - done;
            var filling = Filling;
            for (var i = 0; i < batches.Length; i++)
            {
                var source = batches[i];
                var end = rest ? source.LevelCount : source.LevelAfterRows(_levels[i], take);
                _values[i] = filling[i].AppendRange(source, _levels[i], end, _values[i]);
                _levels[i] = end;
            }
            done += take;
            Rows += take;
            if (Rows >= _rowGroupRows) Flush();
            else if (Rows % SizeCheckRows == 0) FlushIfLarge();
        }
    }

    /// <summary>
    /// Before the first rows of a row group are appended: sizes <see cref="Filling"/> once for the rows it is
    /// expected to take (at most a row group's rows and bytes), in proportion to a sample of <paramref name="rows"/>
    /// rows, so it does not grow by doubling — each doubling copies the batch and touches fresh memory.
    /// </summary>
    public void Presize(ColumnBatch[] sample, int rows, long expectedRows)
    {
        if (Rows != 0 || rows <= 0) return;
        var sampleBytes = Math.Max(1, _writer.EstimatedBufferedBytes(sample));
        var target = Math.Min(Math.Min(expectedRows, _rowGroupRows), Math.Max(rows, _rowGroupBytes * rows / sampleBytes));
        if (target <= rows) return;
        var scale = (double)target / rows;
        for (var i = 0; i < sample.Length; i++)
        {
            var from = sample[i];
            var bytes = from.Column.PhysicalType == PhysicalType.ByteArray ? from.ByteArrays.ByteLength : 0;
            Filling[i].Reserve(Scaled(from.LevelCount, scale), Scaled(from.ValueCount, scale), (long)(bytes * scale));
        }
    }

    private static int Scaled(int count, double scale) => (int)Math.Min(Array.MaxLength / 16, count * scale);

    /// <summary>Hands the row group being filled to the background writer (after the previous one is written).</summary>
    public void Flush()
    {
        if (Rows == 0) return;
        Wait();
        var full = Filling;
        var count = Rows;
        var writer = _writer;
        _pending = Task.Run(() =>
        {
            writer.WriteRowGroup(full, count);
            foreach (var batch in full) batch.Clear();
        }, CancellationToken.None);
        Filling = ReferenceEquals(full, _sets[0]) ? _sets[1] : _sets[0];
        Rows = 0;
    }

    /// <summary>Flushes the last row group and waits until every row group is written (throwing a write's error).</summary>
    public void Complete()
    {
        Flush();
        Wait();
    }

    /// <summary>After a failure: waits for the background writer to stop (the caller may truncate the output), ignoring its error.</summary>
    public void Abandon()
    {
        if (_pending is not { } task) return;
        _pending = null;
        try
        {
            task.Wait(CancellationToken.None);
        }
        catch (AggregateException)
        {
            // The caller's exception is the one that counts.
        }
    }

    private void Wait()
    {
        if (_pending is not { } task) return;
        _pending = null;
        task.GetAwaiter().GetResult();
    }
}
