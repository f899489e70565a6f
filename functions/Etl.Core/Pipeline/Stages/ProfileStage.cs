using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, TypeInfoResolver = CoreDocumentsJson.Default };

    private static readonly JsonTypeInfo<DatasetProfile> ProfileJson = (JsonTypeInfo<DatasetProfile>)Json.GetTypeInfo(typeof(DatasetProfile));

    public string Name => StageNames.Profile;

    public async Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var input = FileKinds.ParseWire(job.InputFormat);
        if (input != FileKind.Parquet && job.OutputS3Key is { } output && output.StartsWith(StorageKeys.TablesFolder(job.JobId) + "/", StringComparison.Ordinal))
            return await ProfileTablesAsync(job, progress, cancellationToken);
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
            (output, ct) => JsonSerializer.SerializeAsync(output, profile, ProfileJson, ct),
            cancellationToken);
        progress.Report(1);
        return new StageOutput(RowCount: profile.RowCount);
    }

    /// <summary>
    /// A normalized job: every table of tables.json profiled; profile.json is the root table's profile (so clients
    /// that read one profile keep working) plus <c>tables: [{name, profile}]</c> for each table.
    /// </summary>
    private async Task<StageOutput> ProfileTablesAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        Datasets.TablesDocument document;
        await using (var stored = await blobs.OpenReadAsync(StorageKeys.Tables(job.JobId), cancellationToken))
        using (var reader = new StreamReader(stored))
            document = Datasets.TablesDocument.Parse(await reader.ReadToEndAsync(cancellationToken));
        var tables = new System.Text.Json.Nodes.JsonArray();
        System.Text.Json.Nodes.JsonObject? top = null;
        long rows = 0;
        for (var i = 0; i < document.Tables.Count; i++)
        {
            var table = document.Tables[i];
            await using var parquet = await SeekableInput.OpenAsync(blobs, table.File!, cancellationToken);
            DatasetProfile profile;
            try
            {
                profile = await Task.Run(() => ParquetProfiler.Profile(parquet, SampleRows, read, cancellationToken), cancellationToken);
            }
            finally
            {
                StageMemory.Release();
            }
            var node = JsonSerializer.SerializeToNode(profile, ProfileJson)!;
            if (i == 0)
            {
                top = node.DeepClone().AsObject();
                rows = profile.RowCount;
            }
            tables.Add((System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject { ["name"] = table.Name, ["profile"] = node });
            progress.Report((i + 1.0) / document.Tables.Count);
        }
        top ??= [];
        top["tables"] = tables;
        await blobs.WriteAsync(
            StorageKeys.Profile(job.JobId),
            (output, ct) => output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(top.ToJsonString(Json)), ct).AsTask(),
            cancellationToken);
        return new StageOutput(RowCount: rows);
    }
}
