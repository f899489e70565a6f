using System.Collections.Concurrent;
using Etl.Parquet;
using Etl.Parquet.File;

namespace Etl.Core.Convert;

/// <summary>Options of a Parquet → JSON conversion.</summary>
public sealed record ParquetToJsonOptions
{
    /// <summary>Stop after this many rows (previews); null = all.</summary>
    public long? MaxRows { get; init; }

    /// <summary>Worker threads for decoding and formatting; defaults to the processor count.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Receives the fraction of rows written (0–1) after each row group.</summary>
    public IProgress<double>? Progress { get; init; }

    /// <summary>Reader settings (checksum verification, limits).</summary>
    public ParquetReadOptions? Read { get; init; }
}

/// <summary>What a conversion produced.</summary>
public sealed record ConversionResult(long RowCount, long BytesWritten);

/// <summary>
/// Streams a Parquet file into NDJSON or JSON as ../shared/spec/parquet-json.md specifies. One row group is
/// decoded at a time (its columns in parallel), cut into slices of rows that workers format in parallel, and the
/// slices are written in order — so memory is bounded by a row group, not by the file.
/// </summary>
public static class ParquetToJson
{
    /// <summary>Target size of one formatted slice; small enough to keep memory flat, large enough to amortize.</summary>
    private const int SliceBytesTarget = 2 * 1024 * 1024;

    /// <summary>Converts; throws <see cref="ParquetFormatException"/> for a file it cannot read.</summary>
    public static ConversionResult Convert(Stream parquet, Stream output, JsonOutputFormat format,
        ParquetToJsonOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ParquetToJsonOptions();
        using var reader = new ParquetFileReader(parquet, leaveOpen: true, options.Read);
        return Convert(reader, output, format, options, cancellationToken);
    }

    /// <summary>Converts from an open reader (which stays open).</summary>
    public static ConversionResult Convert(ParquetFileReader reader, Stream output, JsonOutputFormat format,
        ParquetToJsonOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ParquetToJsonOptions();
        var job = new Conversion(reader, output, format, options, cancellationToken);
        return job.Run();
    }

    /// <summary>
    /// Appends the first <paramref name="rows"/> rows of one row group's columns, already decoded by the caller for
    /// another purpose, as NDJSON — so a caller wanting a few rows does not decode the row group a second time.
    /// </summary>
    internal static void WriteDecodedRows(ParquetFileReader reader, ColumnBatch[] batches, int rowGroup, int rows, Stream output)
    {
        var conversion = new Conversion(reader, output, JsonOutputFormat.Ndjson, new ParquetToJsonOptions { Parallelism = 1 }, CancellationToken.None);
        conversion.WriteDecoded(batches, rowGroup, rows);
    }

    private sealed class Conversion(ParquetFileReader reader, Stream output, JsonOutputFormat format,
        ParquetToJsonOptions options, CancellationToken cancellationToken)
    {
        private readonly FieldWriter _rows = RecordAssembly.ForRows(reader.Schema);
        private readonly FlatRowWriter? _flat = FlatRowWriter.TryCreate(reader.Schema);
        private readonly ConcurrentBag<JsonBuffer> _buffers = [];
        private readonly ConcurrentBag<FlatRowWriter.Scratch> _scratches = [];
        private readonly int _parallelism = Math.Max(1, options.Parallelism);
        private ColumnBatch[] _batches = new ColumnBatch[reader.Schema.Columns.Count];
        private long _rowsWritten;
        private long _bytesWritten;
        private double _bytesPerRow = 64;

        public ConversionResult Run()
        {
            var limit = options.MaxRows ?? long.MaxValue;
            var total = Math.Min(limit, reader.RowCount);
            Emit(format == JsonOutputFormat.Json ? "[\n"u8 : default);
            for (var g = 0; g < reader.RowGroupCount && _rowsWritten < limit; g++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var group = reader.RowGroup(g);
                if (group.RowCount == 0) continue;
                if (group.RowCount > int.MaxValue)
                    throw new ParquetFormatException($"row group {g} declares {group.RowCount} rows, more than one row group can hold").At(rowGroup: g);
                Decode(group);
                var rows = (int)Math.Min(group.RowCount, limit - _rowsWritten);
                WriteRows(rows, g);
                _rowsWritten += rows;
                if (total > 0) options.Progress?.Report((double)_rowsWritten / total);
            }
            Emit(format == JsonOutputFormat.Json ? (_rowsWritten == 0 ? "]\n"u8 : "\n]\n"u8) : default);
            output.Flush();
            return new ConversionResult(_rowsWritten, _bytesWritten);
        }

        public void WriteDecoded(ColumnBatch[] batches, int rowGroup, int rows)
        {
            _batches = batches;
            WriteRows(rows, rowGroup);
            output.Flush();
        }

        private void Decode(RowGroupReader group)
        {
            var batches = _batches;
            try
            {
                Parallel.For(0, batches.Length, new ParallelOptions { MaxDegreeOfParallelism = _parallelism, CancellationToken = cancellationToken },
                    c => batches[c] = group.ReadColumn(c, batches[c]));
            }
            catch (AggregateException e) when (e.InnerExceptions.Count > 0)
            {
                // Report the first failing column as itself, not wrapped: callers handle ParquetFormatException.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            }
        }

        private void WriteRows(int rows, int group)
        {
            var step = (int)Math.Clamp(SliceBytesTarget / _bytesPerRow, 256, 1 << 20);
            var cuts = RowSlices.Cut(_batches, rows, step);
            var slices = cuts.Count - 1;
            var window = _parallelism * 2;
            var tasks = new Task<JsonBuffer>[slices];
            var started = 0;
            long bytes = 0;
            try
            {
                for (var s = 0; s < slices; s++)
                {
                    for (; started < slices && started < s + window; started++)
                    {
                        var index = started;
                        tasks[index] = Task.Run(() => Format(cuts[index], cuts[index + 1], group), cancellationToken);
                    }
                    var buffer = tasks[s].GetAwaiter().GetResult();
                    bytes += buffer.Length;
                    Emit(buffer.Written);
                    buffer.Clear();
                    _buffers.Add(buffer);
                }
            }
            finally
            {
                // Let started workers finish before their batches are reused or the caller sees the exception.
                for (var s = 0; s < started; s++)
                {
                    try { tasks[s].Wait(CancellationToken.None); }
                    catch (AggregateException) { }
                }
            }
            if (rows > 0) _bytesPerRow = Math.Max(8, (double)bytes / rows);
        }

        private JsonBuffer Format((int Row, int[] Levels, int[] Values) from, (int Row, int[] Levels, int[] Values) to, int group)
        {
            var buffer = _buffers.TryTake(out var pooled) ? pooled : new JsonBuffer(SliceBytesTarget + SliceBytesTarget / 2);
            var json = format == JsonOutputFormat.Json;
            if (_flat is not null)
            {
                var scratch = _scratches.TryTake(out var s) ? s : new FlatRowWriter.Scratch(_batches.Length);
                try
                {
                    _flat.Write(_batches, from.Row, to.Row, from.Values, scratch, buffer, json, _rowsWritten > 0 || from.Row > 0);
                }
                catch (ParquetFormatException e)
                {
                    throw e.At(rowGroup: group);
                }
                _scratches.Add(scratch);
                return buffer;
            }
            var cursor = new RowCursor(_batches);
            cursor.Seek(from.Levels, from.Values);
            try
            {
                for (var row = from.Row; row < to.Row; row++)
                {
                    if (json && (_rowsWritten > 0 || row > 0)) buffer.Write(",\n"u8);
                    _rows.Write(cursor, buffer);
                    if (!json) buffer.Write((byte)'\n');
                }
                for (var leaf = 0; leaf < _batches.Length; leaf++)
                {
                    if (cursor.Level[leaf] != to.Levels[leaf]) throw RowCursor.Disagree(_batches[leaf]);
                }
            }
            catch (ParquetFormatException e)
            {
                throw e.At(rowGroup: group);
            }
            return buffer;
        }

        private void Emit(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty) return;
            output.Write(bytes);
            _bytesWritten += bytes.Length;
        }
    }
}
