using Etl.Agents.Dbt;
using Etl.Core.Agents;

namespace Etl.Agents.Offline;

/// <summary>The project's files from a plan: the blueprint is rebuilt from the context (the rules are deterministic) and written for the models the plan keeps.</summary>
internal static class ProjectWriter
{
    public static (ProjectFiles Files, IReadOnlyList<AgentDecision> Decisions) Write(AgentContext context, ProjectPlan plan, string agent, string model)
    {
        var source = context.Source;
        var names = new SourceModelNames(source);
        var blueprint = OfflinePlanner.Plan(context);
        var decisions = new List<AgentDecision>();
        var specs = new List<ModelSpec>();
        foreach (var planned in plan.Models)
        {
            var spec = blueprint.Models.FirstOrDefault(m => m.Name == planned.Name);
            if (spec is null)
            {
                decisions.Add(new AgentDecision($"not written: {planned.Name}", 0.1,
                    "the plan names a model the offline agent's rules do not make from this source and these prompts, so it has nothing grounded to write"));
                continue;
            }
            if (planned.Materialization != spec.Materialization && planned.Materialization is "view" or "table")
            {
                spec.Materialization = planned.Materialization;
                spec.IncrementalOn = null;
            }
            specs.Add(spec);
        }
        // A model whose input the plan dropped cannot be written.
        var written = new HashSet<string>(specs.Select(s => s.Name), StringComparer.Ordinal);
        foreach (var spec in specs.ToArray())
        {
            if (spec.Kind == ModelKind.Staging) continue;
            var missing = spec.Inputs.Concat(spec.Join is { } j ? [j.ParentModel] : []).FirstOrDefault(i => !written.Contains(i));
            if (missing is null) continue;
            specs.Remove(spec);
            written.Remove(spec.Name);
            decisions.Add(new AgentDecision($"not written: {spec.Name}", 0.2, $"it reads {missing}, which the plan does not keep"));
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [DbtNames.ProjectFile] = DbtProjectScaffold.ProjectYaml(plan.ProjectName),
            [DbtNames.ProfilesExample] = DbtProjectScaffold.ProfilesExample(plan.ProjectName, source.TargetDatabase),
            [DbtNames.Readme] = DbtProjectScaffold.Readme(plan.ProjectName, source, agent, model, specs.Select(s => (s.Name, s.Layer, s.Description)).ToArray()),
            [DbtNames.SourcesYaml(source.Name)] = ProjectYaml.Sources(source, names),
        };
        decisions.Add(new AgentDecision($"write {DbtNames.SourcesYaml(source.Name)}", 1.0,
            $"{source.Tables.Count} table(s) with descriptions from each column's source path and notes, meta.external_location from the catalog" +
            (source.Tables.Any(t => ColumnRoles.LoadTimestamp(t) is not null)
                ? $"; loaded_at_field and freshness (warn after {ProjectYaml.WarnAfter.Count} {ProjectYaml.WarnAfter.Period}s, error after {ProjectYaml.ErrorAfter.Count}) where a load timestamp exists"
                : "; no table has a load timestamp (loaded_at, ingested_at, updated_at…), so no freshness")));
        foreach (var layer in new[] { ModelLayers.Staging, ModelLayers.Intermediate, ModelLayers.Marts })
        {
            var inLayer = specs.Where(s => s.Layer == layer).ToArray();
            if (inLayer.Length == 0) continue;
            files[DbtNames.ModelsYaml(source.Name, layer)] = ProjectYaml.Models(inLayer);
            foreach (var spec in inLayer)
            {
                var path = DbtNames.ModelPath(source.Name, layer, spec.Name);
                files[path] = ModelSql.Write(spec, source.Name);
                var tests = spec.Columns.SelectMany(c => c.Tests).ToArray();
                decisions.Add(new AgentDecision($"write {path}", 1.0,
                    $"{spec.Materialization}; {spec.Columns.Count} column(s), each from a column of {string.Join(", ", spec.Inputs)}; " +
                    (tests.Length == 0 ? "no data test" : string.Join(", ", tests.GroupBy(t => t.Test).Select(g => $"{g.Count()} {g.Key}"))) +
                    (spec.IncrementalOn is { } on ? $"; incremental on {on}" : "")));
            }
        }
        return (new ProjectFiles(files), decisions);
    }
}
