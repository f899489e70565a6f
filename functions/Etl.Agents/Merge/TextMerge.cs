using System.Text;

namespace Etl.Agents.Merge;

/// <summary>A region of the base both sides changed differently: base lines [Start, End) (0-based).</summary>
public readonly record struct TextConflict(int Start, int End);

/// <summary>
/// A line-based three-way merge (diff3's rule): where only one side changed a region of the base, take that side's
/// lines; where both changed the same or touching regions identically, take them once; anything else is a conflict
/// and the merge has no text (conflict markers would break a dbt model, so the caller decides).
/// </summary>
/// <param name="Text">The merged text; null when <see cref="Conflicts"/> is not empty.</param>
/// <param name="Conflicts">The base regions both sides changed differently.</param>
public sealed record TextMerge(string? Text, IReadOnlyList<TextConflict> Conflicts)
{
    /// <summary>Merges <paramref name="human"/> and <paramref name="generated"/>, both edits of <paramref name="base"/>.</summary>
    public static TextMerge Of(string @base, string human, string generated)
    {
        ArgumentNullException.ThrowIfNull(@base);
        ArgumentNullException.ThrowIfNull(human);
        ArgumentNullException.ThrowIfNull(generated);
        var baseLines = TextLines.Split(@base);
        var humanLines = TextLines.Split(human);
        var generatedLines = TextLines.Split(generated);
        var humanChanges = LineDiff.Compute(baseLines, humanLines);
        var generatedChanges = LineDiff.Compute(baseLines, generatedLines);

        var text = new StringBuilder();
        var conflicts = new List<TextConflict>();
        int h = 0, g = 0, copied = 0;
        while (h < humanChanges.Count || g < generatedChanges.Count)
        {
            // The next group: changes of either side whose base ranges overlap or touch, grown until closed.
            var takeHuman = g == generatedChanges.Count || (h < humanChanges.Count && humanChanges[h].OldStart <= generatedChanges[g].OldStart);
            var first = takeHuman ? humanChanges[h] : generatedChanges[g];
            int lo = first.OldStart, hi = first.OldEnd;
            int h0 = h, g0 = g;
            if (takeHuman) h++;
            else g++;
            while (true)
            {
                if (h < humanChanges.Count && Touches(humanChanges[h], lo, hi)) hi = Math.Max(hi, humanChanges[h++].OldEnd);
                else if (g < generatedChanges.Count && Touches(generatedChanges[g], lo, hi)) hi = Math.Max(hi, generatedChanges[g++].OldEnd);
                else break;
            }
            for (; copied < lo; copied++) text.Append(baseLines[copied]);
            var humanSide = Side(humanChanges, h0, h, lo, hi, humanLines, baseLines);
            var generatedSide = Side(generatedChanges, g0, g, lo, hi, generatedLines, baseLines);
            if (h == h0) text.Append(generatedSide);
            else if (g == g0 || humanSide == generatedSide) text.Append(humanSide);
            else conflicts.Add(new TextConflict(lo, hi));
            copied = hi;
        }
        for (; copied < baseLines.Length; copied++) text.Append(baseLines[copied]);
        return new TextMerge(conflicts.Count == 0 ? text.ToString() : null, conflicts);
    }

    // Two insertions at the same base line, or ranges that share or abut a line, are one region to decide.
    private static bool Touches(LineChange change, int lo, int hi) => change.OldStart <= hi && change.OldEnd >= lo;

    // What one side made of base lines [lo, hi): its changes inside, with the base lines between them.
    private static string Side(IReadOnlyList<LineChange> changes, int from, int to, int lo, int hi, string[] lines, string[] baseLines)
    {
        var text = new StringBuilder();
        var at = lo;
        for (var c = from; c < to; c++)
        {
            for (; at < changes[c].OldStart; at++) text.Append(baseLines[at]);
            for (var k = changes[c].NewStart; k < changes[c].NewEnd; k++) text.Append(lines[k]);
            at = changes[c].OldEnd;
        }
        for (; at < hi; at++) text.Append(baseLines[at]);
        return text.ToString();
    }
}
