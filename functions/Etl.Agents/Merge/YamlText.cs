using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Etl.Agents.Merge;

/// <summary>
/// Reads a dbt YAML file into YamlDotNet's node tree and writes a tree back in dbt's usual style: block collections,
/// 2-space indent with indented sequences (<c>models:\n  - name: …</c>), no document markers, no line wrapping, and
/// each scalar's quoting and each flow list (<c>values: ['a', 'b']</c>) as they were read. Comments are not kept.
/// </summary>
public static class YamlText
{
    /// <summary>The file's root node, or null with the parser's message when it is not one YAML document.</summary>
    public static YamlNode? Read(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 1) return stream.Documents[0].RootNode;
            problem = stream.Documents.Count == 0 ? "the file has no YAML document" : "the file has more than one YAML document";
            return null;
        }
        catch (YamlException e)
        {
            problem = $"line {e.Start.Line}, column {e.Start.Column}: {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// The YAML text of <paramref name="root"/>, ending in one newline; a top-level key that
    /// <paramref name="layout"/> (the text it was read from) sets off with a blank line gets one again.
    /// </summary>
    public static string Write(YamlNode root, string? layout = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var writer = new StringWriter { NewLine = "\n" };
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, true, "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, root);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return layout is null ? writer.ToString() : SpaceTopLevelKeys(writer.ToString(), layout);
    }

    private static string SpaceTopLevelKeys(string text, string layout)
    {
        var spaced = new HashSet<string>(StringComparer.Ordinal);
        var previousBlank = false;
        foreach (var line in layout.Split('\n'))
        {
            if (previousBlank && TopLevelKey(line) is { } key) spaced.Add(key);
            previousBlank = line.Trim().Length == 0;
        }
        if (spaced.Count == 0) return text;
        var result = new System.Text.StringBuilder(text.Length + 16);
        var first = true;
        foreach (var line in text.Split('\n'))
        {
            if (!first)
            {
                result.Append('\n');
                if (TopLevelKey(line) is { } key && spaced.Contains(key)) result.Append('\n');
            }
            result.Append(line);
            first = false;
        }
        return result.ToString();
    }

    private static string? TopLevelKey(string line)
    {
        if (line.Length == 0 || line[0] is ' ' or '#' or '-') return null;
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? line[..colon] : null;
    }

    private static void Emit(IEmitter emitter, YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, scalar.Value ?? "", scalar.Style, true, true));
                break;
            case YamlSequenceNode sequence:
                var flowSequence = sequence.Style == SequenceStyle.Flow && IsFlat(sequence.Children);
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, flowSequence ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var child in sequence.Children) Emit(emitter, child);
                emitter.Emit(new SequenceEnd());
                break;
            case YamlMappingNode mapping:
                var flowMapping = mapping.Style == MappingStyle.Flow && IsFlat(mapping.Children.Values);
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, flowMapping ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in mapping.Children)
                {
                    Emit(emitter, key);
                    Emit(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            default:
                throw new ArgumentException($"a {node.NodeType} node (an alias) cannot be written back: dbt YAML has none", nameof(node));
        }
    }

    // A flow collection may only hold scalars here: a block child inside a flow parent cannot be written.
    private static bool IsFlat(IEnumerable<YamlNode> children)
    {
        foreach (var child in children)
        {
            if (child is not YamlScalarNode) return false;
        }
        return true;
    }
}
