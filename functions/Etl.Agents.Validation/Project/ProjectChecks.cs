using System.Text.Json.Nodes;
using Etl.Agents.Validation.Execution;
using Etl.Agents.Validation.Rendering;
using Etl.Agents.Validation.Schemas;
using Etl.Core.Agents;

namespace Etl.Agents.Validation.Project;

/// <summary>
/// Our checks where dbt's schemas are loose: materializations, models ⇄ YAML entries, source() only in staging,
/// declared source tables exist in the dataset, and (after the build) described columns exist.
/// </summary>
internal static class ProjectChecks
{
    public static void Check(DbtProject project, IReadOnlyList<SourceTableData> sources, ProjectFileErrors errors)
    {
        CheckProjectMaterializations(project, errors);
        var described = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in project.DescribedModels)
        {
            described.Add(model.Name);
            if (!project.Models.ContainsKey(model.Name))
                errors.Add(model.DefinedIn, model.Line, $"model {model.Name} is described here but the project has no {model.Name}.sql under {string.Join(" or ", project.ModelPaths)}/; add the model or remove its entry");
            if (model.Materialized is { } materialized && Array.IndexOf(ModelBuilder.Materializations, materialized) < 0)
                errors.Add(model.DefinedIn, model.Line, $"model {model.Name}: unknown materialization '{materialized}'; use view, table, incremental or ephemeral");
        }
        foreach (var (name, model) in project.Models)
        {
            if (!described.Contains(name))
                errors.Add(model.Path, null, $"model {name} has no entry in any properties YAML; describe it (description, columns, data_tests) in a _*__models.yml beside it");
            if (!model.IsStaging && model.Text.Contains("source(", StringComparison.Ordinal))
                errors.Add(model.Path, ModelBuilder.LineOf(model.Text, "source("), $"model {name} calls source() outside models/staging; only staging models read sources: ref() the staging model instead");
        }
        var provided = new HashSet<(string, string)>();
        foreach (var table in sources) provided.Add((table.Source, table.Table));
        foreach (var table in project.DescribedSources)
        {
            if (!provided.Contains((table.Source, table.Table)))
                errors.Add(table.DefinedIn, table.Line, $"source table {table.Source}.{table.Table} is declared but the dataset has no such table; the dataset has: {string.Join(", ", sources.Select(s => $"{s.Source}.{s.Table}"))}");
        }
    }

    /// <summary>Every column a YAML describes must exist in the built model (or the source table): a described column that does not exist is a hallucination.</summary>
    public static void CheckColumns(DbtProject project, Dictionary<string, BuiltModel> models, SourceTables sources, DuckDbSession session, string targetSchema, ProjectFileErrors errors)
    {
        foreach (var model in project.DescribedModels)
        {
            if (model.Columns.Count == 0 || !models.TryGetValue(model.Name, out var built) || !built.Built) continue;
            Compare(model.DefinedIn, $"model {model.Name}", model.Columns, session.Columns(targetSchema, model.Name), errors);
        }
        foreach (var table in project.DescribedSources)
        {
            if (table.Columns.Count == 0 || !sources.Has(new SourceReference(table.Source, table.Table))) continue;
            Compare(table.DefinedIn, $"source table {table.Source}.{table.Table}", table.Columns, session.Columns(table.Source, table.Table), errors);
        }
    }

    private static void Compare(string path, string what, IReadOnlyList<DescribedColumn> described, List<(string Name, string Type)> actual, ProjectFileErrors errors)
    {
        var names = new HashSet<string>(actual.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
        foreach (var column in described)
        {
            if (!names.Contains(column.Name))
                errors.Add(path, column.Line, $"{what} has no column {column.Name} (it has: {string.Join(", ", actual.Select(c => c.Name))}); describe only columns it produces");
        }
    }

    /// <summary>The layers dbt_project.yml configures by convention, whether or not the project has models in them yet.</summary>
    private static readonly string[] Layers = ["staging", "intermediate", "marts"];

    private static readonly string[] ObjectConfigs = ["docs", "persist_docs", "meta", "grants", "contract", "labels", "quoting", "column_types", "tblproperties", "config"];

    private static void CheckProjectMaterializations(DbtProject project, ProjectFileErrors errors)
    {
        if (project.YamlFiles.GetValueOrDefault("dbt_project.yml") is not { Root: JsonObject root } tree || root["models"] is not JsonObject models) return;
        Walk(models, "/models", tree, errors);
        // dbt only warns about config paths that match no model; a marts folder misspelt would silently build views instead of tables.
        foreach (var (key, value) in models)
        {
            if (!IsFolder(key, value)) continue;
            if (key != project.Name)
            {
                errors.Add("dbt_project.yml", tree.LineOf("/models/" + key), $"models: '{key}' is not the project's name ({project.Name}), so its configs apply to no model; nest them under models: {project.Name}:");
                continue;
            }
            CheckFolders((JsonObject)value!, "/models/" + key, [], project, tree, errors);
        }
    }

    private static void CheckFolders(JsonObject node, string pointer, List<string> folders, DbtProject project, YamlTree tree, ProjectFileErrors errors)
    {
        foreach (var (key, value) in node)
        {
            if (!IsFolder(key, value)) continue;
            var path = new List<string>(folders) { key };
            var layer = path.Count == 1 && Array.IndexOf(Layers, key) >= 0;
            if (!layer && !project.Models.Values.Any(m => m.Folders.Count >= path.Count && m.Folders.Take(path.Count).SequenceEqual(path, StringComparer.Ordinal)))
            {
                errors.Add("dbt_project.yml", tree.LineOf($"{pointer}/{key}"), $"models: the folder {string.Join("/", path)} holds no model, so its configs apply to nothing; name a folder under {project.ModelPaths[0]}/ that has models");
                continue;
            }
            CheckFolders((JsonObject)value!, $"{pointer}/{key}", path, project, tree, errors);
        }
    }

    private static bool IsFolder(string key, JsonNode? value) => value is JsonObject && !key.StartsWith('+') && Array.IndexOf(ObjectConfigs, key) < 0;

    private static void Walk(JsonObject node, string pointer, YamlTree tree, ProjectFileErrors errors)
    {
        foreach (var (key, value) in node)
        {
            var child = pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
            if (key is "+materialized" or "materialized" && DbtProject.Text(value) is { } materialized && Array.IndexOf(ModelBuilder.Materializations, materialized) < 0)
                errors.Add("dbt_project.yml", tree.LineOf(child), $"unknown materialization '{materialized}' at {child}; use view, table, incremental or ephemeral");
            if (value is JsonObject nested) Walk(nested, child, tree, errors);
        }
    }
}
