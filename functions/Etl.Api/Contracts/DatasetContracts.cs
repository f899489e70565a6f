using System.Text.Json;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Changes;
using Etl.Core.Jobs;

namespace Etl.Api.Contracts;

/// <summary>GET /datasets: every dataset, by name.</summary>
public sealed record DatasetListResponse(IReadOnlyList<DatasetSummaryResponse> Datasets)
{
    public static DatasetListResponse From(IReadOnlyList<DatasetSummary> datasets) =>
        new([.. datasets.Select(d => new DatasetSummaryResponse(d.Name, d.CurrentVersion, d.Policy, d.Tables, Timestamps.Format(d.UpdatedAt)))]);
}

/// <summary>One dataset in GET /datasets: its current version's tables.</summary>
public sealed record DatasetSummaryResponse(string Name, int? CurrentVersion, ChangePolicy Policy, IReadOnlyList<string> Tables, string UpdatedAt);

/// <summary>GET /datasets/{name}, and the answer of every change to a dataset: the dataset and its versions, newest first.</summary>
public sealed record DatasetResponse(string Name, ChangePolicy Policy, int? CurrentVersion, string CreatedAt, string UpdatedAt,
    IReadOnlyList<VersionSummaryResponse> Versions)
{
    public static DatasetResponse From(DatasetRecord dataset) => new(dataset.Name, dataset.Policy, dataset.CurrentVersion,
        Timestamps.Format(dataset.CreatedAt), Timestamps.Format(dataset.UpdatedAt),
        [.. dataset.Versions.Select(v => new VersionSummaryResponse(v.Version, v.JobId, Timestamps.Format(v.CreatedAt), VersionStatuses.ToWire(v.Status), v.ChangeSummary))]);
}

/// <summary>One version in a dataset's history. <see cref="Status"/>: current | previous | pending-review | rejected.</summary>
public sealed record VersionSummaryResponse(int Version, string JobId, string CreatedAt, string Status, string ChangeSummary);

/// <summary>
/// GET /datasets/{name}/versions/{v}: the version's tables exactly as its tables.json holds them (tables, recommendation,
/// cost, inputRecords, aliases) and its changes exactly as its changes.json (fromVersion, decision, changes).
/// </summary>
public sealed record DatasetVersionResponse(
    string Dataset,
    int Version,
    string JobId,
    string CreatedAt,
    string Status,
    JsonElement Tables,
    JsonElement Recommendation,
    JsonElement? Cost,
    long InputRecords,
    JsonElement Aliases,
    int? FromVersion,
    ChangeDecision Decision,
    JsonElement Changes)
{
    public static DatasetVersionResponse From(DatasetVersion version)
    {
        using var tables = JsonDocument.Parse(version.Tables.ToJson());
        using var changes = JsonDocument.Parse(version.Changes.ToJson());
        var t = tables.RootElement;
        return new DatasetVersionResponse(version.Dataset, version.Version, version.JobId, Timestamps.Format(version.CreatedAt),
            VersionStatuses.ToWire(version.Status),
            t.GetProperty("tables").Clone(), t.GetProperty("recommendation").Clone(),
            t.TryGetProperty("cost", out var cost) && cost.ValueKind != JsonValueKind.Null ? cost.Clone() : null,
            version.Tables.InputRecords, t.GetProperty("aliases").Clone(),
            version.Changes.FromVersion, version.Changes.Decision, changes.RootElement.GetProperty("changes").Clone());
    }
}

/// <summary>PUT /datasets/{name}/policy.</summary>
public sealed record PolicyRequest(string? Mode);

/// <summary>POST /datasets/{name}/rollback.</summary>
public sealed record RollbackRequest(int? Version);

/// <summary>The wire names of <see cref="VersionStatus"/> (DESIGN.md).</summary>
public static class VersionStatuses
{
    public static string ToWire(VersionStatus status) => status switch
    {
        VersionStatus.Current => "current",
        VersionStatus.Previous => "previous",
        VersionStatus.PendingReview => "pending-review",
        _ => "rejected",
    };
}
