using System.Text.RegularExpressions;
using Etl.Core.Agents;
using YamlDotNet.RepresentationModel;

namespace Etl.Agents.Tests.Offline;

/// <summary>Reads a generated project the way a reviewer would: YAML with YamlDotNet, SQL select lists with a regular expression.</summary>
internal static partial class ProjectReader
{
    public static YamlMappingNode Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static YamlNode? Get(this YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Text(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    /// <summary>Every model described in the project's YAML files: name → (file, description, columns with their tests).</summary>
    public static Dictionary<string, ModelDoc> Models(ProjectFiles files)
    {
        var models = new Dictionary<string, ModelDoc>(StringComparer.Ordinal);
        foreach (var (path, text) in files.Files)
        {
            if (!path.EndsWith(".yml", StringComparison.Ordinal) || !path.StartsWith("models/", StringComparison.Ordinal)) continue;
            if (Yaml(text).Get("models") is not YamlSequenceNode entries) continue;
            foreach (YamlMappingNode entry in entries)
            {
                var columns = new List<ColumnDoc>();
                if (entry.Get("columns") is YamlSequenceNode cols)
                {
                    foreach (YamlMappingNode column in cols)
                    {
                        var tests = new List<YamlNode>();
                        if (column.Get("data_tests") is YamlSequenceNode t) tests.AddRange(t.Children);
                        columns.Add(new ColumnDoc(column.Get("name").Text()!, column.Get("description").Text(), tests, column.Get("quote").Text() == "true"));
                    }
                }
                models[entry.Get("name").Text()!] = new ModelDoc(path, entry.Get("description").Text(), columns);
            }
        }
        return models;
    }

    /// <summary>The test's name: <c>unique</c>, <c>not_null</c>, or the key of a test with arguments.</summary>
    public static string TestName(YamlNode test) => test is YamlScalarNode scalar ? scalar.Value! : ((YamlScalarNode)((YamlMappingNode)test).Children.Keys.Single()).Value!;

    public static YamlMappingNode TestArguments(YamlNode test) => (YamlMappingNode)((YamlMappingNode)test).Children.Values.Single();

    /// <summary>The select list of the model's last logical CTE: (expression, output name) in order.</summary>
    public static IReadOnlyList<(string Expression, string Name)> SelectList(string sql)
    {
        var start = sql.LastIndexOf("    select\n", StringComparison.Ordinal);
        var end = sql.IndexOf("\n    from ", start, StringComparison.Ordinal);
        var list = new List<(string, string)>();
        foreach (var raw in sql[(start + "    select\n".Length)..end].Split('\n'))
        {
            var line = raw.Trim().TrimEnd(',');
            var alias = AliasAtEnd().Match(line);
            if (alias.Success) list.Add((line[..alias.Index], Unquote(alias.Groups[1].Value)));
            else list.Add((line, Unquote(line[(line.LastIndexOf('.') + 1)..])));
        }
        return list;
    }

    /// <summary>The columns an expression reads, with the CTE qualifier when it has one (<c>child</c>, <c>parent</c>).</summary>
    public static IEnumerable<(string? Qualifier, string Column)> ColumnsIn(string expression)
    {
        var withoutLiterals = Literal().Replace(expression, "''");
        foreach (Match match in Identifier().Matches(withoutLiterals))
        {
            var quoted = match.Groups[2].Success;
            var name = quoted ? match.Groups[2].Value : match.Groups[3].Value;
            if (!quoted && SqlWords.Contains(name)) continue;
            yield return (match.Groups[1].Success ? match.Groups[1].Value : null, name);
        }
    }

    private static string Unquote(string name) => name.StartsWith('"') ? name[1..^1] : name;

    private static readonly HashSet<string> SqlWords = new(StringComparer.Ordinal)
    {
        "cast", "try_cast", "as", "timestamp", "varchar", "bigint", "integer", "double", "date", "interval", "second", "floor", "date_trunc",
        "count", "sum", "avg", "min", "max", "coalesce", "case", "when", "then", "else", "end", "and", "or", "not", "null", "is",
    };

    [GeneratedRegex(@"\s+as\s+(""[^""]+""|[a-z_][a-z0-9_]*)$")]
    private static partial Regex AliasAtEnd();

    [GeneratedRegex(@"'[^']*'")]
    private static partial Regex Literal();

    [GeneratedRegex(@"(?<![\w.""])(?:(child|parent|upstream)\.)?(?:""([^""]+)""|([a-z_][a-z0-9_]*)\b)(?!\s*\()")]
    private static partial Regex Identifier();
}

internal sealed record ModelDoc(string Path, string? Description, IReadOnlyList<ColumnDoc> Columns);

internal sealed record ColumnDoc(string Name, string? Description, IReadOnlyList<YamlNode> Tests, bool Quote)
{
    public IEnumerable<string> TestNames => Tests.Select(ProjectReader.TestName);
}
