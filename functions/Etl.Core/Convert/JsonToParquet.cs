using Etl.Core.Json;
using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Core.Convert;

/// <summary>
/// JSON / NDJSON → Parquet as ../shared/spec/parquet-json.md ("JSON → Parquet") specifies: the schema is inferred
/// from every record (pass one, validating the whole input), then the records are read again, striped into column
/// batches and written row group by row group (pass two). Into a seekable output this is usually done in a single
/// pass with the same result: the schema is inferred from a prefix and every record is verified not to change it
/// (see <c>TrySinglePass</c>); when one would, the output is truncated and the two passes run. NDJSON is parsed and
/// shredded on <see cref="JsonToParquetOptions.Parallelism"/> cores in blocks of lines (<see cref="ParallelRecordShredder"/>),
/// with the result of one thread. A full row group is encoded and written by a background task while the next one
/// fills. Memory is bounded by two row groups plus one record (NDJSON: two blocks of lines per core).
/// </summary>
/// <remarks>
/// <para>Inputs: NDJSON / JSON Lines (blank lines allowed), a single object, a top-level array, or a single
/// scalar — see <see cref="JsonRecordReader"/>. Each object record is a row whose columns are its keys. When some
/// record is not an object (a scalar, an array or null — in a top-level array, or a top-level scalar), every
/// record is instead one row of a single column <c>value</c> holding it (e.g. <c>[1,2]</c> → two rows of
/// INT64 <c>value</c>); the same happens when no record has any key (<c>{}</c>), since a Parquet file needs a
/// column.</para>
/// <para>The inferred schema is stored in the footer's key-value metadata under
/// <see cref="InferredSchema.MetadataKey"/> (see <see cref="InferredSchema.ToJson"/>).</para>
/// </remarks>
public static class JsonToParquet
{
    /// <summary>How often (in input bytes read) pass two re-estimates the size of the row group it is buffering.</summary>
    private const long SizeCheckBytes = 8L * 1024 * 1024;

    /// <summary>
    /// Infers the schema of a JSON input (one pass; the stream need not be seekable). Throws
    /// <see cref="JsonInputException"/> for input that cannot be read.
    /// </summary>
    public static InferredSchema Infer(Stream json, JsonToParquetOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        options ??= new JsonToParquetOptions();
        return SchemaInference.Infer(json, options.Read, cancellationToken, ProgressOf(json, options.Progress, 0, 1));
    }

    /// <summary>
    /// Converts a JSON input into a Parquet file written to <paramref name="parquet"/> (which stays open). When the
    /// output is seekable the input is usually read once (the schema inferred from a prefix and verified on every
    /// record, else the output is truncated and the two passes below are done; the result is the same either way);
    /// otherwise it is read twice. A non-seekable input is first copied to a temporary file. Throws
    /// <see cref="JsonInputException"/> for input that cannot be read; nothing valid-looking is written then.
    /// </summary>
    public static JsonConversionResult Convert(Stream json, Stream parquet, JsonToParquetOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(parquet);
        options ??= new JsonToParquetOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1, nameof(options.Parallelism));
        using var spooled = json.CanSeek ? null : Spool(json, options, cancellationToken);
        var input = spooled ?? json;
        var start = input.Position;
        if (options.SinglePassPrefixRecords > 0 && parquet.CanSeek)
        {
            // Progress never goes back, even when the single pass falls back to two passes.
            if (options.Progress is { } reported) options = options with { Progress = new MonotonicProgress(reported) };
            if (TrySinglePass(input, start, parquet, options, cancellationToken) is { } done) return done;
        }
        var schema = SchemaInference.Infer(input, options.Read, ProgressOf(input, options.Progress, 0, 0.5), out var layout, cancellationToken);
        input.Position = start;
        var (rows, bytes, _) = Write(input, parquet, schema, layout, options, ProgressOf(input, options.Progress, 0.5, 1), null, cancellationToken);
        return new JsonConversionResult(rows, bytes, schema);
    }

    /// <summary>
    /// One pass instead of two: the schema is inferred from a prefix of the input, then every record is shredded
    /// and written right away by a strict <see cref="RecordShredder"/> that verifies it could not have changed that
    /// schema (a new key, another kind of value, a null or missing key in a REQUIRED column…; the numbers of DOUBLE
    /// columns are counted for the widening notes). The result is exactly the two-pass one. When a record does not
    /// fit (or is not valid), the output is truncated back and null is returned: the caller does the two passes
    /// (which also report the error of an invalid input as they always did).
    /// </summary>
    private static JsonConversionResult? TrySinglePass(Stream input, long start, Stream parquet, JsonToParquetOptions options, CancellationToken cancellationToken)
    {
        var inference = SchemaInference.InferPrefix(input, options.Read, options.SinglePassPrefixRecords, options.SinglePassPrefixBytes,
            out var complete, out var layout, cancellationToken);
        var prefix = inference.Build(layout.Shape);
        input.Position = start;
        if (complete)
        {
            // The prefix was the whole input: its schema is the two-pass one.
            var (rows, bytes, _) = Write(input, parquet, prefix, layout, options, ProgressOf(input, options.Progress, 0, 1), null, cancellationToken);
            return new JsonConversionResult(rows, bytes, prefix);
        }
        if (prefix.WrapsValues || !prefix.Fields.All(SinglePassFits)) return null;
        var outputStart = parquet.Position;
        try
        {
            var (rows, bytes, schema) = Write(input, parquet, prefix, layout with { LargestRecord = 0 }, options, ProgressOf(input, options.Progress, 0, 1), inference, cancellationToken);
            return new JsonConversionResult(rows, bytes, schema!);
        }
        catch (JsonInputException)
        {
            parquet.SetLength(outputStart);
            parquet.Position = outputStart;
            input.Position = start;
            return null;
        }
    }

    /// <summary>
    /// Whether a field inferred from a prefix can only stay as it is (or fail a strict shredder) over the rest of
    /// the input, apart from the counts of a DOUBLE column: no notes or widened counts (they hold counts), no JSON
    /// text columns (they take anything).
    /// </summary>
    private static bool SinglePassFits(InferredField field) => field.Type switch
    {
        InferredType.Double => true,
        InferredType.Boolean or InferredType.Int64 or InferredType.String or InferredType.Date or InferredType.Timestamp
            or InferredType.TimestampLocal => field.Note is null && field.Widened == 0,
        InferredType.Struct => field.Note is null && field.Fields.Count > 0 && field.Fields.All(SinglePassFits),
        InferredType.List => field.Note is null && field.Element is { } element && SinglePassFits(element),
        _ => false,
    };

    /// <summary>
    /// Normalizes a JSON input: the same inference as <see cref="Convert"/>, then the records written back as NDJSON
    /// (or a JSON array) in the inferred types — keys in schema order, missing keys as null, integers widened to
    /// doubles, timestamps in one ISO-8601 form, mixed values as strings or JSON. The output is exactly what
    /// converting the Parquet file of <see cref="Convert"/> to JSON gives (it goes through one, in a temporary file).
    /// </summary>
    public static JsonConversionResult Normalize(Stream json, Stream output, JsonOutputFormat format = JsonOutputFormat.Ndjson,
        JsonToParquetOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(output);
        options ??= new JsonToParquetOptions();
        using var temp = TempFile(options);
        var converted = Convert(json, temp, options with
        {
            Writer = options.Writer with { Compression = CompressionCodec.Uncompressed },
            SinglePassPrefixRecords = 0,
            Progress = options.Progress is null ? null : new ScaledProgress(options.Progress, 0, 0.8),
        }, cancellationToken);
        temp.Position = 0;
        var written = ParquetToJson.Convert(temp, output, format, new ParquetToJsonOptions
        {
            Progress = options.Progress is null ? null : new ScaledProgress(options.Progress, 0.8, 1),
        }, cancellationToken);
        return new JsonConversionResult(written.RowCount, written.BytesWritten, converted.InferredSchema);
    }

    /// <summary>
    /// Pass two: shreds and writes every record — NDJSON in blocks of lines on several cores
    /// (<see cref="ParallelRecordShredder"/>), other layouts record by record. With <paramref name="verify"/>
    /// (single pass) the schema came from a prefix; the shredder is strict and the schema stored (and returned) is
    /// the one finished over all records.
    /// </summary>
    private static (long Rows, long Bytes, InferredSchema? Final) Write(Stream input, Stream parquet, InferredSchema schema, InputLayout layout,
        JsonToParquetOptions options, Action<long>? progress, SchemaInference? verify, CancellationToken cancellationToken)
    {
        using var writer = new ParquetFileWriter(parquet, schema.ToParquetSchema(), options.Writer, leaveOpen: true);
        if (verify is null) writer.AddKeyValue(InferredSchema.MetadataKey, schema.ToJson());
        var groups = new RowGroupQueue(writer, options.Writer);
        long rows, consumed;
        try
        {
            (rows, consumed) = layout.IsNdjson && options.Parallelism > 1
                ? ShredInParallel(input, schema, writer, groups, options, progress, verify is not null, cancellationToken)
                : Shred(input, schema, layout, groups, options, progress, verify is not null, cancellationToken);
            groups.Complete();
        }
        catch
        {
            // Never leave the background writer running on the output (the caller may truncate it).
            groups.Abandon();
            throw;
        }
        InferredSchema? final = null;
        if (verify is not null)
        {
            final = verify.Finish(rows, layout.Shape);
            writer.AddKeyValue(InferredSchema.MetadataKey, final.ToJson());
        }
        else if (rows != schema.RecordCount)
        {
            throw new JsonInputException(JsonInputErrorKind.Changed,
                $"the input held {schema.RecordCount} records when the schema was inferred and {rows} when it was converted; the input must not change during the conversion");
        }
        writer.Close();
        progress?.Invoke(consumed);
        return (rows, writer.BytesWritten, final);
    }

    /// <summary>Shreds the records one by one on this thread. Returns the rows and the input bytes read.</summary>
    private static (long Rows, long Consumed) Shred(Stream input, InferredSchema schema, InputLayout layout, RowGroupQueue groups,
        JsonToParquetOptions options, Action<long>? progress, bool strict, CancellationToken cancellationToken)
    {
        var shredder = new RecordShredder(schema, groups.Filling, strict);
        using var records = new JsonRecordReader(input, options.Read, largestRecord: layout.LargestRecord);
        long rows = 0;
        long checkedAt = 0;
        while (records.Read())
        {
            shredder.Add(records);
            rows++;
            if ((rows & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke(records.BytesConsumed);
            }
            var flushed = groups.RowAdded();
            if (!flushed && (groups.Rows % RowGroupQueue.SizeCheckRows == 0 || records.BytesConsumed - checkedAt >= SizeCheckBytes))
            {
                checkedAt = records.BytesConsumed;
                flushed = groups.FlushIfLarge();
            }
            if (flushed) shredder.Rebind(groups.Filling);
        }
        if (strict) shredder.Commit();
        return (rows, records.BytesConsumed);
    }

    /// <summary>
    /// Shreds NDJSON in blocks of lines on <see cref="JsonToParquetOptions.Parallelism"/> cores and appends the
    /// blocks, in input order, to the row groups: the same rows, row groups and errors as <see cref="Shred"/>
    /// (the size of a row group is checked at the same rows; the extra check after every 8 MiB of input, for very
    /// large records, comes at the end of a block rather than of a record).
    /// </summary>
    private static (long Rows, long Consumed) ShredInParallel(Stream input, InferredSchema schema, ParquetFileWriter writer, RowGroupQueue groups,
        JsonToParquetOptions options, Action<long>? progress, bool strict, CancellationToken cancellationToken)
    {
        using var shredder = new ParallelRecordShredder(input, schema, writer.CreateBatches, options.Read, strict,
            options.Parallelism, options.ParallelBlockBytes, cancellationToken);
        long checkedAt = 0;
        var length = input.CanSeek ? input.Length - input.Position : 0;
        while (true)
        {
            var before = shredder.BytesConsumed;
            if (shredder.Next() is not var (batches, rows)) break;
            if (groups.Rows == 0 && length > 0)
            {
                // The rows left, estimated from this block's bytes per row (2 % over, as records vary).
                var bytesPerRow = (double)(shredder.BytesConsumed - before) / Math.Max(1, rows);
                groups.Presize(batches, rows, (long)((length - before) / bytesPerRow * 1.02) + 1);
            }
            groups.Append(batches, rows);
            if (shredder.BytesConsumed - checkedAt >= SizeCheckBytes)
            {
                checkedAt = shredder.BytesConsumed;
                groups.FlushIfLarge();
            }
            progress?.Invoke(shredder.BytesConsumed);
        }
        if (strict) shredder.Commit();
        return (shredder.RecordCount, shredder.BytesConsumed);
    }

    private static FileStream Spool(Stream json, JsonToParquetOptions options, CancellationToken cancellationToken)
    {
        var temp = TempFile(options);
        try
        {
            var buffer = new byte[1 << 20];
            int read;
            while ((read = json.Read(buffer)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                temp.Write(buffer, 0, read);
            }
            temp.Position = 0;
            return temp;
        }
        catch
        {
            temp.Dispose();
            throw;
        }
    }

    private static FileStream TempFile(JsonToParquetOptions options)
    {
        var directory = options.TempDirectory ?? Path.GetTempPath();
        var path = Path.Combine(directory, $"etl-json-{Guid.NewGuid():N}.tmp");
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    private static Action<long>? ProgressOf(Stream input, IProgress<double>? progress, double from, double to)
    {
        if (progress is null || !input.CanSeek) return null;
        var start = input.Position;
        var length = input.Length - start;
        if (length <= 0) return null;
        return bytes => progress.Report(from + (to - from) * Math.Min(1.0, (double)bytes / length));
    }

    private sealed class MonotonicProgress(IProgress<double> target) : IProgress<double>
    {
        private double _last = double.NegativeInfinity;

        public void Report(double value)
        {
            if (value < _last) return;
            _last = value;
            target.Report(value);
        }
    }

    private sealed class ScaledProgress(IProgress<double> target, double from, double to) : IProgress<double>
    {
        public void Report(double value) => target.Report(from + (to - from) * Math.Clamp(value, 0, 1));
    }
}
