namespace Etl.Agents.Chat;

/// <summary>A column a model's SQL names, with the alias that qualifies it (<c>o.amount</c>) and its 1-based line.</summary>
public sealed record ColumnReference(string Column, string? Qualifier, int Line);

/// <summary>
/// What a dbt model's SQL reads and names, as far as grounding needs it: the <c>source()</c> tables and <c>ref()</c>
/// models it reads, the names it defines itself (CTEs, table and column aliases) and every identifier used as a
/// column. A pragmatic scanner, not a SQL parser: where a token's role is unclear it counts the token as defined,
/// never as a reference, so a model is only ever rejected for a name that is plainly used as a column.
/// </summary>
public sealed class SqlColumnReferences
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "select", "from", "where", "group", "by", "order", "having", "join", "left", "right", "inner", "outer", "full",
        "cross", "on", "and", "or", "not", "null", "is", "in", "as", "case", "when", "then", "else", "end", "distinct",
        "with", "union", "all", "limit", "offset", "asc", "desc", "between", "like", "ilike", "true", "false", "over",
        "partition", "rows", "range", "preceding", "following", "current", "row", "unbounded", "interval", "cast",
        "try_cast", "exists", "any", "some", "filter", "exclude", "replace", "within", "lateral", "unnest", "qualify", "nulls", "first", "last",
        "except", "intersect", "values", "using", "natural", "window", "recursive", "materialized", "escape", "semi",
        "anti", "at", "zone", "extract", "for", "top", "fetch", "next", "only", "similar", "to", "collate", "default",
        // date parts and type names (after CAST ... AS, ::, or inside date functions)
        "day", "days", "month", "months", "year", "years", "hour", "hours", "minute", "minutes", "second", "seconds",
        "week", "weeks", "quarter", "quarters", "millisecond", "milliseconds", "microsecond", "microseconds", "epoch",
        "dow", "doy", "date", "time", "timestamp", "timestamptz", "varchar", "char", "text", "string", "integer", "int",
        "bigint", "smallint", "tinyint", "hugeint", "double", "real", "float", "decimal", "numeric", "boolean", "bool",
        "json", "uuid", "blob", "varbinary", "precision", "with_timezone", "without",
        // niladic functions and window modifiers
        "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "current_user", "ignore", "respect",
    };

    private readonly HashSet<string> defined = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ColumnReference> columns = [];
    private readonly List<(string Source, string Table)> sources = [];
    private readonly List<string> refs = [];

    private SqlColumnReferences()
    {
    }

    /// <summary>The (source, table) pairs of every <c>{{ source('s', 't') }}</c>.</summary>
    public IReadOnlyList<(string Source, string Table)> Sources => sources;

    /// <summary>The model names of every <c>{{ ref('m') }}</c>.</summary>
    public IReadOnlyList<string> Refs => refs;

    /// <summary>Names the SQL defines itself: CTEs, table aliases, column aliases.</summary>
    public IReadOnlySet<string> Defined => defined;

    /// <summary>Identifiers used as columns, in order.</summary>
    public IReadOnlyList<ColumnReference> Columns => columns;

    /// <summary>True when the SQL selects <c>*</c> (or <c>alias.*</c>) somewhere: it passes its inputs' columns on.</summary>
    public bool SelectsStar { get; private set; }

    public static SqlColumnReferences Scan(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var result = new SqlColumnReferences();
        var tokens = Tokenize(result.StripJinja(sql));
        result.Walk(tokens);
        return result;
    }

    private enum Kind
    {
        None, // before the first and after the last token
        Word,
        Quoted,
        Literal,
        Jinja,
        Symbol,
    }

    private readonly record struct Token(Kind Kind, string Text, int Line)
    {
        public bool IsSymbol(string symbol) => Kind == Kind.Symbol && Text == symbol;

        public bool IsWord(string word) => Kind == Kind.Word && Text.Equals(word, StringComparison.OrdinalIgnoreCase);

        public bool IsName => Kind == Kind.Quoted || (Kind == Kind.Word && !Keywords.Contains(Text));
    }

    private const char JinjaMarker = '\u0001';

    /// <summary>
    /// Replaces every <c>{{ ... }}</c> with a marker (recording source() and ref() calls) and blanks every
    /// <c>{% ... %}</c> and <c>{# ... #}</c>, keeping line breaks so lines still match the file.
    /// </summary>
    private string StripJinja(string sql)
    {
        var text = new System.Text.StringBuilder(sql.Length);
        var i = 0;
        while (i < sql.Length)
        {
            if (i + 1 < sql.Length && sql[i] == '{' && sql[i + 1] is '{' or '%' or '#')
            {
                var close = sql[i + 1] == '{' ? "}}" : sql[i + 1] == '%' ? "%}" : "#}";
                var end = sql.IndexOf(close, i + 2, StringComparison.Ordinal);
                end = end < 0 ? sql.Length : end + 2;
                var inner = sql[i..end];
                if (sql[i + 1] == '{')
                {
                    RecordCall(inner);
                    text.Append(' ').Append(JinjaMarker).Append(' ');
                }
                foreach (var c in inner)
                {
                    if (c == '\n') text.Append('\n');
                }
                i = end;
                continue;
            }
            text.Append(sql[i]);
            i++;
        }
        return text.ToString();
    }

    private void RecordCall(string expression)
    {
        var arguments = QuotedArguments(expression);
        var body = expression.AsSpan(2).TrimStart();
        if (body.StartsWith("source", StringComparison.Ordinal) && arguments.Count >= 2) sources.Add((arguments[0], arguments[1]));
        else if (body.StartsWith("ref", StringComparison.Ordinal) && arguments.Count >= 1) refs.Add(arguments[^1]);
    }

    private static List<string> QuotedArguments(string expression)
    {
        var values = new List<string>();
        var i = 0;
        while (i < expression.Length)
        {
            var quote = expression[i];
            if (quote is '\'' or '"')
            {
                var end = expression.IndexOf(quote, i + 1);
                if (end < 0) break;
                values.Add(expression[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            i++;
        }
        return values;
    }

    private static List<Token> Tokenize(string sql)
    {
        var tokens = new List<Token>();
        var line = 1;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? sql.Length : end + 2;
                line += Count(sql, i, end, '\n');
                i = end;
            }
            else if (c is '\'' or '"')
            {
                var start = i + 1;
                var end = start;
                while (end < sql.Length)
                {
                    if (sql[end] == c)
                    {
                        if (end + 1 < sql.Length && sql[end + 1] == c)
                        {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                tokens.Add(new Token(c == '"' ? Kind.Quoted : Kind.Literal, sql[start..Math.Min(end, sql.Length)].Replace("\"\"", "\"", StringComparison.Ordinal), line));
                line += Count(sql, i, Math.Min(end, sql.Length), '\n');
                i = end + 1;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '_' or '$')) i++;
                tokens.Add(new Token(Kind.Word, sql[start..i], line));
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] is '.' or '_')) i++;
                tokens.Add(new Token(Kind.Literal, sql[start..i], line));
            }
            else if (c == JinjaMarker)
            {
                tokens.Add(new Token(Kind.Jinja, "{{ }}", line));
                i++;
            }
            else if (c == ':' && i + 1 < sql.Length && sql[i + 1] == ':')
            {
                tokens.Add(new Token(Kind.Symbol, "::", line));
                i += 2;
            }
            else
            {
                tokens.Add(new Token(Kind.Symbol, c.ToString(), line));
                i++;
            }
        }
        return tokens;
    }

    private static int Count(string text, int from, int to, char c)
    {
        var n = 0;
        for (var i = from; i < to; i++)
        {
            if (text[i] == c) n++;
        }
        return n;
    }

    private void Walk(List<Token> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var previous = i > 0 ? tokens[i - 1] : default;
            var next = i + 1 < tokens.Count ? tokens[i + 1] : default;

            if (token.IsSymbol("*") && (previous.IsWord("select") || previous.IsSymbol(",") || previous.IsWord("distinct") || previous.IsSymbol(".")))
            {
                SelectsStar = true;
                continue;
            }
            if (!token.IsName) continue;

            var name = token.Kind == Kind.Quoted ? token.Text : token.Text.ToLowerInvariant();
            if (previous.IsWord("as") || previous.IsSymbol("::") || previous.IsWord("over") || previous.IsWord("window"))
            {
                // An alias (column, table, CTE or window name) or a type name: a definition, never a reference.
                defined.Add(name);
                continue;
            }
            if (next.IsWord("as") && i + 2 < tokens.Count && tokens[i + 2].IsSymbol("("))
            {
                defined.Add(name); // a CTE: name as ( ... )
                continue;
            }
            if (next.IsSymbol("(") && token.Kind == Kind.Word)
            {
                continue; // a function
            }
            if (previous.IsWord("from") || previous.IsWord("join") || (previous.IsSymbol(",") && InFromList(tokens, i)))
            {
                defined.Add(name); // a relation (a CTE or a table)
                if (next.IsName && next.Kind == Kind.Word && !(i + 2 < tokens.Count && tokens[i + 2].IsSymbol("."))) defined.Add(next.Text.ToLowerInvariant());
                continue;
            }
            if (previous.Kind == Kind.Jinja || previous.IsSymbol(")") || (previous.IsName && !previous.IsWord("as")) || previous.Kind == Kind.Literal)
            {
                // An alias written without AS: `{{ source(...) }} o`, `(...) sub`, `amount total`, `1 one`.
                defined.Add(name);
                continue;
            }
            if (next.IsSymbol("."))
            {
                continue; // a qualifier; the column follows the dot
            }
            var qualifier = previous.IsSymbol(".") && i >= 2 && tokens[i - 2].IsName ? Unquoted(tokens[i - 2]) : null;
            columns.Add(new ColumnReference(name, qualifier, token.Line));
        }
    }

    private static string Unquoted(Token token) => token.Kind == Kind.Quoted ? token.Text : token.Text.ToLowerInvariant();

    /// <summary>Whether the comma before token <paramref name="i"/> separates relations of a FROM list (old-style joins).</summary>
    private static bool InFromList(List<Token> tokens, int i)
    {
        var depth = 0;
        for (var j = i - 1; j >= 0; j--)
        {
            var t = tokens[j];
            if (t.IsSymbol(")")) depth++;
            else if (t.IsSymbol("("))
            {
                if (depth == 0) return false;
                depth--;
            }
            else if (depth == 0)
            {
                if (t.IsWord("from")) return true;
                if (t.IsWord("select") || t.IsWord("where") || t.IsWord("on") || t.IsWord("by") || t.IsWord("having")) return false;
            }
        }
        return false;
    }
}
