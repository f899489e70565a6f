using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Etl.Agents.Validation.Schemas;

/// <summary>
/// A YAML file as the JSON tree dbt sees (PyYAML's YAML 1.1 scalars: <c>yes</c>/<c>on</c> are booleans, plain
/// numbers are numbers, <c>~</c> is null), with the line of every node by JSON pointer so schema errors point at lines.
/// </summary>
internal sealed partial class YamlTree
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    private YamlTree()
    {
    }

    public JsonNode? Root { get; private set; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="YamlTreeException"/> with the line when it is not YAML.</summary>
    public static YamlTree Parse(string text)
    {
        var tree = new YamlTree();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new YamlTreeException($"not valid YAML: {Innermost(e).Message}", (int)e.Start.Line);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way on a few malformed inputs (an unclosed flow sequence), without a position.
            throw new YamlTreeException($"not valid YAML: {e.Message}", null);
        }
        if (stream.Documents.Count > 1) throw new YamlTreeException("the file holds more than one YAML document; dbt reads one", (int)stream.Documents[1].RootNode.Start.Line);
        tree.Root = stream.Documents.Count == 0 ? null : tree.Convert(stream.Documents[0].RootNode, "");
        return tree;
    }

    /// <summary>The line of the node at <paramref name="pointer"/> (a JSON pointer), or of its nearest ancestor.</summary>
    public int? LineOf(string pointer)
    {
        for (var p = pointer; ; p = p[..p.LastIndexOf('/')])
        {
            if (_lines.TryGetValue(p, out var line)) return line;
            if (p.Length == 0) return null;
        }
    }

    private JsonNode? Convert(YamlNode node, string pointer)
    {
        _lines[pointer] = (int)node.Start.Line;
        switch (node)
        {
            case YamlMappingNode mapping:
                {
                    var obj = new JsonObject();
                    foreach (var (keyNode, valueNode) in mapping.Children)
                    {
                        var key = keyNode is YamlScalarNode scalarKey ? scalarKey.Value ?? "" : throw new YamlTreeException("a mapping key is not a plain value", (int)keyNode.Start.Line);
                        if (obj.ContainsKey(key)) throw new YamlTreeException($"the key '{key}' appears twice in one mapping", (int)keyNode.Start.Line);
                        var childPointer = pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                        _lines[childPointer] = (int)keyNode.Start.Line;
                        obj[key] = Convert(valueNode, childPointer);
                        _lines[childPointer] = (int)keyNode.Start.Line;
                    }
                    return obj;
                }
            case YamlSequenceNode sequence:
                {
                    var array = new JsonArray();
                    var i = 0;
                    foreach (var item in sequence.Children) array.Add(Convert(item, pointer + "/" + (i++).ToString(CultureInfo.InvariantCulture)));
                    return array;
                }
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new YamlTreeException("an alias or unsupported YAML node", (int)node.Start.Line);
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain) return JsonValue.Create(value);
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                return JsonValue.Create(false);
        }
        if (IntegerPattern().IsMatch(value) && long.TryParse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            return JsonValue.Create(integer);
        if (FloatPattern().IsMatch(value) && double.TryParse(value.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return JsonValue.Create(number);
        return JsonValue.Create(value);
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9_]*)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?$")]
    private static partial Regex FloatPattern();
}

/// <summary>A YAML file that cannot be read, at a line.</summary>
internal sealed class YamlTreeException(string message, int? line) : Exception(message)
{
    public int? Line { get; } = line;
}
