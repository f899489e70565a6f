using System.Globalization;
using System.Text;
using Etl.Core.Agents;

namespace Etl.Agents.Merge;

/// <summary>
/// A unified diff (<c>diff -u</c>'s format, git's headers) between two projects: per changed file
/// <c>--- a/path</c>, <c>+++ b/path</c> (<c>/dev/null</c> for an added or removed file) and <c>@@ -l,n +l,n @@</c>
/// hunks with <see cref="DefaultContext"/> lines of context; files in ordinal path order; empty when nothing changed.
/// </summary>
public static class UnifiedDiff
{
    /// <summary>Lines of unchanged context around each change, as <c>diff -u</c> and git use.</summary>
    public const int DefaultContext = 3;

    /// <summary>The diff from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static string Between(ProjectFiles before, ProjectFiles after, int context = DefaultContext)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var paths = new SortedSet<string>(before.Paths, StringComparer.Ordinal);
        paths.UnionWith(after.Paths);
        var text = new StringBuilder();
        foreach (var path in paths) AppendFile(text, path, before[path], after[path], context);
        return text.ToString();
    }

    /// <summary>The diff of one file; <paramref name="before"/> or <paramref name="after"/> null for an added or removed file.</summary>
    public static string OfFile(string path, string? before, string? after, int context = DefaultContext)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = new StringBuilder();
        AppendFile(text, path, before, after, context);
        return text.ToString();
    }

    private static void AppendFile(StringBuilder text, string path, string? before, string? after, int context)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(context);
        if (before == after || (before is null && after is null)) return;
        var oldLines = TextLines.Split(before ?? "");
        var newLines = TextLines.Split(after ?? "");
        text.Append("--- ").Append(before is null ? "/dev/null" : "a/" + path).Append('\n');
        text.Append("+++ ").Append(after is null ? "/dev/null" : "b/" + path).Append('\n');
        var changes = LineDiff.Compute(oldLines, newLines);
        var first = 0;
        while (first < changes.Count)
        {
            // A hunk takes every following change whose context would touch or overlap its own.
            var last = first;
            while (last + 1 < changes.Count && changes[last + 1].OldStart - changes[last].OldEnd <= 2 * context) last++;
            AppendHunk(text, oldLines, newLines, changes, first, last, context);
            first = last + 1;
        }
    }

    private static void AppendHunk(StringBuilder text, string[] oldLines, string[] newLines, IReadOnlyList<LineChange> changes, int first, int last, int context)
    {
        var oldStart = Math.Max(0, changes[first].OldStart - context);
        var newStart = changes[first].NewStart - (changes[first].OldStart - oldStart);
        var oldEnd = Math.Min(oldLines.Length, changes[last].OldEnd + context);
        var newEnd = changes[last].NewEnd + (oldEnd - changes[last].OldEnd);
        text.Append("@@ -").Append(Range(oldStart, oldEnd - oldStart)).Append(" +").Append(Range(newStart, newEnd - newStart)).Append(" @@\n");
        var i = oldStart;
        for (var c = first; c <= last; c++)
        {
            var change = changes[c];
            for (; i < change.OldStart; i++) AppendLine(text, ' ', oldLines[i]);
            for (var k = change.OldStart; k < change.OldEnd; k++) AppendLine(text, '-', oldLines[k]);
            for (var k = change.NewStart; k < change.NewEnd; k++) AppendLine(text, '+', newLines[k]);
            i = change.OldEnd;
        }
        for (; i < oldEnd; i++) AppendLine(text, ' ', oldLines[i]);
    }

    // diff -u writes a range of one line as just its number, and an empty range as the line before it.
    private static string Range(int start, int length) => length switch
    {
        0 => string.Create(CultureInfo.InvariantCulture, $"{start},0"),
        1 => (start + 1).ToString(CultureInfo.InvariantCulture),
        _ => string.Create(CultureInfo.InvariantCulture, $"{start + 1},{length}"),
    };

    private static void AppendLine(StringBuilder text, char marker, string line)
    {
        text.Append(marker);
        if (line.EndsWith('\n'))
        {
            text.Append(line);
            return;
        }
        text.Append(line).Append("\n\\ No newline at end of file\n");
    }
}
