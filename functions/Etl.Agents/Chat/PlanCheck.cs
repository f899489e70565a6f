using System.Text.Json;
using Etl.Core.Agents;

namespace Etl.Agents.Chat;

/// <summary>
/// Reads a <c>submit_plan</c> input into a <see cref="ProjectPlan"/> and checks it beyond its schema: the source is
/// ours, every input is a table of the catalog (<c>source:table</c>) or a planned model, model names are unique, and
/// every planned column mapping reads columns that exist.
/// </summary>
public static class PlanCheck
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ToolCheck<ProjectPlan> Check(JsonElement input, AgentSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var schemaErrors = ProjectTools.SchemaErrors(ProjectTools.SubmitPlan, input);
        if (schemaErrors.Count > 0) return new ToolCheck<ProjectPlan>(null, schemaErrors);
        var plan = input.Deserialize<ProjectPlan>(Json);
        if (plan is null) return new ToolCheck<ProjectPlan>(null, ["the plan is empty"]);

        var problems = new List<string>();
        if (plan.SourceName != source.Name) problems.Add($"sourceName is '{plan.SourceName}', but the source is '{source.Name}'");
        var tables = string.Join(", ", source.Tables.Select(t => $"{source.Name}:{t.Schema.Name}"));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in plan.Models)
        {
            if (!names.Add(model.Name)) problems.Add($"model {model.Name} is planned twice");
        }
        var allColumns = new HashSet<string>(source.Tables.SelectMany(t => t.Schema.Columns).Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var model in plan.Models)
        {
            var read = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var input_ in model.Inputs)
            {
                var colon = input_.IndexOf(':', StringComparison.Ordinal);
                if (colon >= 0)
                {
                    var table = source.Table(input_[(colon + 1)..]);
                    if (input_[..colon] != source.Name || table is null)
                        problems.Add($"model {model.Name}: input '{input_}' is not a table of the catalog; the tables are {tables}");
                    else read.UnionWith(table.Schema.Columns.Select(c => c.Name));
                }
                else if (!names.Contains(input_))
                {
                    problems.Add($"model {model.Name}: input '{input_}' is neither a planned model nor a source table (write tables as {source.Name}:<table>)");
                }
                else if (plan.Models.First(m => m.Name == input_).Columns is { } upstream)
                {
                    read.UnionWith(upstream.Select(c => c.Name));
                }
                else
                {
                    read.UnionWith(allColumns); // an upstream model without planned columns: judge by the catalog as a whole
                }
            }
            foreach (var mapping in model.Columns ?? [])
            {
                foreach (var column in mapping.Source.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!read.Contains(column))
                        problems.Add($"model {model.Name}: column {mapping.Name} maps from '{column}', which its inputs do not have; they have: {string.Join(", ", read.Order(StringComparer.Ordinal))}");
                }
            }
        }
        return new ToolCheck<ProjectPlan>(plan, problems);
    }
}
