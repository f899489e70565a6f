using System.Globalization;
using Etl.Core.Agents;
using YamlDotNet.RepresentationModel;

namespace Etl.Agents.Merge;

/// <summary>
/// A structural three-way merge of one dbt YAML file: mappings key by key (the human's key order, new keys appended),
/// lists of named things (models, columns, sources, tables) by name, test lists by test, scalar lists as sets.
/// Where only one side changed something, that change is taken. Where both changed the same scalar, the human's value
/// wins (descriptions, meta, tags, docs, tests) except under <c>config</c> and dbt_project.yml's <c>+</c> settings,
/// which follow the generator. A column the generator dropped is removed even when documented, with the
/// documentation quoted in the decision; a model or other named entry the human edited is kept.
/// </summary>
internal sealed class YamlMerge
{
    // How alike an old and a new column name must be to take a same-place replacement for a rename.
    private const double MinimumRenameSimilarity = 0.6;

    private readonly string _path;
    private readonly bool _baseKnown;
    private readonly List<AgentDecision> _decisions = [];

    private YamlMerge(string path, bool baseKnown)
    {
        _path = path;
        _baseKnown = baseKnown;
    }

    /// <summary>The merged tree and the decisions behind it; <paramref name="base"/> null when not known.</summary>
    public static (YamlNode Merged, IReadOnlyList<AgentDecision> Decisions) Merge(string path, YamlNode? @base, YamlNode human, YamlNode generated)
    {
        var merge = new YamlMerge(path, @base is not null);
        var merged = merge.Node(@base, human, generated, new Place("", "", false));
        return (merged, merge._decisions);
    }

    // Where a node is: the key it is under, a readable location, and whether the generator owns its conflicts.
    private readonly record struct Place(string Key, string Where, bool GeneratorOwned)
    {
        public Place Under(string key) =>
            new(key, Where, GeneratorOwned || key == "config" || key.StartsWith('+'));

        public Place Item(string kind, string name) =>
            new(Key, Where.Length == 0 ? $"{kind} {name}" : $"{Where}, {kind} {name}", GeneratorOwned);

        public string Describe(string key) => Where.Length == 0 ? $"'{key}'" : $"'{key}' of {Where}";
    }

    private YamlNode Node(YamlNode? b, YamlNode h, YamlNode g, Place place)
    {
        if (YamlNodes.Same(h, g)) return h;
        if (b is not null && YamlNodes.Same(b, h)) return g;
        if (b is not null && YamlNodes.Same(b, g)) return h;
        if (h is YamlMappingNode hm && g is YamlMappingNode gm) return Mapping(b as YamlMappingNode, hm, gm, place);
        if (h is YamlSequenceNode hs && g is YamlSequenceNode gs && ItemKeys(place.Key, hs, gs, b as YamlSequenceNode) is { } keys)
            return Sequence(b as YamlSequenceNode, hs, gs, place, keys);
        if (place.GeneratorOwned)
        {
            Decide($"take the generator's {place.Describe(place.Key)} in {_path}", 0.7,
                $"both you and the generator changed it; configuration follows the current data and prompt (yours was {YamlNodes.Brief(h)}, now {YamlNodes.Brief(g)})");
            return g;
        }
        Decide($"keep your {place.Describe(place.Key)} in {_path}", 0.8,
            $"both you and the generator changed it; your text wins (the generator's was {YamlNodes.Brief(g)})");
        return h;
    }

    private YamlMappingNode Mapping(YamlMappingNode? b, YamlMappingNode h, YamlMappingNode g, Place place)
    {
        var result = new YamlMappingNode { Style = h.Style };
        foreach (var (keyNode, hv) in h.Children)
        {
            var key = YamlNodes.KeyText(keyNode);
            var inner = place.Under(YamlNodes.Canonical(key));
            var gv = YamlNodes.Get(g, key);
            var bv = b is null ? null : YamlNodes.Get(b, key);
            if (gv is not null)
            {
                result.Add(keyNode, Node(bv, hv, gv, inner));
            }
            else if (bv is not null && YamlNodes.Same(bv, hv))
            {
                // The generator stopped writing it and you never touched it: it goes.
            }
            else
            {
                if (bv is not null)
                    Decide($"keep {place.Describe(key)} in {_path}", 0.7, "the generator no longer writes it, but you edited it");
                result.Add(keyNode, hv);
            }
        }
        foreach (var (keyNode, gv) in g.Children)
        {
            var key = YamlNodes.KeyText(keyNode);
            if (YamlNodes.Get(h, key) is not null) continue;
            var bv = b is null ? null : YamlNodes.Get(b, key);
            if (bv is null)
            {
                result.Add(keyNode, gv);
            }
            else if (!YamlNodes.Same(bv, gv))
            {
                Decide($"leave out {place.Describe(key)} in {_path}", 0.6,
                    $"you removed it; the generator changed it to {YamlNodes.Brief(gv)}, but your removal wins");
            }
        }
        return result;
    }

    // Keys that identify a list's items across the three versions, or null when the list is one value to merge whole.
    private static string[][]? ItemKeys(string listKey, YamlSequenceNode h, YamlSequenceNode g, YamlSequenceNode? b)
    {
        var hk = YamlNodes.ItemKeys(listKey, h);
        var gk = YamlNodes.ItemKeys(listKey, g);
        var bk = b is null ? [] : YamlNodes.ItemKeys(listKey, b);
        return hk is null || gk is null || bk is null ? null : [hk, gk, bk];
    }

    private YamlSequenceNode Sequence(YamlSequenceNode? b, YamlSequenceNode h, YamlSequenceNode g, Place place, string[][] keys)
    {
        var (hKeys, gKeys, bKeys) = (keys[0], keys[1], keys[2]);
        var kind = YamlNodes.ItemKind(place.Key);
        var result = new List<(string Key, YamlNode Node)>();
        var renames = kind == "column" && b is not null ? Renames(b, h, g, hKeys, gKeys, bKeys) : [];
        for (var i = 0; i < hKeys.Length; i++)
        {
            var key = hKeys[i];
            var hv = h.Children[i];
            var gi = Array.IndexOf(gKeys, key);
            var bi = Array.IndexOf(bKeys, key);
            var bv = bi >= 0 ? b!.Children[bi] : null;
            var item = place.Item(kind ?? "item", key);
            if (gi >= 0)
            {
                result.Add((key, Node(bv, hv, g.Children[gi], item)));
            }
            else if (renames.TryGetValue(key, out var renamed))
            {
                var gv = g.Children[Array.IndexOf(gKeys, renamed)];
                Decide($"carry your documentation of column {key} over to {renamed} ({Where(place)}) in {_path}", 0.6,
                    string.Create(CultureInfo.InvariantCulture,
                        $"the generator replaced {key} with {renamed} at the same place among the columns and the names are alike (similarity {ColumnNames.Similarity(key, renamed):0.00}): taken for a rename; your version was {YamlNodes.Inline(hv)}"));
                result.Add((renamed, Node(YamlNodes.WithName(bv!, renamed), YamlNodes.WithName(hv, renamed), gv, place.Item(kind!, renamed))));
            }
            else if (bv is not null)
            {
                if (Removed(kind, key, bv, hv, place)) continue;
                result.Add((key, hv));
            }
            else
            {
                if (kind is not null) Kept(kind, key, place);
                result.Add((key, hv));
            }
        }
        for (var i = 0; i < gKeys.Length; i++)
        {
            var key = gKeys[i];
            if (Array.IndexOf(hKeys, key) >= 0 || renames.ContainsValue(key)) continue;
            var bi = Array.IndexOf(bKeys, key);
            if (bi >= 0)
            {
                if (kind is not null)
                    Decide($"leave out {kind} {key} ({Where(place)}) in {_path}", YamlNodes.Same(b!.Children[bi], g.Children[i]) ? 0.9 : 0.6,
                        "you removed it from the generated file; the generator still writes it, but your removal wins");
                continue;
            }
            // A new item goes after the item it follows in the generated list, so columns keep the source's order.
            var at = 0;
            for (var p = i - 1; p >= 0; p--)
            {
                var index = result.FindIndex(r => r.Key == gKeys[p]);
                if (index < 0) continue;
                at = index + 1;
                break;
            }
            if (at == 0 && i > 0) at = result.Count;
            result.Insert(at, (key, g.Children[i]));
            if (kind is "column" or "model" or "source" or "table")
                Decide($"add {kind} {key} ({Where(place)}) in {_path}", 0.95, $"the generator writes a new {kind}; it was not in the project before");
        }
        var sequence = new YamlSequenceNode { Style = h.Style };
        foreach (var (_, node) in result) sequence.Add(node);
        return sequence;
    }

    // Columns the person documented that the generator replaced, at the same place, by a new column with a similar
    // name: a source rename, so the documentation follows the column (old name → new name).
    private static Dictionary<string, string> Renames(YamlSequenceNode b, YamlSequenceNode h, YamlSequenceNode g, string[] hKeys, string[] gKeys, string[] bKeys)
    {
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < hKeys.Length; i++)
        {
            var old = hKeys[i];
            var bi = Array.IndexOf(bKeys, old);
            if (bi < 0 || Array.IndexOf(gKeys, old) >= 0 || YamlNodes.Same(b.Children[bi], h.Children[i])) continue;
            var before = bi > 0 ? bKeys[bi - 1] : null;
            var after = bi + 1 < bKeys.Length ? bKeys[bi + 1] : null;
            for (var j = 0; j < gKeys.Length; j++)
            {
                var candidate = gKeys[j];
                if (Array.IndexOf(bKeys, candidate) >= 0 || Array.IndexOf(hKeys, candidate) >= 0 || renames.ContainsValue(candidate)) continue;
                var samePlace = (j > 0 ? gKeys[j - 1] : null) == before && (j + 1 < gKeys.Length ? gKeys[j + 1] : null) == after;
                if (!samePlace || ColumnNames.Similarity(old, candidate) < MinimumRenameSimilarity) continue;
                renames[old] = candidate;
                break;
            }
        }
        return renames;
    }

    // An item the generator no longer writes: true when it goes.
    private bool Removed(string? kind, string key, YamlNode bv, YamlNode hv, Place place)
    {
        var untouched = YamlNodes.Same(bv, hv);
        if (kind == "column")
        {
            // The column is gone from the model the generator writes: documenting it would describe a column that
            // does not exist and its tests would fail. Your text is kept in the decision and the diff.
            var documentation = untouched ? "" : $"; your documentation of it, to restore if the column comes back: {YamlNodes.Inline(hv)}";
            Decide($"remove column {key} ({Where(place)}) in {_path}", untouched ? 0.95 : 0.7,
                $"the generator no longer writes the column (its source column was dropped or renamed){documentation}");
            return true;
        }
        if (untouched)
        {
            if (kind is not null)
                Decide($"remove {kind} {key} ({Where(place)}) in {_path}", 0.9, $"the generator no longer writes the {kind} and you had not edited it");
            return true;
        }
        if (kind is not null)
            Decide($"keep {kind} {key} ({Where(place)}) in {_path}", 0.6, $"the generator no longer writes the {kind}, but you edited it: check it still applies");
        return false;
    }

    private void Kept(string kind, string key, Place place)
    {
        if (_baseKnown)
        {
            Decide($"keep your {kind} {key} ({Where(place)}) in {_path}", 1.0, $"you added the {kind}; the generator does not write it");
            return;
        }
        Decide($"keep {kind} {key} ({Where(place)}) in {_path}", 0.5,
            $"the project's previous generated version is unknown, so this {kind} is either yours or one the generator no longer writes (for a column: dropped from the source); it is kept");
    }

    private static string Where(Place place) => place.Where.Length == 0 ? "top level" : place.Where;

    private void Decide(string action, double confidence, string reasoning) =>
        _decisions.Add(new AgentDecision(action, confidence, reasoning));
}
