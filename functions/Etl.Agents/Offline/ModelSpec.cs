using Etl.Core.Agents;
using Etl.Core.Datasets;

namespace Etl.Agents.Offline;

/// <summary>What kind of model a <see cref="ModelSpec"/> is, which decides how its SQL is written.</summary>
internal enum ModelKind
{
    Staging,
    Joined,
    Fact,
    Dimension,
    Aggregate,
    LifetimeValue,
}

/// <summary>A generic data test on a column, with the evidence it was chosen on.</summary>
/// <param name="Test"><c>unique</c>, <c>not_null</c>, <c>relationships</c> or <c>accepted_values</c>.</param>
/// <param name="To">For relationships: the referenced model.</param>
/// <param name="Field">For relationships: the referenced column.</param>
/// <param name="Values">For accepted_values.</param>
/// <param name="Reasoning">Why the test holds on the data.</param>
internal sealed record DataTest(string Test, string? To, string? Field, IReadOnlyList<string>? Values, string Reasoning);

/// <summary>One output column: its name, the SQL that makes it (over the model's input), its type and tests.</summary>
/// <param name="Name">The output name (a catalog column name, or a name the rule made).</param>
/// <param name="Expression">The SQL expression; the quoted name itself for a plain column.</param>
/// <param name="Type">The column's type, when known.</param>
/// <param name="Description">For the YAML.</param>
/// <param name="Mapping">direct, transformed or derived.</param>
/// <param name="SourceColumns">The input columns it is made from.</param>
internal sealed record OutputColumn(string Name, string Expression, ColumnType? Type, string Description, string Mapping, string SourceColumns)
{
    public List<DataTest> Tests { get; } = [];

    /// <summary>True when the expression aggregates (count, sum, avg, min, max): not part of the group by.</summary>
    public bool Aggregated { get; init; }
}

/// <summary>A model the offline agent plans and writes: everything its SQL and YAML are made from.</summary>
internal sealed class ModelSpec
{
    public required string Name { get; init; }
    public required string Layer { get; init; }
    public required ModelKind Kind { get; init; }
    public required string Description { get; init; }
    public AgentDecision Decision { get; set; } = new("", 0, "");

    /// <summary>The table the model is about (staging: the one it reads).</summary>
    public required SourceTable Table { get; init; }

    /// <summary>The models (or the source table, for staging) it reads, in join order.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    public List<OutputColumn> Columns { get; } = [];

    /// <summary>view, table or incremental.</summary>
    public string Materialization { get; set; } = "view";

    /// <summary>For incremental models: the column (an output name) new rows are found by.</summary>
    public string? IncrementalOn { get; set; }

    /// <summary>The grain: the unique key of an incremental model.</summary>
    public IReadOnlyList<string>? UniqueKey { get; set; }

    /// <summary>For joins: the parent table's staging model and the join columns (child column = parent column).</summary>
    public (string ParentModel, string ChildColumn, string ParentColumn)? Join { get; init; }

    /// <summary>A filter on the input, in SQL (aggregates skip rows without a date).</summary>
    public string? Where { get; init; }

    public OutputColumn? Column(string name) => Columns.Find(c => c.Name == name);
}
