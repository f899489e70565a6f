namespace Etl.Agents.Validation.Rendering;

internal enum TokenKind
{
    Data,
    Output,
    Statement,
    Comment,
}

/// <summary>One piece of a template: literal text, <c>{{ expr }}</c>, <c>{% stmt %}</c> or <c>{# comment #}</c>.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">The literal text, or the tag's inside without delimiters and whitespace-control marks.</param>
/// <param name="Line">The template line (1-based) where the text (or the tag) starts.</param>
internal sealed record TemplateToken(TokenKind Kind, string Text, int Line);
