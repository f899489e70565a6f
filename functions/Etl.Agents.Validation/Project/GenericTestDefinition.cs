using System.Text.Json.Nodes;

namespace Etl.Agents.Validation.Project;

/// <summary>
/// One generic test declared in a properties YAML, on a model or a source table, on a column or the whole relation.
/// </summary>
/// <param name="Test">unique, not_null, relationships, accepted_values, or any other name (not run, reported).</param>
/// <param name="Model">The model name, or null for a source table.</param>
/// <param name="Source">For a source table: its source.</param>
/// <param name="Table">For a source table: the table.</param>
/// <param name="Column">The column, or null for a model-level test.</param>
/// <param name="Arguments">The test's arguments (<c>arguments:</c> merged with the older top-level keys).</param>
/// <param name="Where">The <c>config.where</c> filter, when set.</param>
/// <param name="DefinedIn">The YAML file.</param>
/// <param name="Line">Its line there.</param>
internal sealed record GenericTestDefinition(string Test, string? Model, string? Source, string? Table, string? Column,
    JsonObject Arguments, string? Where, string DefinedIn, int? Line)
{
    /// <summary>What the test runs on, as a report names it: the model, or <c>source:{source}.{table}</c>.</summary>
    public string Target => Model ?? $"source:{Source}.{Table}";
}
