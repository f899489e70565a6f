using System.Text;

namespace Etl.Agents.Validation.Rendering;

/// <summary>The rendered text and, for each of its lines, the template line its first character came from.</summary>
internal sealed class RenderOutput
{
    private readonly StringBuilder _text = new();
    private readonly List<int> _lineSources = [];
    private bool _atLineStart = true;

    /// <summary>Appends template text starting at <paramref name="line"/>; its newlines advance the template line.</summary>
    public void AppendData(string text, int line)
    {
        foreach (var c in text)
        {
            Put(c, line);
            if (c == '\n') line++;
        }
    }

    /// <summary>Appends a value printed by a tag on template line <paramref name="line"/>.</summary>
    public void AppendValue(string text, int line)
    {
        foreach (var c in text) Put(c, line);
    }

    public string Text => _text.ToString();

    public IReadOnlyList<int> LineSources => _lineSources;

    private void Put(char c, int line)
    {
        if (_atLineStart)
        {
            _lineSources.Add(line);
            _atLineStart = false;
        }
        _text.Append(c);
        if (c == '\n') _atLineStart = true;
    }
}
