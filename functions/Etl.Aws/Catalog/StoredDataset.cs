using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Changes;

namespace Etl.Aws.Catalog;

/// <summary>One version's record in its dataset's item; its documents are blobs under <see cref="WriteId"/>.</summary>
internal sealed record StoredVersion(int Number, string JobId, DateTimeOffset CreatedAt, string Status, string Summary, string WriteId)
{
    /// <summary>What people see: accepted is current when the dataset points at it, else previous.</summary>
    public VersionStatus StatusFor(int? current) => Status switch
    {
        DatasetItem.Accepted => Number == current ? VersionStatus.Current : VersionStatus.Previous,
        DatasetItem.Pending => VersionStatus.PendingReview,
        DatasetItem.Rejected => VersionStatus.Rejected,
        _ => throw new FormatException($"the catalog holds an unknown version status '{Status}'"),
    };
}

/// <summary>A dataset item as read.</summary>
internal sealed record StoredDataset(
    string Name,
    ChangePolicy Policy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Latest,
    int? Current,
    int Revision,
    IReadOnlyList<string> Tables,
    SortedDictionary<int, StoredVersion> Versions,
    int? GlueRevision,
    IReadOnlyCollection<string> GlueTables,
    IReadOnlyDictionary<string, string> GlueVersions)
{
    public StoredVersion? VersionOf(string jobId)
    {
        foreach (var version in Versions.Values)
        {
            if (version.JobId == jobId) return version;
        }

        return null;
    }

    public DatasetRecord ToRecord()
    {
        var history = new List<VersionSummary>(Versions.Count);
        foreach (var version in Versions.Values.Reverse())
        {
            history.Add(new VersionSummary(version.Number, version.JobId, version.CreatedAt, version.StatusFor(Current), version.Summary));
        }

        return new DatasetRecord(Name, Policy, Current, CreatedAt, UpdatedAt, history);
    }
}
