using System.Text.Json.Serialization;

namespace Etl.Core.Agents;

/// <summary>
/// What the plan stage proposes (<c>planning.json</c>'s <c>plan</c>): the dbt project's name and its models, each
/// with the decision behind it.
/// </summary>
/// <param name="ProjectName">The dbt project name (<c>[a-z0-9_]</c>).</param>
/// <param name="SourceName">The dbt source the staging models read.</param>
/// <param name="Models">Staging, then intermediate, then marts.</param>
/// <param name="Decisions">Decisions about the project as a whole (layout, what the prompt asked and how it was read).</param>
public sealed record ProjectPlan(string ProjectName, string SourceName, IReadOnlyList<PlannedModel> Models, IReadOnlyList<AgentDecision> Decisions);

/// <summary>One model of a <see cref="ProjectPlan"/>.</summary>
/// <param name="Name">The model name (<c>stg_shop__orders</c>, <c>int_orders_joined</c>, <c>fct_orders</c>, <c>dim_customers</c>).</param>
/// <param name="Layer"><c>staging</c>, <c>intermediate</c> or <c>marts</c>.</param>
/// <param name="Materialization"><c>view</c>, <c>table</c> or <c>incremental</c>.</param>
/// <param name="Inputs">What it reads: source tables as <c>source:table</c>, models by name.</param>
/// <param name="Description">What the model is, for its YAML description.</param>
/// <param name="Decision">Why the model is in the plan.</param>
public sealed record PlannedModel(
    string Name,
    string Layer,
    string Materialization,
    IReadOnlyList<string> Inputs,
    string Description,
    AgentDecision Decision)
{
    /// <summary>The unique key of an incremental model (and the grain of any model), when it has one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? UniqueKey { get; init; }

    /// <summary>The model's columns and where each comes from, when planned column by column.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ColumnMapping>? Columns { get; init; }
}

/// <summary>
/// How one output column is made from the source (a planned column, or the schema-mapping of a changed source onto an
/// existing model): <c>direct</c> (renamed at most), <c>transformed</c> (cast or expression over one column),
/// <c>derived</c> (computed from several), with a confidence and the reason.
/// </summary>
/// <param name="Name">The output column.</param>
/// <param name="Source">The source column(s) it comes from (comma-separated), or empty for a derived constant.</param>
/// <param name="Kind"><c>direct</c>, <c>transformed</c> or <c>derived</c>.</param>
/// <param name="Expression">The SQL expression, when not a plain column.</param>
/// <param name="Confidence">0–1.</param>
/// <param name="Reasoning">Why this source was taken.</param>
public sealed record ColumnMapping(string Name, string Source, string Kind, string? Expression, double Confidence, string Reasoning);

/// <summary>Values of <see cref="PlannedModel.Layer"/>.</summary>
public static class ModelLayers
{
    public const string Staging = "staging";
    public const string Intermediate = "intermediate";
    public const string Marts = "marts";
}
