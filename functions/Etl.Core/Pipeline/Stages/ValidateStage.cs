using Etl.Core.Jobs;
using Etl.Core.Storage;
using Etl.Core.Validation;

namespace Etl.Core.Pipeline.Stages;

/// <summary>Checks the upload is what it claims: the Parquet envelope, or JSON/NDJSON that parses to the end.</summary>
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
        var kind = FileKinds.ParseWire(job.InputFormat);
        if (kind == FileKind.Parquet)
        {
            ParquetEnvelope.Check(input);
        }
        else
        {
            await JsonInputCheck.CheckAsync(input, kind, cancellationToken);
        }

        progress.Report(1);
        return new StageOutput(BytesIn: info.Size);
    }
}
