namespace Etl.Agents.Merge;

/// <summary>
/// A text split into lines, each keeping its terminator, so a last line without a newline differs from the same line
/// with one (as <c>diff</c> sees it) and joining the lines gives the text back exactly.
/// </summary>
public static class TextLines
{
    /// <summary>The lines of <paramref name="text"/>, each ending in '\n' except possibly the last; empty for "".</summary>
    public static string[] Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                lines.Add(text[start..]);
                break;
            }
            lines.Add(text[start..(end + 1)]);
            start = end + 1;
        }
        return [.. lines];
    }
}
