using System.Text.Json.Serialization;

namespace Etl.Core.Datasets.Changes;

/// <summary>What changed between two versions of a dataset; written in changes.json as the member's JSON name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeKind>))]
public enum ChangeKind
{
    /// <summary>A table the old version lacks.</summary>
    [JsonStringEnumMemberName("table_added")] TableAdded,

    /// <summary>A table the new version lacks.</summary>
    [JsonStringEnumMemberName("table_dropped")] TableDropped,

    /// <summary>A column the old table lacks.</summary>
    [JsonStringEnumMemberName("column_added")] ColumnAdded,

    /// <summary>A column the new table lacks. A rename shows as a drop plus an add: names are the only identity.</summary>
    [JsonStringEnumMemberName("column_dropped")] ColumnDropped,

    /// <summary>A column whose type differs.</summary>
    [JsonStringEnumMemberName("type_changed")] TypeChanged,

    /// <summary>A column that became required or nullable.</summary>
    [JsonStringEnumMemberName("nullability_changed")] NullabilityChanged,

    /// <summary>A table whose primary, natural or foreign keys differ.</summary>
    [JsonStringEnumMemberName("key_changed")] KeyChanged,
}

/// <summary>How much a change matters to what already reads the dataset.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeSeverity>))]
public enum ChangeSeverity
{
    /// <summary>Nothing that reads the dataset today is affected.</summary>
    [JsonStringEnumMemberName("info")] Info,

    /// <summary>Readers keep working but may need a cast or a null check.</summary>
    [JsonStringEnumMemberName("warning")] Warning,

    /// <summary>Some reader or writer of the dataset fails or silently reads different values.</summary>
    [JsonStringEnumMemberName("breaking")] Breaking,
}
