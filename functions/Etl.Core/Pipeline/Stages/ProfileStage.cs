using System.Text.Json;
using Etl.Core.Jobs;
using Etl.Core.Profile;
using Etl.Core.Storage;
using Etl.Core.Validation;
using Etl.Parquet.File;

namespace Etl.Core.Pipeline.Stages;

/// <summary>
/// Profiles the job's Parquet — the input for Parquet uploads, the output for JSON uploads converted to Parquet —
/// and writes the profile as JSON to runs/{jobId}/profile.json.
/// </summary>
/// <param name="blobs">Where the Parquet is read and the profile written.</param>
/// <param name="read">Parquet reader settings, among them the decode budget of one row group; null = the codec's defaults.</param>
public sealed class ProfileStage(IBlobStore blobs, ParquetReadOptions? read = null) : IPipelineStage
{
    /// <summary>How many first rows the profile carries.</summary>
    public const int SampleRows = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Name => StageNames.Profile;

    public async Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var input = FileKinds.ParseWire(job.InputFormat);
        var outputFormat = job.OutputFormat ?? OutputFormats.DefaultFor(input);
        var parquetKey = input == FileKind.Parquet ? job.InputS3Key
            : outputFormat == OutputFormats.Parquet ? StorageKeys.Output(job.JobId, job.FileName, outputFormat)
            : null;
        if (parquetKey is null)
        {
            // JSON normalized to NDJSON/JSON: its inferred schema (runs/{jobId}/schema.json) is the profile there is.
            return StageOutput.None;
        }

        await using var parquet = await SeekableInput.OpenAsync(blobs, parquetKey, cancellationToken);
        DatasetProfile profile;
        try
        {
            profile = await Task.Run(() => ParquetProfiler.Profile(parquet, SampleRows, read, cancellationToken), cancellationToken);
        }
        finally
        {
            StageMemory.Release();
        }

        await blobs.WriteAsync(
            StorageKeys.Profile(job.JobId),
            (output, ct) => JsonSerializer.SerializeAsync(output, profile, Json, ct),
            cancellationToken);
        progress.Report(1);
        return new StageOutput(RowCount: profile.RowCount);
    }
}
