using System.Text.Json.Nodes;

namespace Etl.Core.Profile;

/// <summary>One column of a profile. Min and max are JSON values rendered as the converter renders them.</summary>
public sealed record ColumnProfile(
    string Name,
    string Type,
    bool Nullable,
    long NullCount,
    JsonNode? Min,
    JsonNode? Max,
    long? DistinctEstimate);

/// <summary>What the profile stage writes to runs/{jobId}/profile.json.</summary>
public sealed record DatasetProfile(
    long RowCount,
    IReadOnlyList<ColumnProfile> Columns,
    IReadOnlyList<JsonObject> SampleRows);
