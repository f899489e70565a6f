using Etl.Core.Agents;

namespace Etl.Agents.Merge;

/// <summary>A model column no column of the new source version provides.</summary>
/// <param name="Name">The model column.</param>
/// <param name="SqlType">Its SQL type in the previous version (for a typed null), when known.</param>
/// <param name="Reasoning">Why nothing matched, with the nearest candidates when there were some.</param>
public sealed record UnmappedColumn(string Name, string? SqlType, string Reasoning);

/// <summary>
/// What <see cref="SchemaMapper"/> found: each existing model column mapped onto the new source version
/// (<see cref="ColumnMapping.Expression"/> is the SQL over the new columns, null when it is just
/// <see cref="ColumnMapping.Source"/>), the model columns with no source, the new source columns no model column reads,
/// and a decision per mapping that is not an exact match.
/// </summary>
public sealed record SchemaMapping(
    string Table,
    IReadOnlyList<ColumnMapping> Columns,
    IReadOnlyList<UnmappedColumn> Unmapped,
    IReadOnlyList<string> NewColumns,
    IReadOnlyList<AgentDecision> Decisions)
{
    /// <summary>The mapping of model column <paramref name="name"/>, or null.</summary>
    public ColumnMapping? Column(string name)
    {
        foreach (var column in Columns)
        {
            if (column.Name == name) return column;
        }
        return null;
    }
}

/// <summary>Values of <see cref="ColumnMapping.Kind"/>.</summary>
public static class MappingKinds
{
    /// <summary>The source column as it is (renamed at most).</summary>
    public const string Direct = "direct";

    /// <summary>An expression over one source column (a cast back to the model's type, the model's own expression).</summary>
    public const string Transformed = "transformed";

    /// <summary>Computed from several source columns, or from a part of one (a field of a JSON column).</summary>
    public const string Derived = "derived";
}
