namespace Etl.Agents.Merge;

/// <summary>
/// Just enough of a dbt model's SQL to find things at the top level: it steps over string literals, quoted
/// identifiers, comments and Jinja (<c>{{ }}</c>, <c>{% %}</c>, <c>{# #}</c>) and tracks parentheses.
/// </summary>
internal static class SqlText
{
    // Words that are never a column reference, and the ones that must be quoted to be used as a column name.
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "select", "from", "where", "as", "and", "or", "not", "null", "is", "in", "like", "between", "case", "when",
        "then", "else", "end", "cast", "try_cast", "true", "false", "distinct", "on", "join", "left", "right", "inner",
        "outer", "full", "cross", "group", "by", "order", "having", "limit", "union", "all", "with", "over", "partition",
        "interval", "day", "month", "year", "hour", "minute", "second", "week", "quarter", "asc", "desc", "nulls",
        "first", "last", "filter", "within", "exists", "any", "some", "escape", "at", "time", "zone", "date",
        "timestamp", "table", "values", "user", "default", "key", "row", "rows", "range", "current",
    };

    public static bool IsKeyword(string word) => Keywords.Contains(word);

    /// <summary>The name as a SQL identifier: as is when plain lower-case and not a keyword, double-quoted otherwise.</summary>
    public static string Identifier(string name)
    {
        var plain = name.Length > 0 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_') && !Keywords.Contains(name);
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')) plain = false;
        }
        return plain ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>The identifier's name: unquoted, or as written.</summary>
    public static string Unquote(string identifier) =>
        identifier.Length >= 2 && identifier[0] == '"' && identifier[^1] == '"'
            ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal)
            : identifier;

    /// <summary>When <paramref name="i"/> starts a literal, quoted identifier, comment or Jinja block, the index after it; else <paramref name="i"/>.</summary>
    public static int Skip(string sql, int i)
    {
        if (i >= sql.Length) return i;
        var c = sql[i];
        var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
        if (c == '\'' || c == '"') return Closing(sql, i + 1, c);
        if (c == '-' && next == '-') return LineEnd(sql, i);
        if (c == '/' && next == '*') return After(sql, i + 2, "*/");
        if (c == '{' && next == '{') return After(sql, i + 2, "}}");
        if (c == '{' && next == '%') return After(sql, i + 2, "%}");
        if (c == '{' && next == '#') return After(sql, i + 2, "#}");
        return i;
    }

    /// <summary>True when a comment starts at <paramref name="i"/> (SQL or Jinja).</summary>
    public static bool IsComment(string sql, int i) =>
        i + 1 < sql.Length && ((sql[i] == '-' && sql[i + 1] == '-') || (sql[i] == '/' && sql[i + 1] == '*') || (sql[i] == '{' && sql[i + 1] == '#'));

    /// <summary>The index of the parenthesis closing the one just before <paramref name="start"/>, or -1.</summary>
    public static int ClosingParenthesis(string sql, int start)
    {
        var depth = 1;
        for (var i = start; i < sql.Length;)
        {
            var skipped = Skip(sql, i);
            if (skipped != i)
            {
                i = skipped;
                continue;
            }
            if (sql[i] == '(') depth++;
            else if (sql[i] == ')' && --depth == 0) return i;
            i++;
        }
        return -1;
    }

    /// <summary>The first top-level (depth 0) occurrence of the keyword in [start, end), or -1.</summary>
    public static int TopLevelKeyword(string sql, int start, int end, string keyword)
    {
        var depth = 0;
        for (var i = start; i < end;)
        {
            var skipped = Skip(sql, i);
            if (skipped != i)
            {
                i = skipped;
                continue;
            }
            var c = sql[i];
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (depth == 0 && IsWordAt(sql, i, end, keyword)) return i;
            i++;
        }
        return -1;
    }

    /// <summary>The top-level commas in [start, end).</summary>
    public static List<int> TopLevelCommas(string sql, int start, int end)
    {
        var commas = new List<int>();
        var depth = 0;
        for (var i = start; i < end;)
        {
            var skipped = Skip(sql, i);
            if (skipped != i)
            {
                i = skipped;
                continue;
            }
            if (sql[i] == '(') depth++;
            else if (sql[i] == ')') depth--;
            else if (sql[i] == ',' && depth == 0) commas.Add(i);
            i++;
        }
        return commas;
    }

    /// <summary>Identifier tokens in [start, end) that can be column references: not function names, keywords or cast types.</summary>
    public static List<(int Start, int End, string Name)> ColumnReferences(string sql, int start, int end)
    {
        var references = new List<(int, int, string)>();
        string? previous = null;
        for (var i = start; i < end;)
        {
            var c = sql[i];
            if (c == '"')
            {
                var close = Closing(sql, i + 1, '"');
                if (previous is null || !previous.Equals("as", StringComparison.OrdinalIgnoreCase))
                    references.Add((i, close, Unquote(sql[i..close])));
                previous = sql[i..close];
                i = close;
                continue;
            }
            var skipped = Skip(sql, i);
            if (skipped != i)
            {
                i = skipped;
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var wordEnd = i;
                while (wordEnd < end && (char.IsAsciiLetterOrDigit(sql[wordEnd]) || sql[wordEnd] == '_')) wordEnd++;
                var word = sql[i..wordEnd];
                var after = wordEnd;
                while (after < end && char.IsWhiteSpace(sql[after])) after++;
                var isCall = after < end && sql[after] == '(';
                var isQualifier = after < end && sql[after] == '.';
                var isType = previous is not null && previous.Equals("as", StringComparison.OrdinalIgnoreCase);
                if (!isCall && !isQualifier && !isType && !Keywords.Contains(word)) references.Add((i, wordEnd, word));
                previous = word;
                i = wordEnd;
                continue;
            }
            if (!char.IsWhiteSpace(c)) previous = c.ToString();
            i++;
        }
        return references;
    }

    private static bool IsWordAt(string sql, int i, int end, string word) =>
        i + word.Length <= end
        && string.Compare(sql, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
        && (i == 0 || !IsWordChar(sql[i - 1]))
        && (i + word.Length == sql.Length || !IsWordChar(sql[i + word.Length]));

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static int Closing(string sql, int i, char quote)
    {
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote) i += 2;
                else return i + 1;
            }
            else i++;
        }
        return sql.Length;
    }

    private static int LineEnd(string sql, int i)
    {
        var newline = sql.IndexOf('\n', i);
        return newline < 0 ? sql.Length : newline;
    }

    private static int After(string sql, int i, string close)
    {
        var at = sql.IndexOf(close, i, StringComparison.Ordinal);
        return at < 0 ? sql.Length : at + close.Length;
    }
}
