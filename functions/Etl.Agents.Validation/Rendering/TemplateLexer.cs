namespace Etl.Agents.Validation.Rendering;

/// <summary>
/// Splits a template the way Jinja's lexer does with dbt's settings (no trim_blocks, no lstrip_blocks, newlines
/// normalized to <c>\n</c>, one trailing newline dropped): the <c>-</c> marks strip all whitespace on their side.
/// </summary>
internal static class TemplateLexer
{
    public static List<TemplateToken> Tokenize(string template)
    {
        var source = Normalize(template);
        var tokens = new List<TemplateToken>();
        var stripNextData = false;
        var position = 0;
        var line = 1;
        while (position < source.Length)
        {
            var open = NextTagStart(source, position);
            var dataEnd = open < 0 ? source.Length : open;
            var data = source[position..dataEnd];
            var dataLine = line;
            line += Count(data, '\n');
            if (stripNextData)
            {
                var trimmed = data.TrimStart();
                dataLine += Count(data.AsSpan(0, data.Length - trimmed.Length), '\n');
                data = trimmed;
            }
            if (open < 0)
            {
                if (data.Length > 0) tokens.Add(new TemplateToken(TokenKind.Data, data, dataLine));
                break;
            }

            var kind = source[open + 1] switch { '{' => TokenKind.Output, '%' => TokenKind.Statement, _ => TokenKind.Comment };
            var inner = open + 2;
            var stripBefore = inner < source.Length && source[inner] == '-';
            if (stripBefore || (inner < source.Length && source[inner] == '+')) inner++;
            if (stripBefore) data = data.TrimEnd();
            if (data.Length > 0) tokens.Add(new TemplateToken(TokenKind.Data, data, dataLine));

            var close = FindClose(source, inner, kind);
            if (close < 0) throw new TemplateException($"the tag opened here is never closed ('{Closer(kind)}' missing)", line);
            var contentEnd = close;
            stripNextData = contentEnd > inner && source[contentEnd - 1] == '-';
            if (stripNextData || (contentEnd > inner && source[contentEnd - 1] == '+' && kind != TokenKind.Output)) contentEnd--;
            tokens.Add(new TemplateToken(kind, source[inner..contentEnd].Trim(), line));
            line += Count(source.AsSpan(open, close + 2 - open), '\n');
            position = close + 2;
        }
        return tokens;
    }

    /// <summary>Jinja splits on any newline sequence, joins with <c>\n</c> and drops one trailing newline (keep_trailing_newline=False).</summary>
    private static string Normalize(string template)
    {
        var text = template.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        return text.EndsWith('\n') ? text[..^1] : text;
    }

    private static int NextTagStart(string source, int from)
    {
        for (var i = source.IndexOf('{', from); i >= 0 && i + 1 < source.Length; i = source.IndexOf('{', i + 1))
        {
            var next = source[i + 1];
            if (next is '{' or '%' or '#') return i;
        }
        return -1;
    }

    /// <summary>The index of the closing delimiter; string literals inside expressions and statements may hold it.</summary>
    private static int FindClose(string source, int from, TokenKind kind)
    {
        if (kind == TokenKind.Comment) return source.IndexOf("#}", from, StringComparison.Ordinal);
        var closer = kind == TokenKind.Output ? '}' : '%';
        char quote = '\0';
        for (var i = from; i + 1 < source.Length; i++)
        {
            var c = source[i];
            if (quote != '\0')
            {
                if (c == '\\') i++;
                else if (c == quote) quote = '\0';
                continue;
            }
            if (c is '\'' or '"') quote = c;
            else if (c == closer && source[i + 1] == '}') return i;
        }
        return -1;
    }

    private static string Closer(TokenKind kind) => kind switch { TokenKind.Output => "}}", TokenKind.Statement => "%}", _ => "#}" };

    private static int Count(ReadOnlySpan<char> text, char c)
    {
        var n = 0;
        foreach (var x in text)
        {
            if (x == c) n++;
        }
        return n;
    }
}
