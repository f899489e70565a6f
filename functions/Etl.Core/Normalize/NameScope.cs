namespace Etl.Core.Normalize;

/// <summary>
/// The names already given within one scope (one table's columns, or one dataset's tables). The first path to
/// ask for a name keeps it; a later one gets <c>_2</c>, <c>_3</c>, … so both stay readable.
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public NameScope(IEnumerable<string> reserved)
    {
        foreach (var name in reserved) _taken.Add(name);
    }

    public string Claim(string candidate, out bool clashed)
    {
        clashed = !_taken.Add(candidate);
        if (!clashed) return candidate;
        for (var n = 2; ; n++)
        {
            var suffix = "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stem = candidate.Length + suffix.Length <= TableNamer.MaxLength
                ? candidate
                : candidate[..(TableNamer.MaxLength - suffix.Length)].TrimEnd('_');
            var name = stem + suffix;
            if (_taken.Add(name)) return name;
        }
    }
}
