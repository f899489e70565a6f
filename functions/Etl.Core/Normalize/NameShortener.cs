namespace Etl.Core.Normalize;

/// <summary>
/// Fits a name of <c>__</c>-joined segments into <see cref="TableNamer.MaxLength"/> characters, keeping what a
/// reader needs to recognise it: the first segment (the table or top-level key) and the last (the leaf), with the
/// middle abbreviated to initials, then dropped, then both ends cut. A shortened name always ends in
/// <c>__h</c> and a hash of the full source path, so two long paths that share their readable part stay apart.
/// </summary>
internal static class NameShortener
{
    private const string Separator = "__";

    public static string Fit(IReadOnlyList<string> segments, string hashSource, out bool shortened)
    {
        var full = string.Join(Separator, segments);
        shortened = full.Length > TableNamer.MaxLength;
        if (!shortened) return full;

        var suffix = Separator + "h" + StableHash.Of(hashSource);
        var budget = TableNamer.MaxLength - suffix.Length;
        if (segments.Count == 1) return Cut(full, budget) + suffix;

        string first = segments[0], last = segments[^1];
        if (segments.Count > 2)
        {
            var parts = new string[segments.Count];
            parts[0] = first;
            parts[^1] = last;
            for (var i = 1; i < parts.Length - 1; i++) parts[i] = Initials(segments[i]);
            var abbreviated = string.Join(Separator, parts);
            if (abbreviated.Length <= budget) return abbreviated + suffix;
        }
        var ends = first + Separator + last;
        if (ends.Length <= budget) return ends + suffix;

        // Both ends are long: each gets half the room, and what one does not need goes to the other.
        var room = budget - Separator.Length;
        var lastLength = Math.Min(last.Length, room - Math.Min(first.Length, room / 2));
        var firstLength = Math.Min(first.Length, room - lastLength);
        return Cut(first, firstLength) + Separator + Cut(last, lastLength) + suffix;
    }

    // "line_items" → "li", "_empty" → "e": one letter per word keeps the path's shape visible.
    private static string Initials(string segment)
    {
        var initials = new System.Text.StringBuilder(4);
        for (var i = 0; i < segment.Length; i++)
            if (segment[i] != '_' && (i == 0 || segment[i - 1] == '_')) initials.Append(segment[i]);
        return initials.ToString();
    }

    // A cut must not end in '_', or it would run into the separator and read as a different path.
    private static string Cut(string text, int length) => text[..length].TrimEnd('_');
}
