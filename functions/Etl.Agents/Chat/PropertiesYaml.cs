using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Etl.Agents.Chat;

/// <summary>A named entry of a dbt properties YAML (a model, a source table) and the columns it lists, with lines.</summary>
public sealed record YamlEntry(string Name, int Line, IReadOnlyList<(string Name, int Line)> Columns);

/// <summary>
/// The names a dbt properties YAML (<c>_..__models.yml</c>, <c>_..__sources.yml</c>) declares, as grounding needs
/// them: its models with their columns, and its sources' tables with theirs.
/// </summary>
public sealed class PropertiesYaml
{
    private PropertiesYaml()
    {
    }

    public List<YamlEntry> Models { get; } = [];

    /// <summary>Tables by source name.</summary>
    public List<(string Source, YamlEntry Table)> SourceTables { get; } = [];

    /// <summary>Why the text does not parse as YAML, with its line; null when it does.</summary>
    public string? Error { get; private set; }

    public static bool IsProperties(string path) =>
        path.StartsWith("models/", StringComparison.Ordinal)
        && (path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase));

    public static PropertiesYaml Read(string text)
    {
        var result = new PropertiesYaml();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            result.Error = $"line {e.Start.Line}: the YAML does not parse: {e.Message}";
            return result;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return result;
        foreach (var model in Items(root, "models")) result.Models.Add(Entry(model));
        foreach (var source in Items(root, "sources"))
        {
            var name = Scalar(source, "name") ?? "";
            foreach (var table in Items(source, "tables")) result.SourceTables.Add((name, Entry(table)));
        }
        return result;
    }

    private static YamlEntry Entry(YamlMappingNode node)
    {
        var columns = new List<(string, int)>();
        foreach (var column in Items(node, "columns"))
        {
            if (Scalar(column, "name") is { } name) columns.Add((name.Trim('"', '`'), (int)column.Start.Line));
        }
        return new YamlEntry(Scalar(node, "name") ?? "", (int)node.Start.Line, columns);
    }

    private static IEnumerable<YamlMappingNode> Items(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlSequenceNode sequence
            ? sequence.Children.OfType<YamlMappingNode>()
            : [];

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}
