using System.Text.Json.Serialization;

namespace Etl.Core.Datasets;

/// <summary>One column of a table in a dataset version (an entry of <c>columns</c> in tables.json).</summary>
/// <param name="Name">The column's name in the table (lower-case <c>[a-z0-9_]</c>).</param>
/// <param name="Type">The column's type.</param>
/// <param name="Nullable">False when every row of this version has a value (Parquet REQUIRED).</param>
/// <param name="SourcePath">Where the values come from in the input (e.g. <c>customer.address.city</c>).</param>
/// <param name="NullCount">
/// Nulls in this version's rows, from the profile; null when unknown. The classifier needs it to tell whether
/// making a column required contradicts data already loaded (see the notes on nullability in ChangeClassifier).
/// </param>
public sealed record ColumnSchema(
    string Name,
    ColumnType Type,
    bool Nullable,
    string SourcePath,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? NullCount = null)
{
    /// <summary>Why the column is stored as it is, when that is not obvious (JSON text past the nesting limit, widened values, a map's keys); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }
}
