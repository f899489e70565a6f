using System.Text.Json.Nodes;
using Etl.Core.Agents;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Pipeline.Stages;
using Etl.Core.Profile;
using Etl.Core.Storage;

namespace Etl.Agents.Pipeline;

/// <summary>
/// Turns the source an agent request names — a catalog dataset (at the version fixed when the job was created), the
/// tables of a convert job, or Glue-style database + tables — into the <see cref="AgentSource"/> the agents work over.
/// A source that is gone or unusable fails the job with <see cref="ErrorType"/> and a sentence saying what to do.
/// </summary>
public sealed class SourceResolver(IBlobStore blobs, ICatalog catalog, IJobStore jobs)
{
    public const string ErrorType = AgentErrorTypes.SourceUnavailable;

    public async Task<AgentSource> ResolveAsync(AgentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (name, document, jobId, dataset, version) = await TablesAsync(request, cancellationToken);
        if (request.SourceTables is { Count: > 0 } wanted)
        {
            var kept = new List<TableSchema>();
            foreach (var table in wanted)
            {
                kept.Add(document.Table(table) ?? throw Unavailable(
                    $"source table '{table}' is not in {name} (its tables are {string.Join(", ", document.Tables.Select(t => t.Name))}); ask again with existing table names."));
            }
            document = document with { Tables = kept };
        }

        var profiles = await ProfilesAsync(jobId, document, cancellationToken);
        var tables = await SourceTables.DescribeAsync(document,
            (table, ct) => SeekableInput.OpenAsync(blobs, FileOf(table), ct),
            table => (FileOf(table), blobs.AddressOf(FileOf(table))),
            profiles, cancellationToken);
        var target = request.TargetDatabase ?? name + "_analytics";
        return new AgentSource(name, tables, target, dataset, version, jobId);
    }

    private static string FileOf(TableSchema table) =>
        table.File ?? throw Unavailable($"table '{table.Name}' names no Parquet file; load the dataset again.");

    private async Task<(string Name, TablesDocument Tables, string JobId, string? Dataset, int? Version)> TablesAsync(AgentRequest request, CancellationToken cancellationToken)
    {
        if ((request.Dataset ?? request.SourceDatabase) is { } datasetName)
        {
            var record = await catalog.GetAsync(datasetName, cancellationToken)
                ?? throw Unavailable($"there is no dataset named '{datasetName}' (any more); list them with GET /datasets.");
            var number = request.DatasetVersion ?? record.CurrentVersion
                ?? throw Unavailable($"dataset '{datasetName}' has no current version (every version is pending review or rejected); approve one, then ask again.");
            var version = await catalog.GetVersionAsync(datasetName, number, cancellationToken)
                ?? throw Unavailable($"dataset '{datasetName}' has no version {number}.");
            return (datasetName, version.Tables, version.JobId, datasetName, number);
        }

        if (request.SourceJobId is { } sourceJobId)
        {
            var job = await jobs.GetAsync(sourceJobId, cancellationToken)
                ?? throw Unavailable($"there is no job {sourceJobId}.");
            var name = DatasetNames.Problem(job.Dataset ?? "") is null ? job.Dataset! : TableNameOf(job);
            return (name, await JobTablesAsync(job, name, cancellationToken), job.JobId, job.Dataset, job.DatasetVersion);
        }

        throw Unavailable("the request names no source; give dataset, jobId, or sourceDatabase and sourceTables.");
    }

    private static string TableNameOf(JobRecord job) => DatasetNames.Suggest(Path.GetFileNameWithoutExtension(job.FileName));

    private async Task<TablesDocument> JobTablesAsync(JobRecord job, string name, CancellationToken cancellationToken)
    {
        if (job.Status != JobStatus.Completed)
            throw Unavailable($"job {job.JobId} is {job.Status.ToWire()}, not COMPLETED; wait for it (or use a completed job).");
        return await JobTables.ReadAsync(blobs, job, name, null, cancellationToken)
            ?? throw Unavailable($"job {job.JobId} wrote {job.OutputFormat}, not Parquet tables; convert the file to Parquet (outputFormat \"parquet\") or load it into a dataset, then ask again.");
    }

    /// <summary>The profiles the convert job kept: profile.json's <c>tables</c> (normalized) or the one profile.</summary>
    private async Task<IReadOnlyDictionary<string, DatasetProfile>?> ProfilesAsync(string jobId, TablesDocument document, CancellationToken cancellationToken)
    {
        var key = StorageKeys.Profile(jobId);
        if (await blobs.GetInfoAsync(key, cancellationToken) is null) return null;
        string text;
        await using (var stored = await blobs.OpenReadAsync(key, cancellationToken))
        using (var reader = new StreamReader(stored))
            text = await reader.ReadToEndAsync(cancellationToken);
        try
        {
            var profiles = new Dictionary<string, DatasetProfile>(StringComparer.Ordinal);
            if (JsonNode.Parse(text) is not JsonObject root) return null;
            if (root["tables"] is JsonArray tables)
            {
                foreach (var entry in tables)
                {
                    if (entry?["name"]?.GetValue<string>() is { } name && entry["profile"] is JsonObject profile)
                    {
                        profiles[name] = RunDocumentsJson.Read<DatasetProfile>(profile.ToJsonString(), "a table profile");
                    }
                }
            }
            else if (document.Tables.Count == 1)
            {
                profiles[document.Tables[0].Name] = RunDocumentsJson.Read<DatasetProfile>(text, "profile.json");
            }
            return profiles;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null; // A profile is a help, not a need: the tables are profiled again.
        }
    }

    private static StageFailedException Unavailable(string message) =>
        new(new StageError(ErrorType, $"The agents cannot read their source: {message}"));
}
