using System.Text.Json;
using Etl.Core.Jobs;
using Etl.Core.Profile;
using Etl.Core.Storage;
using Etl.Core.Validation;

namespace Etl.Core.Pipeline.Stages;

/// <summary>Profiles a Parquet input and writes the profile as JSON to runs/{jobId}/profile.json.</summary>
public sealed class ProfileStage(IBlobStore blobs) : IPipelineStage
{
    /// <summary>How many first rows the profile carries.</summary>
    public const int SampleRows = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Name => StageNames.Profile;

    public async Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        if (FileKinds.ParseWire(job.InputFormat) != FileKind.Parquet)
        {
            return StageOutput.None;
        }

        await using var input = await SeekableInput.OpenAsync(blobs, job.InputS3Key, cancellationToken);
        var profile = await Task.Run(() => ParquetProfiler.Profile(input, SampleRows, cancellationToken), cancellationToken);
        await blobs.WriteAsync(
            StorageKeys.Profile(job.JobId),
            (output, ct) => JsonSerializer.SerializeAsync(output, profile, Json, ct),
            cancellationToken);
        progress.Report(1);
        return new StageOutput(RowCount: profile.RowCount);
    }
}
