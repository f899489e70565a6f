using System.Globalization;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace Etl.Agents.Dbt;

/// <summary>An ordered YAML mapping (keys in insertion order, so the same project always writes the same text).</summary>
public sealed class YamlMap : List<KeyValuePair<string, object?>>
{
    public YamlMap Add(string key, object? value)
    {
        Add(new KeyValuePair<string, object?>(key, value));
        return this;
    }

    /// <summary>The value of <paramref name="key"/>, or null.</summary>
    public object? Get(string key)
    {
        foreach (var (k, v) in this)
        {
            if (k == key) return v;
        }
        return null;
    }
}

/// <summary>A YAML sequence written in block style.</summary>
public sealed class YamlSeq : List<object?>;

/// <summary>A short sequence of scalars written in flow style (<c>[a, b]</c>).</summary>
public sealed class YamlFlow : List<object?>;

/// <summary>A scalar written exactly as given, unquoted (numbers, booleans, what a parsed file had plain).</summary>
public sealed record YamlPlain(string Text);

/// <summary>
/// Writes and reads the project's YAML: block style with two-space indents, strings quoted whenever a plain scalar
/// could be read as something else, so the files parse the same in dbt (PyYAML), YamlDotNet and the JSON schemas.
/// </summary>
public static class YamlText
{
    /// <summary>The document for a root mapping.</summary>
    public static string Write(YamlMap root)
    {
        var builder = new StringBuilder();
        WriteMap(builder, root, 0);
        return builder.ToString();
    }

    /// <summary>A scalar as YAML writes it (plain when safe, double-quoted otherwise).</summary>
    public static string Scalar(object? value) => value switch
    {
        null => "null",
        YamlPlain plain => plain.Text,
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => IsPlainSafe(s) ? s : Quoted(s),
        _ => Quoted(value.ToString() ?? ""),
    };

    /// <summary>A double-quoted YAML string.</summary>
    public static string Quoted(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>Reads a YAML document into the tree <see cref="Write"/> writes (scalars keep whether they were plain).</summary>
    public static YamlMap Read(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0) return [];
        return Tree(stream.Documents[0].RootNode) as YamlMap ?? throw new FormatException("the YAML document is not a mapping");
    }

    private static object? Tree(YamlNode node) => node switch
    {
        YamlMappingNode map => MapOf(map),
        YamlSequenceNode seq when seq.Style == YamlDotNet.Core.Events.SequenceStyle.Flow && seq.Children.All(c => c is YamlScalarNode) =>
            FlowOf(seq),
        YamlSequenceNode seq => SeqOf(seq),
        YamlScalarNode scalar when scalar.Style is YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any =>
            scalar.Value is null or "" or "~" ? null : new YamlPlain(scalar.Value),
        YamlScalarNode scalar => scalar.Value ?? "",
        _ => null,
    };

    private static YamlMap MapOf(YamlMappingNode node)
    {
        var map = new YamlMap();
        foreach (var (key, value) in node.Children) map.Add(((YamlScalarNode)key).Value ?? "", Tree(value));
        return map;
    }

    private static YamlSeq SeqOf(YamlSequenceNode node)
    {
        var seq = new YamlSeq();
        foreach (var child in node.Children) seq.Add(Tree(child));
        return seq;
    }

    private static YamlFlow FlowOf(YamlSequenceNode node)
    {
        var seq = new YamlFlow();
        foreach (var child in node.Children) seq.Add(Tree(child));
        return seq;
    }

    private static void WriteMap(StringBuilder builder, YamlMap map, int indent)
    {
        var first = true;
        foreach (var (key, value) in map)
        {
            // Top-level sections are separated by a blank line, as dbt's own examples are.
            if (indent == 0 && !first && value is YamlMap or YamlSeq) builder.Append('\n');
            first = false;
            builder.Append(' ', indent).Append(Scalar(key)).Append(':');
            WriteValue(builder, value, indent);
        }
    }

    private static void WriteValue(StringBuilder builder, object? value, int indent)
    {
        switch (value)
        {
            case YamlMap { Count: 0 }:
                builder.Append(" {}\n");
                break;
            case YamlMap map:
                builder.Append('\n');
                WriteMap(builder, map, indent + 2);
                break;
            case YamlSeq { Count: 0 }:
            case YamlFlow { Count: 0 }:
                builder.Append(" []\n");
                break;
            case YamlSeq seq:
                builder.Append('\n');
                WriteSeq(builder, seq, indent + 2);
                break;
            case YamlFlow flow:
                builder.Append(" [").Append(string.Join(", ", flow.Select(Scalar))).Append("]\n");
                break;
            default:
                builder.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static void WriteSeq(StringBuilder builder, YamlSeq seq, int indent)
    {
        foreach (var item in seq)
        {
            builder.Append(' ', indent).Append('-');
            switch (item)
            {
                case YamlMap { Count: > 0 } map:
                    var first = true;
                    foreach (var (key, value) in map)
                    {
                        if (first) builder.Append(' ');
                        else builder.Append(' ', indent + 2);
                        first = false;
                        builder.Append(Scalar(key)).Append(':');
                        WriteValue(builder, value, indent + 2);
                    }
                    break;
                case YamlSeq { Count: > 0 } inner:
                    builder.Append('\n');
                    WriteSeq(builder, inner, indent + 2);
                    break;
                default:
                    WriteValue(builder, item, indent - 2 < 0 ? 0 : indent);
                    break;
            }
        }
    }

    private static readonly HashSet<string> Special = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    };

    private static bool IsPlainSafe(string text)
    {
        if (text.Length == 0 || Special.Contains(text)) return false;
        if (text[0] is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or '+')) return false;
        foreach (var c in text)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '.' or '/' or '+')) return false;
        }
        return true;
    }
}
