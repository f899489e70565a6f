using Etl.Core.Convert;
using Etl.Core.Json;
using Etl.Parquet.File;

namespace Etl.Core.Normalize;

/// <summary>
/// The Parquet file of one table as its rows arrive: the row group being filled (and one being written in the
/// background, <see cref="RowGroupQueue"/>), the rows written, and the order-independent checksum of the rows.
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
    }

    public TablePlan Plan { get; }

    /// <summary>The batches of the row group being filled, one per leaf (reserved columns first).</summary>
    public ColumnBatch[] Batches => _groups.Filling;

    public long Rows { get; private set; }

    /// <summary>Sum of the rows' hashes (wrapping): the same rows in any order give the same checksum.</summary>
    public ulong Checksum { get; private set; }

    public long RowStamp { get; private set; }

    /// <summary>Sum of the hashes of the current row's values (order-independent within the row too: keys come in any order).</summary>
    public ulong RowSum;

    public long BytesWritten => _writer.BytesWritten;

    public void BeginRow()
    {
        RowStamp++;
        RowSum = 0;
    }

    /// <summary>Ends the row: columns it did not hold get nulls (a required one missing means the input changed).</summary>
    public void EndRow(ref System.Text.Json.Utf8JsonReader reader)
    {
        var columns = Plan.Columns;
        var batches = _groups.Filling;
        var stamp = RowStamp;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            if (column.Stamp == stamp) continue;
            if (!column.Nullable && !column.IsList)
            {
                throw new RecordProblemException(reader.TokenStartIndex, JsonInputErrorKind.Changed,
                    $"'{column.SourcePath}' is missing here, but every row had it when the input was surveyed; the input must not change during the normalization");
            }
            batches[column.Leaf].AppendLevels(0, 0);
            column.Nulls++;
            RowSum += column.Seed;
        }
        Checksum += RowHash.Mix(RowSum, 0x9E3779B97F4A7C15UL);
        Rows++;
        if (!_groups.RowAdded() && _groups.Rows % RowGroupQueue.SizeCheckRows == 0) _groups.FlushIfLarge();
    }

    /// <summary>Writes the last row group and the footer.</summary>
    public void Close()
    {
        _groups.Complete();
        _writer.Close();
        _closed = true;
    }

    public void Dispose()
    {
        if (!_closed) _groups.Abandon();
        _writer.Dispose();
        _output.Dispose();
    }
}
