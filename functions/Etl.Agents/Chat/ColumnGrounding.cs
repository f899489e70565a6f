using Etl.Core.Agents;

namespace Etl.Agents.Chat;

/// <summary>A reference in a generated file to something the catalog or the project does not have.</summary>
/// <param name="Path">The file.</param>
/// <param name="Line">1-based line of the first use, when known.</param>
/// <param name="Name">What was named (a column, a source table, a model).</param>
/// <param name="Message">What is wrong and what exists instead, for the model to act on.</param>
public sealed record GroundingProblem(string Path, int? Line, string Name, string Message)
{
    public override string ToString() => Line is { } line ? $"{Path}:{line}: {Message}" : $"{Path}: {Message}";
}

/// <summary>
/// Checks that every column a model's SQL names exists: in the catalog's tables it reads through <c>source()</c>, in
/// the upstream models it reads through <c>ref()</c> (their planned columns, or what their own SQL selects), or among
/// the names the SQL defines itself (CTEs, aliases). Also checks that every source table and every referenced model
/// exists. A model whose input is unknown is not judged on its columns (never a false alarm).
/// </summary>
public sealed class ColumnGrounding
{
    private readonly AgentSource source;
    private readonly ProjectPlan? plan;
    private readonly Dictionary<string, (string Path, SqlColumnReferences Sql)> models = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<string>?> outputs = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> resolving = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Path, PropertiesYaml Yaml)> properties = [];

    private ColumnGrounding(AgentSource source, ProjectPlan? plan, ProjectFiles files)
    {
        this.source = source;
        this.plan = plan;
        foreach (var (path, content) in files.Files)
        {
            if (PropertiesYaml.IsProperties(path)) properties.Add((path, PropertiesYaml.Read(content)));
            if (!IsModel(path)) continue;
            models[ModelName(path)] = (path, SqlColumnReferences.Scan(content));
        }
    }

    /// <summary>Every ungrounded reference of <paramref name="files"/>, in path order.</summary>
    public static IReadOnlyList<GroundingProblem> Check(AgentSource source, ProjectPlan? plan, ProjectFiles files)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(files);
        var grounding = new ColumnGrounding(source, plan, files);
        var problems = new List<GroundingProblem>();
        foreach (var (name, (path, sql)) in grounding.models.OrderBy(m => m.Value.Path, StringComparer.Ordinal))
        {
            problems.AddRange(grounding.CheckModel(name, path, sql));
        }
        foreach (var (path, yaml) in grounding.properties)
        {
            problems.AddRange(grounding.CheckProperties(path, yaml));
        }
        return problems.OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Line ?? 0).ToList();
    }

    public static bool IsModel(string path) =>
        path.StartsWith("models/", StringComparison.Ordinal) && path.EndsWith(".sql", StringComparison.OrdinalIgnoreCase);

    public static string ModelName(string path) => System.IO.Path.GetFileNameWithoutExtension(path);

    private List<GroundingProblem> CheckModel(string name, string path, SqlColumnReferences sql)
    {
        var problems = new List<GroundingProblem>();
        var inputs = new List<string>();
        var available = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var open = false;
        foreach (var (sourceName, tableName) in sql.Sources)
        {
            var table = string.Equals(sourceName, source.Name, StringComparison.OrdinalIgnoreCase) ? source.Table(tableName) : null;
            if (table is null)
            {
                problems.Add(new GroundingProblem(path, null, $"{sourceName}.{tableName}",
                    $"source('{sourceName}', '{tableName}') is not a table of the catalog; the source is '{source.Name}' with tables: {string.Join(", ", source.Tables.Select(t => t.Schema.Name))}"));
                open = true;
                continue;
            }
            inputs.Add($"source {source.Name}.{tableName}");
            foreach (var column in table.Schema.Columns) available.Add(column.Name);
        }
        foreach (var reference in sql.Refs)
        {
            if (!models.ContainsKey(reference) && !IsPlanned(reference))
            {
                problems.Add(new GroundingProblem(path, null, reference,
                    $"ref('{reference}') names no model of the project; models: {string.Join(", ", models.Keys.Order(StringComparer.Ordinal))}"));
                open = true;
                continue;
            }
            if (string.Equals(reference, name, StringComparison.OrdinalIgnoreCase) || OutputColumns(reference) is not { } columns)
            {
                open = true;
                continue;
            }
            inputs.Add($"model {reference}");
            available.UnionWith(columns);
        }
        if (open || inputs.Count == 0) return problems;

        var unknown = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var reference in sql.Columns)
        {
            if (available.Contains(reference.Column) || sql.Defined.Contains(reference.Column)) continue;
            unknown.TryAdd(reference.Column, reference.Line);
        }
        foreach (var (column, line) in unknown)
        {
            problems.Add(new GroundingProblem(path, line, column,
                $"column '{column}' does not exist in {string.Join(" or ", inputs)}; the columns there are: {string.Join(", ", available.Order(StringComparer.Ordinal))}"));
        }
        return problems;
    }

    /// <summary>The columns a properties YAML lists must exist in its model's output, or in the catalog table it describes.</summary>
    private List<GroundingProblem> CheckProperties(string path, PropertiesYaml yaml)
    {
        var problems = new List<GroundingProblem>();
        if (yaml.Error is { } error)
        {
            problems.Add(new GroundingProblem(path, null, path, error));
            return problems;
        }
        foreach (var model in yaml.Models)
        {
            if (!models.ContainsKey(model.Name) && !IsPlanned(model.Name))
            {
                problems.Add(new GroundingProblem(path, model.Line, model.Name,
                    $"describes model '{model.Name}', which has no .sql file; models: {string.Join(", ", models.Keys.Order(StringComparer.Ordinal))}"));
                continue;
            }
            if (OutputColumns(model.Name) is { } columns) problems.AddRange(Unlisted(path, $"model {model.Name}", model.Columns, columns));
        }
        foreach (var (sourceName, table) in yaml.SourceTables)
        {
            if (!string.Equals(sourceName, source.Name, StringComparison.OrdinalIgnoreCase)) continue;
            if (source.Table(table.Name) is not { } catalog)
            {
                problems.Add(new GroundingProblem(path, table.Line, table.Name,
                    $"source table '{table.Name}' is not a table of the catalog; tables: {string.Join(", ", source.Tables.Select(t => t.Schema.Name))}"));
                continue;
            }
            problems.AddRange(Unlisted(path, $"source {source.Name}.{table.Name}", table.Columns,
                new HashSet<string>(catalog.Schema.Columns.Select(c => c.Name), StringComparer.OrdinalIgnoreCase)));
        }
        return problems;
    }

    private static IEnumerable<GroundingProblem> Unlisted(string path, string owner, IReadOnlyList<(string Name, int Line)> listed, HashSet<string> columns)
    {
        foreach (var (name, line) in listed)
        {
            if (!columns.Contains(name))
                yield return new GroundingProblem(path, line, name,
                    $"column '{name}' is not a column of {owner}; its columns are: {string.Join(", ", columns.Order(StringComparer.Ordinal))}");
        }
    }

    /// <summary>What a model outputs, as far as can be told: null when unknown (an unknown input, a cycle).</summary>
    private HashSet<string>? OutputColumns(string model)
    {
        if (outputs.TryGetValue(model, out var known)) return known;
        if (!resolving.Add(model)) return null;
        HashSet<string>? result = null;
        var planned = PlannedColumns(model);
        if (models.TryGetValue(model, out var file))
        {
            var inputs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var open = false;
            foreach (var (_, tableName) in file.Sql.Sources)
            {
                if (source.Table(tableName) is { } table) inputs.UnionWith(table.Schema.Columns.Select(c => c.Name));
                else open = true;
            }
            foreach (var reference in file.Sql.Refs)
            {
                if (OutputColumns(reference) is { } columns) inputs.UnionWith(columns);
                else open = true;
            }
            if (!open)
            {
                // A superset of what the model selects: its aliases, the input columns it names, and all of them on *.
                result = new HashSet<string>(file.Sql.Defined, StringComparer.OrdinalIgnoreCase);
                result.UnionWith(file.Sql.Columns.Select(c => c.Column).Where(inputs.Contains));
                if (file.Sql.SelectsStar) result.UnionWith(inputs);
                if (planned is not null) result.UnionWith(planned);
            }
        }
        else
        {
            result = planned;
        }
        resolving.Remove(model);
        outputs[model] = result;
        return result;
    }

    private bool IsPlanned(string model) =>
        plan?.Models.Any(m => string.Equals(m.Name, model, StringComparison.OrdinalIgnoreCase)) == true;

    private HashSet<string>? PlannedColumns(string model)
    {
        var planned = plan?.Models.FirstOrDefault(m => string.Equals(m.Name, model, StringComparison.OrdinalIgnoreCase));
        if (planned?.Columns is not { Count: > 0 } columns) return null;
        return new HashSet<string>(columns.Select(c => c.Name), StringComparer.OrdinalIgnoreCase);
    }
}
