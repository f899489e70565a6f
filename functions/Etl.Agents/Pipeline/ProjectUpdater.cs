using Etl.Agents.Merge;
using Etl.Core.Agents;

namespace Etl.Agents.Pipeline;

/// <summary>
/// How an update of an existing project is made and shown. A staging model the project already has is remapped onto
/// the new version of its source table (renamed columns keep their old names, changed types are cast back, dropped
/// ones become typed nulls, new ones are added), so downstream models keep working; then the generated project is
/// merged three ways into the person's project; the change is shown as a unified diff.
/// </summary>
public sealed class ProjectUpdater
{
    /// <summary>
    /// Merges <paramref name="generated"/> into <paramref name="existing"/> against <paramref name="projectBase"/> (what was
    /// delivered last time); <paramref name="previous"/> is the source the existing project was written for, when known.
    /// </summary>
    public (ProjectFiles Files, IReadOnlyDictionary<string, string> Origins, IReadOnlyList<AgentDecision> Decisions) Merge(
        ProjectFiles? projectBase, ProjectFiles existing, ProjectFiles generated, AgentSource current, AgentSource? previous)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(current);
        var decisions = new List<AgentDecision>();
        foreach (var (path, sql) in existing.Files)
        {
            if (!path.StartsWith("models/staging/", StringComparison.Ordinal) || !path.EndsWith(".sql", StringComparison.Ordinal)) continue;
            if (StagingModel.Parse(sql, out _) is not { TableName: { } table } model || current.Table(table) is not { } now) continue;
            var mapping = SchemaMapper.Map(model, now.Schema, previous?.Table(table)?.Schema);
            if (!Changes(mapping)) continue;
            try
            {
                var (updated, applied) = StagingModelUpdate.Apply(sql, mapping);
                generated = generated.With(path, updated);
                decisions.AddRange(mapping.Decisions);
                decisions.AddRange(applied);
            }
            catch (ArgumentException e)
            {
                decisions.Add(new AgentDecision($"leave {path} to the generator", 0.4,
                    $"its source {table} changed, but the model has no explicit renamed CTE to remap ({e.Message})"));
            }
        }

        var merged = ProjectMerge.Merge(projectBase, existing, generated);
        decisions.AddRange(merged.Decisions);
        return (merged.Files, merged.Origins, decisions);
    }

    /// <summary>The unified diff from <paramref name="before"/> to <paramref name="after"/> (the run stamp, which changes every run, left out).</summary>
    public string Diff(ProjectFiles before, ProjectFiles after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return UnifiedDiff.Between(before.Without(ProjectMerge.MarkerFile), after.Without(ProjectMerge.MarkerFile));
    }

    // Whether the source moved under the model: anything but the same columns under the same names.
    private static bool Changes(SchemaMapping mapping)
    {
        if (mapping.Unmapped.Count > 0 || mapping.NewColumns.Count > 0) return true;
        foreach (var column in mapping.Columns)
        {
            if (column.Kind != MappingKinds.Direct || column.Source != column.Name || column.Expression is not null) return true;
        }
        return false;
    }
}
