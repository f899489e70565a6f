using Etl.Core.Convert;
using Etl.Core.Json;
using Etl.Parquet.File;

namespace Etl.Core.Normalize;

/// <summary>
/// The Parquet file of one table as its rows arrive: the row group being filled (and one being written in the
/// background, <see cref="RowGroupQueue"/>), rows written one by one (<see cref="Filling"/>) or a block's rows at
/// once (<see cref="Append"/>), and the table's totals.
/// </summary>
internal sealed class TableWriter : IDisposable
{
    private readonly Stream _output;
    private readonly ParquetFileWriter _writer;
    private readonly RowGroupQueue _groups;
    private bool _closed;

    public TableWriter(TablePlan plan, Stream output, ParquetWriterOptions settings)
    {
        Plan = plan;
        _output = output;
        var fields = new List<InferredField>(plan.ReservedCount + plan.Columns.Count)
        {
            new(ReservedColumns.Key, InferredType.String, false),
        };
        if (plan.Kind != TableKind.Root)
        {
            fields.Add(new InferredField(ReservedColumns.ParentKey, InferredType.String, false));
            fields.Add(new InferredField(ReservedColumns.RootKey, InferredType.String, false));
            fields.Add(new InferredField(ReservedColumns.Position, InferredType.Int64, false));
        }
        foreach (var column in plan.Columns) fields.Add(column.ToField());
        var schema = new InferredSchema(plan.ExpectedRows, JsonInputShape.Objects, wrapsValues: false, fields);
        _writer = new ParquetFileWriter(output, schema.ToParquetSchema(), settings, leaveOpen: true);
        _groups = new RowGroupQueue(_writer, settings);
        Filling = new TableRows(plan, _groups.Filling);
        Totals = new TableRows(plan, []);
    }

    public TablePlan Plan { get; }

    /// <summary>The rows written one by one, into the row group being filled.</summary>
    public TableRows Filling { get; }

    /// <summary>Rows, checksum and nulls of everything written so far.</summary>
    public TableRows Totals { get; }

    /// <summary>New empty batches of this table's columns (for a block read on another thread).</summary>
    public ColumnBatch[] CreateBatches() => _writer.CreateBatches();

    /// <summary>After a row of <see cref="Filling"/>: flushes a full row group and points <see cref="Filling"/> at the next batches.</summary>
    public void RowAdded()
    {
        var flushed = _groups.RowAdded();
        if (!flushed && _groups.Rows % RowGroupQueue.SizeCheckRows == 0) flushed = _groups.FlushIfLarge();
        if (flushed) Filling.Batches = _groups.Filling;
    }

    /// <summary>Appends the rows of a block (in input order) and adds its counts; the block is emptied for reuse.</summary>
    public void Append(TableRows block)
    {
        if (block.Rows > 0) _groups.Append(block.Batches, checked((int)block.Rows));
        Totals.Take(block);
        Filling.Batches = _groups.Filling;
    }

    /// <summary>Writes the last row group and the footer.</summary>
    public void Close()
    {
        _groups.Complete();
        _writer.Close();
        _closed = true;
        // Rows written one by one count once here; their batches belong to the queue, which has just written them.
        Totals.Rows += Filling.Rows;
        Totals.Checksum += Filling.Checksum;
        for (var i = 0; i < Totals.Nulls.Length; i++) Totals.Nulls[i] += Filling.Nulls[i];
    }

    public void Dispose()
    {
        if (!_closed) _groups.Abandon();
        _writer.Dispose();
        _output.Dispose();
    }
}
