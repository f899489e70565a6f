using Etl.Core.Convert;
using Etl.Core.Jobs;
using Etl.Core.Storage;
using Etl.Core.Validation;

namespace Etl.Core.Pipeline.Stages;

/// <summary>
/// Checks the upload is what it claims: the Parquet envelope, or JSON/NDJSON read to the end by the same reader and
/// inference the conversion uses — so a file that passes here converts, and the inferred schema (with its widening
/// notes) is kept as runs/{jobId}/schema.json for people to review.
/// </summary>
public sealed class ValidateStage(IBlobStore blobs) : IPipelineStage
{
    public string Name => StageNames.Validate;

    public async Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var info = await blobs.GetInfoAsync(job.InputS3Key, cancellationToken)
            ?? throw new InputValidationException(InputErrorTypes.MissingInput,
                $"No uploaded file was found for job {job.JobId}. PUT the file to the uploadUrl before triggering, or upload it again.");
        if (info.Size == 0)
        {
            throw new InputValidationException(InputErrorTypes.EmptyFile, "The uploaded file is empty (0 bytes). Upload the file again.");
        }

        await using var input = await SeekableInput.OpenAsync(blobs, job.InputS3Key, cancellationToken);
        if (FileKinds.ParseWire(job.InputFormat) == FileKind.Parquet)
        {
            ParquetEnvelope.Check(input);
        }
        else
        {
            var options = new JsonToParquetOptions { Progress = progress };
            var schema = await Task.Run(() => JsonToParquet.Infer(input, options, cancellationToken), cancellationToken);
            await blobs.WriteAsync(
                StorageKeys.Schema(job.JobId),
                (output, ct) => output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(schema.ToJson(indented: true)), ct).AsTask(),
                cancellationToken);
        }

        progress.Report(1);
        return new StageOutput(BytesIn: info.Size);
    }
}
