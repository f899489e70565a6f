using Etl.Core.Agents;
using YamlDotNet.RepresentationModel;

namespace Etl.Agents.Merge;

/// <summary>
/// Three-way merge of dbt projects: <c>base</c> (what the agents generated last time, null when unknown),
/// <c>human</c> (the project as the person has it now) and <c>generated</c> (what the agents generate now).
/// </summary>
/// <remarks>
/// Per file: one the person wrote is kept untouched; one they did not edit takes the new generated content (so
/// unchanged sources, which regenerate identically, change nothing); one they edited that the generator did not
/// change is kept; when both changed it, YAML merges structurally (<see cref="YamlMerge"/>) and any other file merges
/// by lines where the two sets of changes do not touch — when they do, the person's file is kept whole and the
/// decision names the conflicting lines (no conflict markers: they would break the model). A file generated last
/// time that is no longer generated is removed unless the person edited it. A generated file the person deleted
/// stays deleted.
/// </remarks>
public static class ProjectMerge
{
    /// <summary>The project file the deliver stage writes; the merge leaves it out of every input.</summary>
    public const string MarkerFile = ".agentic-etl.json";

    /// <summary>Merges <paramref name="human"/> and <paramref name="generated"/> over <paramref name="base"/>.</summary>
    public static MergedProject Merge(ProjectFiles? @base, ProjectFiles human, ProjectFiles generated)
    {
        ArgumentNullException.ThrowIfNull(human);
        ArgumentNullException.ThrowIfNull(generated);
        var paths = new SortedSet<string>(human.Paths, StringComparer.Ordinal);
        paths.UnionWith(generated.Paths);
        if (@base is not null) paths.UnionWith(@base.Paths);
        paths.Remove(MarkerFile);

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var origins = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var removed = new List<string>();
        var decisions = new List<AgentDecision>();
        foreach (var path in paths)
        {
            var (content, origin) = File(path, @base, human[path], generated[path], decisions);
            if (content is null)
            {
                if (human.Contains(path)) removed.Add(path);
                continue;
            }
            files[path] = content;
            origins[path] = origin!;
        }
        DropOrphanedEntries(files, origins, removed, decisions);
        return new MergedProject(new ProjectFiles(files), origins, removed, decisions);
    }

    // A model whose SQL file the merge removed must not stay documented in a YAML file the person edited (dbt warns
    // about a patch for a model that does not exist, and its tests cannot run): its entry goes, quoted in the decision.
    private static void DropOrphanedEntries(Dictionary<string, string> files, SortedDictionary<string, string> origins, List<string> removed, List<AgentDecision> decisions)
    {
        var gone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in removed)
        {
            if (path.EndsWith(".sql", StringComparison.Ordinal)) gone.Add(Path.GetFileNameWithoutExtension(path));
        }
        if (gone.Count == 0) return;
        foreach (var path in files.Keys.ToList())
        {
            if (!IsYaml(path) || YamlText.Read(files[path], out _) is not YamlMappingNode root) continue;
            if (YamlNodes.Get(root, "models") is not YamlSequenceNode models) continue;
            var changed = false;
            for (var i = models.Children.Count - 1; i >= 0; i--)
            {
                if (models.Children[i] is not YamlMappingNode model
                    || YamlNodes.Get(model, "name") is not YamlScalarNode { Value: { } name }
                    || !gone.Contains(name)) continue;
                decisions.Add(new AgentDecision($"remove model {name} from {path}", 0.8,
                    $"its SQL file was removed (the generator no longer writes the model); the entry you had: {YamlNodes.Inline(model)}"));
                models.Children.RemoveAt(i);
                changed = true;
            }
            if (!changed) continue;
            files[path] = YamlText.Write(root, files[path]);
            origins[path] = FileOrigins.Merged;
        }
    }

    private static (string? Content, string? Origin) File(string path, ProjectFiles? @base, string? h, string? g, List<AgentDecision> decisions)
    {
        var b = @base?[path];
        if (h is null)
        {
            if (g is null) return (null, null);
            if (b is null)
            {
                if (@base is null)
                    decisions.Add(new AgentDecision($"add {path}", 0.8,
                        "the generator writes it and your project does not have it; the previous generated version is unknown, so if you had deleted it on purpose, delete it again"));
                return (g, FileOrigins.Generated);
            }
            decisions.Add(new AgentDecision($"leave out {path}", g == b ? 0.9 : 0.6,
                g == b ? "you deleted this generated file; the generator writes it unchanged, so your deletion stands"
                       : "you deleted this generated file; the generator now writes it differently, but your deletion stands (delete it from your project's history, or restore it from this run's files, to change that)"));
            return (null, null);
        }
        if (g is null)
        {
            if (b is null)
            {
                if (@base is null)
                    decisions.Add(new AgentDecision($"keep {path}", 0.9,
                        "the generator does not write this file; the previous generated version is unknown, so it is taken for yours and kept untouched"));
                return (h, FileOrigins.Human);
            }
            if (h == b)
            {
                decisions.Add(new AgentDecision($"remove {path}", 0.9, "the generator wrote it last time and no longer does (its source or the prompt changed); you had not edited it"));
                return (null, null);
            }
            decisions.Add(new AgentDecision($"keep {path}", 0.7, "the generator no longer writes it, but you edited it: kept as you have it; check it still runs"));
            return (h, FileOrigins.Kept);
        }
        if (h == g) return (g, FileOrigins.Generated);
        if (b is not null && h == b) return (g, FileOrigins.Generated);
        if (b is not null && g == b)
        {
            decisions.Add(new AgentDecision($"keep your edits to {path}", 1.0, "you edited the file and the generator's content for it did not change"));
            return (h, FileOrigins.Kept);
        }
        return IsYaml(path) ? Yaml(path, b, h, g, decisions) : Text(path, b, h, g, @base is not null, decisions);
    }

    private static (string, string) Yaml(string path, string? b, string h, string g, List<AgentDecision> decisions)
    {
        var humanNode = YamlText.Read(h, out var humanProblem);
        var generatedNode = YamlText.Read(g, out var generatedProblem);
        var baseNode = b is null ? null : YamlText.Read(b, out _);
        if (humanNode is null || generatedNode is null)
        {
            var problem = humanNode is null ? $"your file does not parse as YAML ({humanProblem})" : $"the generated file does not parse as YAML ({generatedProblem})";
            decisions.Add(new AgentDecision($"keep your {path}", 0.4, $"both you and the generator changed it, and {problem}: the generator's changes to it are not applied"));
            return (h, FileOrigins.Kept);
        }
        var (merged, yamlDecisions) = YamlMerge.Merge(path, baseNode, humanNode, generatedNode);
        decisions.AddRange(yamlDecisions);
        if (YamlNodes.Same(merged, humanNode)) return (h, FileOrigins.Kept);
        if (YamlNodes.Same(merged, generatedNode)) return (g, FileOrigins.Generated);
        return (YamlText.Write(merged, h), FileOrigins.Merged);
    }

    private static (string, string) Text(string path, string? b, string h, string g, bool knownBase, List<AgentDecision> decisions)
    {
        if (b is null)
        {
            var why = knownBase ? "you added a file the generator now writes too, differently" : "your file and the generated one differ and the previous generated version is unknown";
            decisions.Add(new AgentDecision($"keep your {path}", 0.5,
                $"{why}, so your edits cannot be told from the generator's changes: yours is kept; the generated file is in this run's generation.json"));
            return (h, FileOrigins.Kept);
        }
        var merge = TextMerge.Of(b, h, g);
        if (merge.Text is { } text)
        {
            decisions.Add(new AgentDecision($"merge your edits to {path} with the generator's changes", 0.8,
                "you and the generator changed different lines; both sets of changes are applied (validation runs the merged model)"));
            return (text, text == h ? FileOrigins.Kept : text == g ? FileOrigins.Generated : FileOrigins.Merged);
        }
        var lines = string.Join(", ", merge.Conflicts.Select(c => c.End - c.Start <= 1 ? $"line {c.Start + 1}" : $"lines {c.Start + 1}-{c.End}"));
        decisions.Add(new AgentDecision($"keep your {path}", 0.6,
            $"you and the generator changed the same lines ({lines} of the previous generated version): your file is kept whole and the generator's changes to it are not applied; the generated version is in this run's generation.json"));
        return (h, FileOrigins.Kept);
    }

    private static bool IsYaml(string path) =>
        path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase);
}
