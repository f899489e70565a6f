using Etl.Core.Json;
using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Core.Convert;

/// <summary>
/// JSON / NDJSON → Parquet as ../shared/spec/parquet-json.md ("JSON → Parquet") specifies: the schema is inferred
/// from every record (pass one, validating the whole input), then the records are read again, striped into column
/// batches and written row group by row group (pass two). Into a seekable output this is usually done in a single
/// pass with the same result: the schema is inferred from a prefix and every record is verified not to change it
/// (see <c>TrySinglePass</c>); when one would, the output is truncated and the two passes run. A full row group is
/// encoded and written by a background task while the next one fills. Memory is bounded by one record plus two
/// row groups.
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
        using var spooled = json.CanSeek ? null : Spool(json, options, cancellationToken);
        var input = spooled ?? json;
        var start = input.Position;
        if (options.SinglePassPrefixRecords > 0 && parquet.CanSeek)
        {
            // Progress never goes back, even when the single pass falls back to two passes.
            if (options.Progress is { } reported) options = options with { Progress = new MonotonicProgress(reported) };
            if (TrySinglePass(input, start, parquet, options, cancellationToken) is { } done) return done;
        }
        var schema = SchemaInference.Infer(input, options.Read, ProgressOf(input, options.Progress, 0, 0.5), out var largestRecord, cancellationToken);
        input.Position = start;
        var (rows, bytes, _) = Write(input, parquet, schema, largestRecord, options, ProgressOf(input, options.Progress, 0.5, 1), null, cancellationToken);
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
            out var complete, out var shape, out var largestRecord, cancellationToken);
        var prefix = inference.Build(shape);
        input.Position = start;
        if (complete)
        {
            // The prefix was the whole input: its schema is the two-pass one.
            var (rows, bytes, _) = Write(input, parquet, prefix, largestRecord, options, ProgressOf(input, options.Progress, 0, 1), null, cancellationToken);
            return new JsonConversionResult(rows, bytes, prefix);
        }
        if (prefix.WrapsValues || !prefix.Fields.All(SinglePassFits)) return null;
        var outputStart = parquet.Position;
        try
        {
            var (rows, bytes, schema) = Write(input, parquet, prefix, 0, options, ProgressOf(input, options.Progress, 0, 1), inference, cancellationToken);
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
    /// Pass two: shreds and writes every record. With <paramref name="verify"/> (single pass) the schema came from a
    /// prefix; the shredder is strict and the schema stored (and returned) is the one finished over all records.
    /// </summary>
    private static (long Rows, long Bytes, InferredSchema? Final) Write(Stream input, Stream parquet, InferredSchema schema, int largestRecord,
        JsonToParquetOptions options, Action<long>? progress, SchemaInference? verify, CancellationToken cancellationToken)
    {
        var settings = options.Writer;
        using var writer = new ParquetFileWriter(parquet, schema.ToParquetSchema(), settings, leaveOpen: true);
        if (verify is null) writer.AddKeyValue(InferredSchema.MetadataKey, schema.ToJson());
        // Two sets of batches: while a background task encodes and writes a full row group, the next one fills.
        var sets = new[] { writer.CreateBatches(), writer.CreateBatches() };
        var batches = sets[0];
        Task? pending = null;
        var shredder = new RecordShredder(schema, batches, strict: verify is not null);
        using var records = new JsonRecordReader(input, options.Read, largestRecord: largestRecord);
        long rows = 0;
        long inGroup = 0;
        long checkedAt = 0;
        try
        {
            while (records.Read())
            {
                shredder.Add(records);
                rows++;
                inGroup++;
                if ((rows & 1023) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Invoke(records.BytesConsumed);
                }
                if (inGroup >= settings.RowGroupRows)
                {
                    Flush();
                }
                else if ((inGroup & 1023) == 0 || records.BytesConsumed - checkedAt >= SizeCheckBytes)
                {
                    checkedAt = records.BytesConsumed;
                    if (writer.EstimatedBufferedBytes(batches) >= settings.RowGroupBytes) Flush();
                }
            }
            Flush();
            WaitForWriter();
        }
        catch
        {
            // Never leave the background writer running on the output (the caller may truncate it).
            if (pending is not null)
            {
                try
                {
                    pending.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // The first exception is the one that counts.
                }
            }
            throw;
        }
        InferredSchema? final = null;
        if (verify is not null)
        {
            shredder.Commit();
            final = verify.Finish(rows, records.Shape);
            writer.AddKeyValue(InferredSchema.MetadataKey, final.ToJson());
        }
        else if (rows != schema.RecordCount)
        {
            throw new JsonInputException(JsonInputErrorKind.Changed,
                $"the input held {schema.RecordCount} records when the schema was inferred and {rows} when it was converted; the input must not change during the conversion");
        }
        writer.Close();
        progress?.Invoke(records.BytesConsumed);
        return (rows, writer.BytesWritten, final);

        void Flush()
        {
            if (inGroup == 0) return;
            WaitForWriter();
            var full = batches;
            var count = inGroup;
            pending = Task.Run(() =>
            {
                writer.WriteRowGroup(full, count);
                foreach (var batch in full) batch.Clear();
            }, CancellationToken.None);
            batches = ReferenceEquals(full, sets[0]) ? sets[1] : sets[0];
            shredder.Rebind(batches);
            inGroup = 0;
        }

        // Waits for the row group being written (its exception, if any, is thrown here).
        void WaitForWriter()
        {
            if (pending is null) return;
            var task = pending;
            pending = null;
            task.GetAwaiter().GetResult();
        }
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
