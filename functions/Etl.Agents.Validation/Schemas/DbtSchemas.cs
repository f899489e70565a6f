using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Etl.Agents.Validation.Schemas;

/// <summary>
/// dbt's JSON schemas (dbt-labs/dbt-jsonschema, <c>latest/</c>, embedded in this assembly) and which project file each
/// one checks: dbt_project.yml, packages.yml, dependencies.yml, selectors.yml, and every other YAML under the model
/// paths as properties YAML (<c>dbt_yml_files</c>).
/// </summary>
internal static class DbtSchemas
{
    public const string Project = "dbt_project";
    public const string Properties = "dbt_yml_files";

    private static readonly Dictionary<string, Lazy<JsonSchema>> Schemas = new(StringComparer.Ordinal)
    {
        [Project] = Load(Project),
        [Properties] = Load(Properties),
        ["packages"] = Load("packages"),
        ["dependencies"] = Load("dependencies"),
        ["selectors"] = Load("selectors"),
    };

    /// <summary>The schema that checks <paramref name="path"/>, or null for YAML dbt does not read (profiles.example.yml).</summary>
    public static string? SchemaFor(string path, IReadOnlyList<string> modelPaths)
    {
        switch (path)
        {
            case "dbt_project.yml":
                return Project;
            case "packages.yml" or "dependencies.yml" or "selectors.yml":
                return path[..^4];
        }
        foreach (var folder in modelPaths)
        {
            if (path.StartsWith(folder + "/", StringComparison.Ordinal)) return Properties;
        }
        return null;
    }

    /// <summary>Every way <paramref name="document"/> fails schema <paramref name="schema"/>, with its line.</summary>
    public static List<Etl.Core.Agents.FileError> Check(string schema, YamlTree document)
    {
        var errors = new List<Etl.Core.Agents.FileError>();
        // Through text, not JsonSerializer: reflection-free, so the validator runs under NativeAOT (the Lambda bootstrap).
        using var instance = JsonDocument.Parse((document.Root ?? new JsonObject()).ToJsonString());
        var results = Schemas[schema].Value.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        if (results.IsValid) return errors;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var detail in Failures(results))
        {
            var location = detail.InstanceLocation.ToString();
            var path = detail.EvaluationPath.ToString();
            foreach (var (keyword, message) in detail.Errors!)
            {
                var text = path.EndsWith("/additionalProperties", StringComparison.Ordinal)
                    ? $"{location}: unknown key '{location[(location.LastIndexOf('/') + 1)..]}': dbt's {schema} schema does not allow it here (a misspelling?)"
                    : $"{(location.Length == 0 ? "the document" : location)}: {message} (schema {keyword} at {path})";
                if (seen.Add(text)) errors.Add(new Etl.Core.Agents.FileError(document.LineOf(location), text));
            }
        }
        if (errors.Count == 0) errors.Add(new Etl.Core.Agents.FileError(null, $"does not validate against dbt's {schema} schema"));
        return errors;
    }

    /// <summary>The failing nodes with messages, descending only into failing nodes: a branch that failed inside an anyOf that passed is no error.</summary>
    private static IEnumerable<EvaluationResults> Failures(EvaluationResults results)
    {
        if (results.IsValid) yield break;
        if (results.Errors is { Count: > 0 }) yield return results;
        if (results.Details is null) yield break;
        foreach (var detail in results.Details)
        {
            foreach (var nested in Failures(detail)) yield return nested;
        }
    }

    private static Lazy<JsonSchema> Load(string name) => new(() =>
    {
        var resource = $"dbt-jsonschema/{name}-latest.json";
        using var stream = typeof(DbtSchemas).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the embedded schema {resource} is missing from {typeof(DbtSchemas).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://schemas.agentic-etl.local/dbt/{name}.json"));
    });
}
