using Etl.Core.Datasets.Changes;

namespace Etl.Core.Datasets.Catalog;

/// <summary>
/// The catalog of datasets: every version of every dataset with its tables, columns, keys and profiles, which job made
/// it (lineage), its changes and the policy decisions. SQLite beside the jobs locally; the Glue Data Catalog plus
/// DynamoDB on AWS. Every state change is conditional, so two loads of one dataset, or a double approve, can never
/// lose or reorder a version.
/// </summary>
public interface ICatalog
{
    /// <summary>Every dataset, by name.</summary>
    Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken cancellationToken);

    /// <summary>One dataset with the history of its versions (newest first), or null when there is none by that name.</summary>
    Task<DatasetRecord?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>One version with its tables and changes, or null.</summary>
    Task<DatasetVersion?> GetVersionAsync(string name, int version, CancellationToken cancellationToken);

    /// <summary>
    /// Registers <paramref name="candidate"/> as the dataset's next version (creating the dataset, with policy
    /// <see cref="ChangePolicy.Evolve"/>, when it does not exist), provided the dataset's current version is still
    /// <paramref name="expectedCurrent"/> (null: no current version) — the version the candidate was diffed against.
    /// An applied candidate becomes current. Returns the new version's number, or null when the current version moved
    /// in the meantime (diff again and retry). Registering the same job twice returns its existing version.
    /// </summary>
    Task<int?> TryAddVersionAsync(string name, int? expectedCurrent, VersionCandidate candidate, CancellationToken cancellationToken);

    /// <summary>Sets the dataset's policy; null when there is no such dataset.</summary>
    Task<DatasetRecord?> SetPolicyAsync(string name, ChangePolicy policy, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a version held for review: approved, it becomes current; rejected, it is kept as rejected. False when the
    /// version is not pending review (already decided, or never held), so a double click decides once.
    /// </summary>
    Task<bool> TryDecideAsync(string name, int version, bool approve, CancellationToken cancellationToken);

    /// <summary>
    /// Makes an earlier accepted version current again (no version is created; history is kept). False when the
    /// version is pending review, rejected, or does not exist.
    /// </summary>
    Task<bool> TryRollbackAsync(string name, int version, CancellationToken cancellationToken);

    /// <summary>
    /// Makes sure the readers outside the product see the dataset's current version (on AWS: the Glue Data Catalog's
    /// tables, which are written after the catalog's own state has changed). Throws an <see cref="IOException"/> when
    /// they cannot be brought up to date now, so the caller can try again; the catalog's state is unaffected either way.
    /// Nothing to do where the catalog is the only reader (SQLite).
    /// </summary>
    Task EnsurePublishedAsync(string name, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A version about to be registered: what the catalog stage learned from one convert job.</summary>
/// <param name="JobId">The job that produced it (lineage).</param>
/// <param name="Tables">Its tables.json.</param>
/// <param name="Changes">Its changes against the version it was diffed with (toVersion is filled in by the catalog).</param>
/// <param name="Decision">What the dataset's policy decided; <see cref="ChangeDecision.Applied"/> makes it current.</param>
public sealed record VersionCandidate(string JobId, TablesDocument Tables, IReadOnlyList<SchemaChange> Changes, ChangeDecision Decision);

/// <summary>An entry of GET /datasets.</summary>
public sealed record DatasetSummary(string Name, int? CurrentVersion, ChangePolicy Policy, IReadOnlyList<string> Tables, DateTimeOffset UpdatedAt);

/// <summary>GET /datasets/{name}: the dataset and its versions, newest first.</summary>
public sealed record DatasetRecord(string Name, ChangePolicy Policy, int? CurrentVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<VersionSummary> Versions);

/// <summary>One row of a dataset's version history.</summary>
/// <param name="ChangeSummary">A one-line account of the changes (e.g. "2 changes: 1 breaking, 1 info"; "first version"; "no changes").</param>
public sealed record VersionSummary(int Version, string JobId, DateTimeOffset CreatedAt, VersionStatus Status, string ChangeSummary);

/// <summary>GET /datasets/{name}/versions/{v}.</summary>
public sealed record DatasetVersion(string Dataset, int Version, string JobId, DateTimeOffset CreatedAt, VersionStatus Status,
    TablesDocument Tables, ChangesDocument Changes);

/// <summary>Where a version stands (DESIGN.md: current | previous | pending-review | rejected).</summary>
public enum VersionStatus
{
    /// <summary>The version readers get now.</summary>
    Current,

    /// <summary>Accepted once, no longer current (a later version, or a rollback, replaced it).</summary>
    Previous,

    /// <summary>Held by the policy until someone approves or rejects it.</summary>
    PendingReview,

    /// <summary>Refused by a reviewer (or a frozen dataset); kept for the record.</summary>
    Rejected,
}
