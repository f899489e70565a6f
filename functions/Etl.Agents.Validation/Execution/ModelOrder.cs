namespace Etl.Agents.Validation.Execution;

/// <summary>Models in the order of their refs (upstream first, then by name), and the ref cycles found on the way.</summary>
internal static class ModelOrder
{
    public static (List<string> Order, Dictionary<string, string> Cycles) Sort(IReadOnlyDictionary<string, IReadOnlyList<string>> upstream)
    {
        var order = new List<string>();
        var cycles = new Dictionary<string, string>(StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var path = new List<string>();
        var names = upstream.Keys.ToList();
        names.Sort(StringComparer.Ordinal);
        foreach (var name in names) Visit(name, upstream, state, path, order, cycles);
        return (order, cycles);
    }

    private static void Visit(string name, IReadOnlyDictionary<string, IReadOnlyList<string>> upstream, Dictionary<string, int> state,
        List<string> path, List<string> order, Dictionary<string, string> cycles)
    {
        if (state.TryGetValue(name, out var seen))
        {
            if (seen == 1)
            {
                var cycle = path.GetRange(path.LastIndexOf(name), path.Count - path.LastIndexOf(name));
                var text = string.Join(" → ", cycle) + " → " + name;
                foreach (var member in cycle) cycles.TryAdd(member, text);
            }
            return;
        }
        state[name] = 1;
        path.Add(name);
        var parents = upstream[name].ToList();
        parents.Sort(StringComparer.Ordinal);
        foreach (var parent in parents)
        {
            if (upstream.ContainsKey(parent)) Visit(parent, upstream, state, path, order, cycles);
        }
        path.RemoveAt(path.Count - 1);
        state[name] = 2;
        order.Add(name);
    }
}
