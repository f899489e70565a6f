using System.Globalization;
using System.Text;

namespace Etl.Agents.Validation.Rendering;

/// <summary>Tokens of a Jinja expression: names, string and number literals, operators.</summary>
internal static class ExpressionLexer
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "//", "**", "(", ")", "[", "]", "{", "}", ",", ":", ".", "|", "=", "<", ">", "+", "-", "*", "/", "%", "~"];

    public static List<ExpressionToken> Tokenize(string text)
    {
        var tokens = new List<ExpressionToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new ExpressionToken(ExpressionTokenKind.Name, text[start..i]));
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '_')) i++;
                var isFloat = i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]);
                if (isFloat)
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
                }
                var literal = text[start..i].Replace("_", "", StringComparison.Ordinal);
                tokens.Add(isFloat
                    ? new ExpressionToken(ExpressionTokenKind.Float, literal, double.Parse(literal, CultureInfo.InvariantCulture))
                    : new ExpressionToken(ExpressionTokenKind.Integer, literal, long.Parse(literal, CultureInfo.InvariantCulture)));
            }
            else if (c is '\'' or '"')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new FormatException("a string literal is not closed");
                    var s = text[i];
                    if (s == c)
                    {
                        i++;
                        break;
                    }
                    if (s == '\\' && i + 1 < text.Length)
                    {
                        value.Append(Escape(text[i + 1]));
                        i += 2;
                        continue;
                    }
                    value.Append(s);
                    i++;
                }
                tokens.Add(new ExpressionToken(ExpressionTokenKind.String, value.ToString(), value.ToString()));
            }
            else
            {
                var op = Match(text, i) ?? throw new FormatException($"unexpected character '{c}'");
                tokens.Add(new ExpressionToken(ExpressionTokenKind.Operator, op));
                i += op.Length;
            }
        }
        tokens.Add(new ExpressionToken(ExpressionTokenKind.End, ""));
        return tokens;
    }

    /// <summary>Python's escapes inside string literals (the ones SQL in a template plausibly holds).</summary>
    private static string Escape(char c) => c switch
    {
        'n' => "\n",
        't' => "\t",
        'r' => "\r",
        '\\' => "\\",
        '\'' => "'",
        '"' => "\"",
        _ => "\\" + c,
    };

    private static string? Match(string text, int at)
    {
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(text, at, op, 0, op.Length) == 0) return op;
        }
        return null;
    }
}
