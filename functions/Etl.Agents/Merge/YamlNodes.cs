using System.Text;
using YamlDotNet.RepresentationModel;

namespace Etl.Agents.Merge;

/// <summary>What the YAML merge needs to know about nodes: equality, keys, how list items are identified.</summary>
internal static class YamlNodes
{
    /// <summary>Equal in content (scalar text, keys in any order, list items in order), whatever the quoting or style.</summary>
    public static bool Same(YamlNode a, YamlNode b)
    {
        switch (a)
        {
            case YamlScalarNode sa when b is YamlScalarNode sb:
                return string.Equals(sa.Value ?? "", sb.Value ?? "", StringComparison.Ordinal);
            case YamlSequenceNode qa when b is YamlSequenceNode qb:
                if (qa.Children.Count != qb.Children.Count) return false;
                for (var i = 0; i < qa.Children.Count; i++)
                {
                    if (!Same(qa.Children[i], qb.Children[i])) return false;
                }
                return true;
            case YamlMappingNode ma when b is YamlMappingNode mb:
                if (ma.Children.Count != mb.Children.Count) return false;
                foreach (var (key, value) in ma.Children)
                {
                    if (Get(mb, KeyText(key)) is not { } other || !Same(value, other)) return false;
                }
                return true;
            default:
                return false;
        }
    }

    public static string KeyText(YamlNode key) => key is YamlScalarNode scalar ? scalar.Value ?? "" : Inline(key);

    /// <summary>dbt reads <c>tests</c> and <c>data_tests</c> as one setting (and rejects both at once): they merge as one key.</summary>
    public static string Canonical(string key) => key == "tests" ? "data_tests" : key;

    /// <summary>The value under <paramref name="key"/> (or its other spelling), or null.</summary>
    public static YamlNode? Get(YamlMappingNode mapping, string key)
    {
        var wanted = Canonical(key);
        foreach (var (k, value) in mapping.Children)
        {
            if (Canonical(KeyText(k)) == wanted) return value;
        }
        return null;
    }

    /// <summary>What the items of a list under <paramref name="listKey"/> are, for decisions; null for plain values.</summary>
    public static string? ItemKind(string listKey) => listKey switch
    {
        "models" => "model",
        "columns" => "column",
        "sources" => "source",
        "tables" => "table",
        "data_tests" => "test",
        "seeds" => "seed",
        "snapshots" => "snapshot",
        "exposures" => "exposure",
        "metrics" => "metric",
        "semantic_models" => "semantic model",
        "macros" => "macro",
        _ => null,
    };

    /// <summary>
    /// One identity per item that holds across versions: a test by its name (and its own <c>name</c>), a named thing
    /// by <c>name</c>, a plain value by itself; repeats numbered. Null when the items have no such identity.
    /// </summary>
    public static string[]? ItemKeys(string listKey, YamlSequenceNode sequence)
    {
        var keys = new string[sequence.Children.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            var key = listKey == "data_tests" ? TestKey(sequence.Children[i]) : ItemKey(sequence.Children[i]);
            if (key is null) return null;
            seen[key] = seen.TryGetValue(key, out var count) ? count + 1 : 1;
            keys[i] = seen[key] == 1 ? key : $"{key}#{seen[key]}";
        }
        return keys;
    }

    private static string? ItemKey(YamlNode item) => item switch
    {
        YamlScalarNode scalar => scalar.Value ?? "",
        YamlMappingNode mapping when Get(mapping, "name") is YamlScalarNode name => name.Value ?? "",
        _ => null,
    };

    private static string? TestKey(YamlNode item)
    {
        switch (item)
        {
            case YamlScalarNode scalar:
                return scalar.Value ?? "";
            case YamlMappingNode mapping when Get(mapping, "test_name") is YamlScalarNode testName:
                return Get(mapping, "name") is YamlScalarNode own ? $"{testName.Value}:{own.Value}" : testName.Value ?? "";
            case YamlMappingNode { Children.Count: 1 } mapping:
                var (key, value) = mapping.Children.First();
                var test = KeyText(key);
                return value is YamlMappingNode args && Get(args, "name") is YamlScalarNode name ? $"{test}:{name.Value}" : test;
            default:
                return null;
        }
    }

    /// <summary>A copy of a named item with <c>name</c> set to <paramref name="name"/>.</summary>
    public static YamlNode WithName(YamlNode item, string name)
    {
        if (item is not YamlMappingNode mapping) return item;
        var copy = new YamlMappingNode { Style = mapping.Style };
        foreach (var (key, value) in mapping.Children)
        {
            copy.Add(key, KeyText(key) == "name" && value is YamlScalarNode scalar ? new YamlScalarNode(name) { Style = scalar.Style } : value);
        }
        return copy;
    }

    /// <summary>The node on one line, cut at <paramref name="max"/> characters, for a decision's reasoning.</summary>
    public static string Brief(YamlNode node, int max = 160)
    {
        var text = Inline(node);
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
    }

    /// <summary>The node in YAML flow style on one line.</summary>
    public static string Inline(YamlNode node)
    {
        var text = new StringBuilder();
        AppendInline(text, node);
        return text.ToString();
    }

    private static void AppendInline(StringBuilder text, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                text.Append('\'').Append((scalar.Value ?? "").Replace("'", "''", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)).Append('\'');
                break;
            case YamlSequenceNode sequence:
                text.Append('[');
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    if (i > 0) text.Append(", ");
                    AppendInline(text, sequence.Children[i]);
                }
                text.Append(']');
                break;
            case YamlMappingNode mapping:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in mapping.Children)
                {
                    if (!first) text.Append(", ");
                    first = false;
                    text.Append(KeyText(key)).Append(": ");
                    AppendInline(text, value);
                }
                text.Append('}');
                break;
            default:
                text.Append(node.NodeType.ToString());
                break;
        }
    }
}
