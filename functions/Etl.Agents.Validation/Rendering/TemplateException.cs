namespace Etl.Agents.Validation.Rendering;

/// <summary>A template that cannot be rendered (an unclosed tag, an <c>if</c> without <c>endif</c>), at a template line.</summary>
internal sealed class TemplateException(string message, int line) : Exception(message)
{
    public int Line { get; } = line;
}
