using Etl.Core.Convert;
using Etl.Core.Jobs;
using Etl.Core.Storage;
using Etl.Core.Validation;

namespace Etl.Core.Pipeline.Stages;

/// <summary>
/// Parquet → NDJSON or JSON, and JSON/NDJSON → Parquet (or NDJSON/JSON normalized by the same inference), into
/// output/{jobId}/… The store writes to a temporary name and renames on success, so a failure leaves no output.
/// </summary>
/// <param name="blobs">Where inputs are read and outputs written.</param>
/// <param name="temporaryDirectory">
/// Where a JSON normalization puts its intermediate Parquet file (a host's own scratch folder, which it can empty
/// after a crash); null = the system temp folder.
/// </param>
public sealed class ConvertStage(IBlobStore blobs, string? temporaryDirectory = null) : IPipelineStage
{
    public string Name => StageNames.Convert;

    public async Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var outputFormat = job.OutputFormat ?? OutputFormats.DefaultFor(FileKinds.ParseWire(job.InputFormat));
        var outputKey = StorageKeys.Output(job.JobId, job.FileName, outputFormat);
        var json = outputFormat == OutputFormats.Json ? JsonOutputFormat.Json : JsonOutputFormat.Ndjson;
        await using var input = await SeekableInput.OpenAsync(blobs, job.InputS3Key, cancellationToken);
        long? rows = null;
        Func<Stream, CancellationToken, Task> write;
        if (FileKinds.ParseWire(job.InputFormat) == FileKind.Parquet)
        {
            var options = new ParquetToJsonOptions { Progress = progress };
            write = (output, ct) => Task.Run(() => rows = ParquetToJson.Convert(input, output, json, options, ct).RowCount, ct);
        }
        else
        {
            var options = new JsonToParquetOptions { Progress = progress, TempDirectory = temporaryDirectory };
            write = outputFormat == OutputFormats.Parquet
                ? (output, ct) => Task.Run(() => rows = JsonToParquet.Convert(input, output, options, ct).RowCount, ct)
                : (output, ct) => Task.Run(() => rows = JsonToParquet.Normalize(input, output, json, options, ct).RowCount, ct);
        }

        var bytesOut = await blobs.WriteAsync(outputKey, write, cancellationToken);
        return new StageOutput(RowCount: rows, BytesOut: bytesOut, OutputKey: outputKey);
    }
}
