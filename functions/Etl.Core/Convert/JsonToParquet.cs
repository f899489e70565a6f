using Etl.Core.Json;
using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Core.Convert;

/// <summary>
/// JSON / NDJSON → Parquet as ../shared/spec/parquet-json.md ("JSON → Parquet") specifies: the schema is inferred
/// from every record (pass one, validating the whole input), then the records are read again, striped into column
/// batches and written row group by row group (pass two). Memory is bounded by one record plus one row group.
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
    /// Converts a JSON input into a Parquet file written to <paramref name="parquet"/> (which stays open). The input
    /// is read twice; a non-seekable input is first copied to a temporary file. Throws
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
        var schema = SchemaInference.Infer(input, options.Read, ProgressOf(input, options.Progress, 0, 0.5), out var largestRecord, cancellationToken);
        input.Position = start;
        var (rows, bytes) = Write(input, parquet, schema, largestRecord, options, ProgressOf(input, options.Progress, 0.5, 1), cancellationToken);
        return new JsonConversionResult(rows, bytes, schema);
    }

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
            Progress = options.Progress is null ? null : new ScaledProgress(options.Progress, 0, 0.8),
        }, cancellationToken);
        temp.Position = 0;
        var written = ParquetToJson.Convert(temp, output, format, new ParquetToJsonOptions
        {
            Progress = options.Progress is null ? null : new ScaledProgress(options.Progress, 0.8, 1),
        }, cancellationToken);
        return new JsonConversionResult(written.RowCount, written.BytesWritten, converted.InferredSchema);
    }

    private static (long Rows, long Bytes) Write(Stream input, Stream parquet, InferredSchema schema, int largestRecord,
        JsonToParquetOptions options, Action<long>? progress, CancellationToken cancellationToken)
    {
        var settings = options.Writer;
        using var writer = new ParquetFileWriter(parquet, schema.ToParquetSchema(), settings, leaveOpen: true);
        writer.AddKeyValue(InferredSchema.MetadataKey, schema.ToJson());
        var batches = writer.CreateBatches();
        var shredder = new RecordShredder(schema, batches);
        using var records = new JsonRecordReader(input, options.Read, largestRecord: largestRecord);
        long rows = 0;
        long inGroup = 0;
        long checkedAt = 0;
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
        if (rows != schema.RecordCount)
        {
            throw new JsonInputException(JsonInputErrorKind.Changed,
                $"the input held {schema.RecordCount} records when the schema was inferred and {rows} when it was converted; the input must not change during the conversion");
        }
        Flush();
        writer.Close();
        progress?.Invoke(records.BytesConsumed);
        return (rows, writer.BytesWritten);

        void Flush()
        {
            if (inGroup == 0) return;
            writer.WriteRowGroup(batches, inGroup);
            foreach (var batch in batches) batch.Clear();
            inGroup = 0;
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

    private sealed class ScaledProgress(IProgress<double> target, double from, double to) : IProgress<double>
    {
        public void Report(double value) => target.Report(from + (to - from) * Math.Clamp(value, 0, 1));
    }
}
