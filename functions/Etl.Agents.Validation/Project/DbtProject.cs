using System.Text.Json.Nodes;
using Etl.Agents.Validation.Schemas;
using Etl.Core.Agents;

namespace Etl.Agents.Validation.Project;

/// <summary>
/// A dbt project read from its files: dbt_project.yml (name, model paths, vars, folder configs), every model .sql
/// under the model paths, every YAML file parsed (with lines), and what the properties YAML describe: models, source
/// tables, generic tests.
/// </summary>
internal sealed class DbtProject
{
    private JsonObject? _modelConfigs;

    private DbtProject()
    {
    }

    public string? Name { get; private set; }

    public IReadOnlyList<string> ModelPaths { get; private set; } = ["models"];

    public Dictionary<string, object?> Vars { get; } = new(StringComparer.Ordinal);

    /// <summary>Models by name.</summary>
    public Dictionary<string, ModelFile> Models { get; } = new(StringComparer.Ordinal);

    /// <summary>Every YAML file: its tree, or null when it does not parse (the error is in <see cref="Errors"/>).</summary>
    public SortedDictionary<string, YamlTree?> YamlFiles { get; } = new(StringComparer.Ordinal);

    public List<DescribedModel> DescribedModels { get; } = [];

    public List<DescribedSourceTable> DescribedSources { get; } = [];

    public List<GenericTestDefinition> Tests { get; } = [];

    /// <summary>Problems found while reading, by file path.</summary>
    public ProjectFileErrors Errors { get; } = new();

    public static DbtProject Read(ProjectFiles files)
    {
        var project = new DbtProject();
        foreach (var (path, text) in files.Files)
        {
            if (!path.EndsWith(".yml", StringComparison.Ordinal) && !path.EndsWith(".yaml", StringComparison.Ordinal)) continue;
            try
            {
                project.YamlFiles[path] = YamlTree.Parse(text);
            }
            catch (YamlTreeException e)
            {
                project.YamlFiles[path] = null;
                project.Errors.Add(path, e.Line, e.Message);
            }
        }
        if (!files.Contains("dbt_project.yml")) project.Errors.Add("dbt_project.yml", null, "the project has no dbt_project.yml at its root");
        else if (project.YamlFiles["dbt_project.yml"]?.Root is JsonObject settings) project.ReadSettings(settings);

        foreach (var (path, text) in files.Files)
        {
            if (path.EndsWith(".sql", StringComparison.Ordinal) && project.ModelFolder(path) is { } folders) project.AddModel(path, folders, text);
        }
        foreach (var (path, tree) in project.YamlFiles)
        {
            if (tree?.Root is JsonObject root && DbtSchemas.SchemaFor(path, project.ModelPaths) == DbtSchemas.Properties) project.ReadProperties(path, tree, root);
        }
        return project;
    }

    /// <summary>The materialization dbt_project.yml's <c>models:</c> tree gives a model in <paramref name="folders"/> (deepest wins), or null.</summary>
    public string? FolderMaterialization(IReadOnlyList<string> folders)
    {
        if (_modelConfigs is null) return null;
        var found = Materialization(_modelConfigs);
        if (Name is null || _modelConfigs[Name] is not JsonObject node) return found;
        found = Materialization(node) ?? found;
        foreach (var folder in folders)
        {
            if (node[folder] is not JsonObject child) break;
            node = child;
            found = Materialization(node) ?? found;
        }
        return found;
    }

    private static string? Materialization(JsonObject config) =>
        (config["+materialized"] ?? config["materialized"]) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private void ReadSettings(JsonObject settings)
    {
        if (settings["name"] is JsonValue name && name.TryGetValue<string>(out var projectName)) Name = projectName;
        if (settings["model-paths"] is JsonArray paths)
        {
            var list = new List<string>();
            foreach (var path in paths)
            {
                if (path is JsonValue value && value.TryGetValue<string>(out var text)) list.Add(text.Trim('/'));
            }
            if (list.Count > 0) ModelPaths = list;
        }
        if (settings["vars"] is JsonObject vars)
        {
            foreach (var (key, value) in vars) Vars[key] = Plain(value);
        }
        _modelConfigs = settings["models"] as JsonObject;
    }

    /// <summary>The folders of <paramref name="path"/> under a model path, or null when it is not under one.</summary>
    private List<string>? ModelFolder(string path)
    {
        foreach (var root in ModelPaths)
        {
            if (!path.StartsWith(root + "/", StringComparison.Ordinal)) continue;
            var segments = path[(root.Length + 1)..].Split('/');
            return [.. segments[..^1]];
        }
        return null;
    }

    private void AddModel(string path, List<string> folders, string text)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        if (Models.TryGetValue(name, out var other))
        {
            Errors.Add(path, null, $"two models are named {name} ({other.Path} and {path}); dbt needs model names to be unique: rename one file");
            return;
        }
        Models[name] = new ModelFile(name, path, folders, text);
    }

    private void ReadProperties(string path, YamlTree tree, JsonObject root)
    {
        if (root["models"] is JsonArray models)
        {
            for (var i = 0; i < models.Count; i++)
            {
                if (models[i] is not JsonObject model || Text(model["name"]) is not { } name) continue;
                var pointer = $"/models/{i}";
                var materialized = model["config"] is JsonObject config ? Text(config["materialized"]) : null;
                DescribedModels.Add(new DescribedModel(name, path, tree.LineOf(pointer), materialized, Columns(tree, pointer, model)));
                ReadTests(path, tree, pointer, model, name, null, null);
            }
        }
        if (root["sources"] is JsonArray sources)
        {
            for (var i = 0; i < sources.Count; i++)
            {
                if (sources[i] is not JsonObject source || Text(source["name"]) is not { } sourceName || source["tables"] is not JsonArray tables) continue;
                for (var j = 0; j < tables.Count; j++)
                {
                    if (tables[j] is not JsonObject table || Text(table["name"]) is not { } tableName) continue;
                    var pointer = $"/sources/{i}/tables/{j}";
                    DescribedSources.Add(new DescribedSourceTable(sourceName, tableName, path, tree.LineOf(pointer), Columns(tree, pointer, table)));
                    ReadTests(path, tree, pointer, table, null, sourceName, tableName);
                }
            }
        }
    }

    private static List<DescribedColumn> Columns(YamlTree tree, string pointer, JsonObject node)
    {
        var described = new List<DescribedColumn>();
        if (node["columns"] is not JsonArray columns) return described;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] is JsonObject c && Text(c["name"]) is { } name) described.Add(new DescribedColumn(name, tree.LineOf($"{pointer}/columns/{i}")));
        }
        return described;
    }

    private void ReadTests(string path, YamlTree tree, string pointer, JsonObject node, string? model, string? source, string? table)
    {
        ReadTestList(path, tree, pointer, node, model, source, table, null);
        if (node["columns"] is not JsonArray columns) return;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i] is JsonObject column && Text(column["name"]) is { } name)
                ReadTestList(path, tree, $"{pointer}/columns/{i}", column, model, source, table, name);
        }
    }

    /// <summary>Both spellings: <c>data_tests:</c> (dbt ≥ 1.8) and the older <c>tests:</c>.</summary>
    private void ReadTestList(string path, YamlTree tree, string pointer, JsonObject node, string? model, string? source, string? table, string? column)
    {
        foreach (var key in (string[])["data_tests", "tests"])
        {
            if (node[key] is not JsonArray tests) continue;
            for (var i = 0; i < tests.Count; i++)
            {
                var line = tree.LineOf($"{pointer}/{key}/{i}");
                if (Test(tests[i]) is not var (test, arguments, where)) continue;
                var testColumn = column ?? Text(arguments["column_name"]);
                Tests.Add(new GenericTestDefinition(test, model, source, table, testColumn, arguments, where, path, line));
            }
        }
    }

    /// <summary>A test entry: <c>unique</c>, <c>{unique: {config: ...}}</c>, <c>{relationships: {arguments: {to, field}}}</c>, or <c>{test_name: x, ...}</c>.</summary>
    private static (string Test, JsonObject Arguments, string? Where)? Test(JsonNode? entry)
    {
        if (Text(entry) is { } plain) return (plain, new JsonObject(), null);
        if (entry is not JsonObject obj || obj.Count == 0) return null;
        string name;
        JsonObject? body;
        if (Text(obj["test_name"]) is { } testName)
        {
            name = testName;
            body = obj;
        }
        else
        {
            var first = obj.First();
            name = first.Key;
            body = first.Value as JsonObject;
        }
        var arguments = new JsonObject();
        string? where = null;
        if (body is not null)
        {
            foreach (var (key, value) in body)
            {
                switch (key)
                {
                    case "arguments" when value is JsonObject nested:
                        foreach (var (k, v) in nested) arguments[k] = v?.DeepClone();
                        break;
                    case "config" when value is JsonObject config:
                        where = Text(config["where"]);
                        break;
                    case "test_name" or "name" or "description" or "meta" or "tags":
                        break;
                    default:
                        arguments[key] = value?.DeepClone();
                        break;
                }
            }
            where ??= Text(body["where"]);
            arguments.Remove("where");
        }
        return (name, arguments, where);
    }

    internal static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value when value.TryGetValue<bool>(out var b) => b,
        JsonValue value when value.TryGetValue<long>(out var l) => l,
        JsonValue value when value.TryGetValue<double>(out var d) => d,
        JsonArray array => array.Select(Plain).ToList(),
        _ => node.ToJsonString(),
    };
}
