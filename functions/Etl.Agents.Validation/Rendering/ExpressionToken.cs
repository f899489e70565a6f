namespace Etl.Agents.Validation.Rendering;

internal enum ExpressionTokenKind
{
    Name,
    String,
    Integer,
    Float,
    Operator,
    End,
}

internal readonly record struct ExpressionToken(ExpressionTokenKind Kind, string Text, object? Value = null);
