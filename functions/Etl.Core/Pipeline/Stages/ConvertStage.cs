using Etl.Core.Convert;
using Etl.Core.Jobs;
using Etl.Core.Storage;
using Etl.Core.Validation;

namespace Etl.Core.Pipeline.Stages;

/// <summary>Parquet → NDJSON or JSON into output/{jobId}/…; JSON → Parquet waits for the Parquet writer.</summary>
public sealed class ConvertStage(IBlobStore blobs) : IPipelineStage
{
    public string Name => StageNames.Convert;

    public async Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        if (FileKinds.ParseWire(job.InputFormat) != FileKind.Parquet)
        {
            throw new NotSupportedException(
                $"Converting {job.InputFormat.ToUpperInvariant()} to Parquet is not available in this version yet; it arrives with the Parquet writer. " +
                $"The upload is kept ({job.InputS3Key}); upload it again once JSON → Parquet is released.");
        }

        var format = job.OutputFormat == OutputFormats.Json ? JsonOutputFormat.Json : JsonOutputFormat.Ndjson;
        var outputKey = StorageKeys.Output(job.JobId, job.FileName, format == JsonOutputFormat.Json ? OutputFormats.Json : OutputFormats.Ndjson);

        await using var input = await SeekableInput.OpenAsync(blobs, job.InputS3Key, cancellationToken);
        ConversionResult? result = null;
        var options = new ParquetToJsonOptions { Progress = progress };
        var bytesOut = await blobs.WriteAsync(
            outputKey,
            (output, ct) => Task.Run(() => result = ParquetToJson.Convert(input, output, format, options, ct), ct),
            cancellationToken);

        return new StageOutput(RowCount: result?.RowCount, BytesOut: bytesOut, OutputKey: outputKey);
    }
}
