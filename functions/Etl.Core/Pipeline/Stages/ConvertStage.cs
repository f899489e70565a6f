using Etl.Core.Convert;
using Etl.Core.Jobs;
using Etl.Core.Json;
using Etl.Core.Normalize;
using Etl.Core.Storage;
using Etl.Core.Validation;
using Etl.Parquet.File;

namespace Etl.Core.Pipeline.Stages;

/// <summary>
/// Parquet → NDJSON or JSON, and JSON/NDJSON → Parquet (or NDJSON/JSON normalized by the same inference), into
/// output/{jobId}/…; or, for a normalized job (<see cref="NormalizeRule"/>), JSON/NDJSON → related tables, one Parquet
/// file each under output/{jobId}/tables/, described by runs/{jobId}/tables.json. The store writes to a temporary name and renames on success, so a failure leaves no output.
/// The output is held to <see cref="OutputLimits"/> while it is written: past them the conversion stops and the
/// stage fails with <see cref="OutputLimitExceededException"/>.
/// </summary>
/// <param name="blobs">Where inputs are read and outputs written.</param>
/// <param name="limits">The output limits; null = <see cref="OutputLimits.Default"/>.</param>
/// <param name="read">
/// Parquet reader settings, among them the decode budget of one row group (<see cref="DecodeLimits"/>); null = the
/// codec's defaults.
/// </param>
/// <param name="temporaryDirectory">
/// Where a JSON normalization puts its intermediate Parquet file (a host's own scratch folder, which it can empty
/// after a crash); null = the system temp folder.
/// </param>
public sealed class ConvertStage(IBlobStore blobs, OutputLimits? limits = null, string? temporaryDirectory = null, ParquetReadOptions? read = null) : IPipelineStage
{
    private readonly OutputLimits _limits = limits ?? OutputLimits.Default;

    public string Name => StageNames.Convert;

    public async Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var outputFormat = job.OutputFormat ?? OutputFormats.DefaultFor(FileKinds.ParseWire(job.InputFormat));
        var outputKey = StorageKeys.Output(job.JobId, job.FileName, outputFormat);
        var json = outputFormat == OutputFormats.Json ? JsonOutputFormat.Json : JsonOutputFormat.Ndjson;
        await using var input = await SeekableInput.OpenAsync(blobs, job.InputS3Key, cancellationToken);
        var limit = _limits.For(input.Length);
        if (FileKinds.ParseWire(job.InputFormat) != FileKind.Parquet
            && NormalizeRule.Applies(job, NormalizeRule.NeedsSchema(job) ? await SchemaOfAsync(job, input, cancellationToken) : null))
        {
            return await NormalizeAsync(job, input, limit, progress, cancellationToken);
        }
        long? rows = null;
        Func<Stream, CancellationToken, Task> convert;
        if (FileKinds.ParseWire(job.InputFormat) == FileKind.Parquet)
        {
            var options = new ParquetToJsonOptions { Progress = progress, Read = read };
            convert = (output, ct) => Task.Run(() => rows = ParquetToJson.Convert(input, output, json, options, ct).RowCount, ct);
        }
        else
        {
            var options = new JsonToParquetOptions { Progress = progress, TempDirectory = temporaryDirectory };
            convert = outputFormat == OutputFormats.Parquet
                ? (output, ct) => Task.Run(() => rows = JsonToParquet.Convert(input, output, options, ct).RowCount, ct)
                : (output, ct) => Task.Run(() => rows = JsonToParquet.Normalize(input, output, json, options, ct).RowCount, ct);
        }

        long bytesOut;
        try
        {
            bytesOut = await blobs.WriteAsync(outputKey, (output, ct) => convert(new LimitedOutputStream(output, limit), ct), cancellationToken);
        }
        finally
        {
            StageMemory.Release();
        }

        return new StageOutput(RowCount: rows, BytesOut: bytesOut, OutputKey: outputKey);
    }

    /// <summary>
    /// The related tables of a JSON job: written to a scratch folder, uploaded table by table, then tables.json (last,
    /// so a reader that finds it finds every table). A failure deletes what was uploaded.
    /// </summary>
    private async Task<StageOutput> NormalizeAsync(JobRecord job, Stream input, OutputLimit limit, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var options = NormalizeOptions.Parse(job.Options) with { Progress = progress };
        var dataset = job.Dataset ?? TableNamer.DatasetNameFromFile(job.FileName);
        var folder = Path.Combine(temporaryDirectory ?? Path.GetTempPath(), $"etl-normalize-{job.JobId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        using var sink = new StagedTableSink(job.JobId, folder, limit);
        try
        {
            var document = await Task.Run(() => JsonNormalizer.Normalize(input, dataset, sink, options, cancellationToken), cancellationToken);
            var bytesOut = await sink.UploadAsync(blobs, cancellationToken);
            try
            {
                await blobs.WriteAsync(StorageKeys.Tables(job.JobId), System.Text.Encoding.UTF8.GetBytes(document.ToJson()), cancellationToken);
            }
            catch
            {
                await sink.DeleteUploadedAsync(blobs);
                throw;
            }
            var root = document.Tables[0];
            return new StageOutput(RowCount: root.RowCount, BytesOut: bytesOut, OutputKey: root.File);
        }
        finally
        {
            StageMemory.Release();
        }
    }

    /// <summary>The schema the validate stage stored (runs/{jobId}/schema.json), else inferred here; the input is rewound.</summary>
    private async Task<InferredSchema> SchemaOfAsync(JobRecord job, Stream input, CancellationToken cancellationToken)
    {
        try
        {
            await using var stored = await blobs.OpenReadAsync(StorageKeys.Schema(job.JobId), cancellationToken);
            using var reader = new StreamReader(stored);
            return InferredSchema.Parse(await reader.ReadToEndAsync(cancellationToken));
        }
        catch (Exception e) when (e is BlobNotFoundException or FormatException or System.Text.Json.JsonException)
        {
            var start = input.Position;
            var schema = await Task.Run(() => JsonToParquet.Infer(input, cancellationToken: cancellationToken), cancellationToken);
            input.Position = start;
            return schema;
        }
    }
}
