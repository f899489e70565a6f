using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Etl.Core.Datasets.Changes;

/// <summary>One graded difference between two versions of a dataset (an entry of <c>changes</c> in changes.json).</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Table">The table it changed in.</param>
/// <param name="Column">The column, for column changes; null for table and key changes.</param>
/// <param name="From">The old type, nullability (<c>nullable</c>/<c>required</c>) or key; null when there was none.</param>
/// <param name="To">The new type, nullability or key; null when there is none.</param>
/// <param name="Severity">The grade from <see cref="SeverityRules"/>.</param>
/// <param name="Reason">A sentence for a person: what changed and what it means for readers.</param>
public sealed record SchemaChange(
    ChangeKind Kind,
    string Table,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Column,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? From,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? To,
    ChangeSeverity Severity,
    string Reason)
{
    /// <summary>The most sample rows a change carries.</summary>
    public const int MaxSamples = 5;

    /// <summary>
    /// Up to <see cref="MaxSamples"/> rows that show the change (e.g. rows with the nulls a now-required column
    /// forbids). The classifier sees schemas only; the catalog stage, which has the data, fills this in.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<JsonObject>? Samples { get; init; }
}
