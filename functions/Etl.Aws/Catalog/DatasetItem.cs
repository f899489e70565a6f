using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Etl.Core.Datasets.Changes;
using Etl.Core.Jobs;

namespace Etl.Aws.Catalog;

/// <summary>
/// A dataset's whole catalog state as one item of the jobs table, key <c>jobId = "dataset#{name}"</c>: the policy, the
/// current version and its table names, the highest version number, and every version's record in the map
/// <c>versions</c> (<c>{"3": {job, createdAt, status, summary, writeId}}</c>). One item, so each state change is a single
/// conditional write and needs no transaction (which dynalite, the emulator the tests run on, does not have). The item
/// never carries <c>listing</c> or <c>status</c>, the partition keys of the jobs table's indexes, so no job listing sees it.
/// <c>rev</c> counts the changes of the current version; <c>glueRevision</c> is the one the Glue Data Catalog shows.
/// </summary>
internal static class DatasetItem
{
    public const string KeyAttribute = "jobId";
    public const string KeyPrefix = "dataset#";

    /// <summary>The item listing every dataset's name (string set <see cref="Names"/>), for GET /datasets.</summary>
    public const string DirectoryKey = "datasets";
    public const string Names = "names";

    public const string Kind = "catalog";
    public const string Name = "name";
    public const string Policy = "policy";
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";
    public const string Latest = "latest";
    public const string Current = "current";
    public const string Revision = "rev";
    public const string Tables = "tables";
    public const string Versions = "versions";
    public const string GlueRevision = "glueRevision";
    public const string GlueTables = "glueTables";
    public const string GlueVersions = "glueVersions";

    // Inside a version's map.
    public const string VersionJob = "job";
    public const string VersionCreatedAt = "createdAt";
    public const string VersionState = "status";
    public const string VersionSummary = "summary";
    public const string VersionWriteId = "writeId";

    public const string Accepted = "accepted";
    public const string Pending = "pending-review";
    public const string Rejected = "rejected";

    public static Dictionary<string, AttributeValue> Key(string name) => new() { [KeyAttribute] = S(KeyPrefix + name) };

    public static Dictionary<string, AttributeValue> DirectoryItemKey() => new() { [KeyAttribute] = S(DirectoryKey) };

    public static string StoredStatusFor(ChangeDecision decision) => decision switch
    {
        ChangeDecision.Applied => Accepted,
        ChangeDecision.HeldForReview => Pending,
        _ => Rejected,
    };

    public static string PolicyText(ChangePolicy policy) => policy switch
    {
        ChangePolicy.Evolve => "evolve",
        ChangePolicy.Freeze => "freeze",
        ChangePolicy.Review => "review",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown change policy"),
    };

    public static ChangePolicy ParsePolicy(string? text) => text switch
    {
        "evolve" => ChangePolicy.Evolve,
        "freeze" => ChangePolicy.Freeze,
        "review" => ChangePolicy.Review,
        _ => throw new FormatException($"the catalog holds an unknown policy '{text}'"),
    };

    public static AttributeValue Entry(StoredVersion version) => new()
    {
        M = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [VersionJob] = S(version.JobId),
            [VersionCreatedAt] = S(Timestamps.Format(version.CreatedAt)),
            [VersionState] = S(version.Status),
            [VersionSummary] = S(version.Summary),
            [VersionWriteId] = S(version.WriteId),
        },
    };

    /// <summary>A new dataset's item with its first version.</summary>
    public static Dictionary<string, AttributeValue> New(string name, StoredVersion first, IReadOnlyList<string>? currentTables)
    {
        var now = S(Timestamps.Format(first.CreatedAt));
        var item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [KeyAttribute] = S(KeyPrefix + name),
            [Kind] = S("dataset"),
            [Name] = S(name),
            [Policy] = S(PolicyText(ChangePolicy.Evolve)),
            [CreatedAt] = now,
            [UpdatedAt] = now,
            [Latest] = N(first.Number),
            [Revision] = N(currentTables is null ? 0 : 1),
            [Versions] = new AttributeValue { M = new Dictionary<string, AttributeValue> { [Number(first.Number)] = Entry(first) } },
        };
        if (currentTables is not null)
        {
            item[Current] = N(first.Number);
            item[Tables] = List(currentTables);
        }

        return item;
    }

    public static StoredDataset Parse(Dictionary<string, AttributeValue> item)
    {
        var versions = new SortedDictionary<int, StoredVersion>();
        if (item.TryGetValue(Versions, out var map) && map.M is { } entries)
        {
            foreach (var (number, entry) in entries)
            {
                var version = int.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture);
                versions[version] = new StoredVersion(version, Text(entry.M, VersionJob)!, Timestamps.Parse(Text(entry.M, VersionCreatedAt)!),
                    Text(entry.M, VersionState)!, Text(entry.M, VersionSummary)!, Text(entry.M, VersionWriteId)!);
            }
        }

        return new StoredDataset(
            Text(item, Name)!,
            ParsePolicy(Text(item, Policy)),
            Timestamps.Parse(Text(item, CreatedAt)!),
            Timestamps.Parse(Text(item, UpdatedAt)!),
            Int(item, Latest) ?? 0,
            Int(item, Current),
            Int(item, Revision) ?? 0,
            Strings(item, Tables),
            versions,
            Int(item, GlueRevision),
            item.TryGetValue(GlueTables, out var glue) && glue.SS is { } names ? names : [],
            item.TryGetValue(GlueVersions, out var ids) && ids.M is { } glueIds
                ? glueIds.ToDictionary(p => p.Key, p => p.Value.S, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal));
    }

    public static string Number(int version) => version.ToString(CultureInfo.InvariantCulture);

    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue List(IEnumerable<string> values) => new() { L = [.. values.Select(S)] };

    public static string? Text(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var value) ? value.S : null;

    public static int? Int(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } n ? int.Parse(n, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null;

    public static IReadOnlyList<string> Strings(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.L is { } list ? [.. list.Select(v => v.S)] : [];
}
