using System.Text;
using System.Text.RegularExpressions;

namespace Etl.Agents.Validation.Reconciliation;

/// <summary>
/// What a model's rendered SQL does to the rows of the input its final select reads (comments and string literals
/// blanked): the chain from the final select through the CTEs it selects from down to a relation, and along that
/// chain whether anything aggregates, combines, filters or inner-joins. CTEs that are only joined on are not on the
/// chain (deduplicating the right side of a left join is how a join keeps the left side's rows).
/// </summary>
internal sealed partial class SqlShape
{
    private readonly string _sql;
    private readonly Dictionary<string, (int Start, int End)> _ctes = new(StringComparer.Ordinal);
    private readonly int _mainStart;

    private SqlShape(string sql)
    {
        _sql = sql;
        var depth = 0;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (depth == 0 && (i == 0 || !IsWordChar(sql[i - 1])))
            {
                var cte = CteStart().Match(sql, i);
                if (!cte.Success || cte.Index != i) continue;
                var start = cte.Index + cte.Length;
                var end = Close(start);
                if (end < 0) break;
                _ctes[cte.Groups[1].Value] = (start, end);
                _mainStart = end + 1;
                i = end;
            }
        }
    }

    public static SqlShape Of(string renderedSql) => new(Blank(renderedSql));

    /// <summary>The rendered line (1-based) of a ';' that separates two statements, or null when the SQL is one statement.</summary>
    public static int? SecondStatementLine(string renderedSql)
    {
        var text = Blank(renderedSql.TrimEnd().TrimEnd(';'));
        var at = -1;
        var quoted = false;
        for (var i = 0; i < text.Length && at < 0; i++)
        {
            if (text[i] == '"') quoted = !quoted;
            else if (text[i] == ';' && !quoted) at = i;
        }
        if (at < 0 || text.AsSpan(at + 1).Trim().Trim(';').IsEmpty) return null;
        var line = 1;
        for (var i = 0; i < at; i++)
        {
            if (text[i] == '\n') line++;
        }
        return line;
    }

    /// <summary>
    /// Follows the final select to the relation it reads (<c>"schema"."name"</c>). <paramref name="changes"/> says why
    /// rows are not expected to match it (group by, distinct, union, where, inner joins on the chain), null when they are.
    /// </summary>
    public string? DrivingRelation(out string? changes, out bool leftJoin)
    {
        changes = null;
        leftJoin = false;
        var (start, end) = (_mainStart, _sql.Length);
        for (var depth = 0; depth < 16; depth++)
        {
            var segment = _sql[start..end];
            changes ??= ChangesRows(segment);
            leftJoin |= LeftJoin().IsMatch(segment);
            var from = LastTopLevelFrom(segment);
            if (from is null) return null;
            if (from.StartsWith('"')) return from;
            if (!_ctes.TryGetValue(from, out var cte)) return null;
            (start, end) = cte;
        }
        return null;
    }

    private static string? ChangesRows(string segment)
    {
        if (Aggregates().IsMatch(segment)) return "it aggregates (group by / distinct), so its rows are groups, not its input's rows";
        if (SetOperations().IsMatch(segment)) return "it combines inputs (union / intersect / except)";
        if (Filters().IsMatch(segment)) return "it filters rows (where / having / qualify / limit)";
        foreach (Match join in Joins().Matches(segment))
        {
            if (!join.Groups[1].Success) return "it has an inner, right, full or cross join, which may drop or add rows by design";
        }
        return null;
    }

    private static string? LastTopLevelFrom(string segment)
    {
        string? found = null;
        var depth = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (depth == 0 && string.CompareOrdinal(segment, i, "from", 0, 4) == 0
                     && (i == 0 || !IsWordChar(segment[i - 1])) && (i + 4 >= segment.Length || !IsWordChar(segment[i + 4])))
            {
                var m = RelationAfterFrom().Match(segment, i + 4);
                if (m.Success && m.Index == i + 4) found = m.Groups[1].Value;
            }
        }
        return found;
    }

    private int Close(int start)
    {
        var depth = 1;
        for (var i = start; i < _sql.Length; i++)
        {
            if (_sql[i] == '(') depth++;
            else if (_sql[i] == ')' && --depth == 0) return i;
        }
        return -1;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '"';

    /// <summary>Lower-cases and blanks comments and string literals, so keywords inside them do not count.</summary>
    private static string Blank(string sql)
    {
        var text = new StringBuilder(sql.Length);
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                while (i < sql.Length && sql[i] != '\n') i++;
                text.Append('\n');
            }
            else if (c == '/' && i + 1 < sql.Length && sql[i + 1] == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                var stop = end < 0 ? sql.Length : end + 2;
                text.Append(' ').Append('\n', Newlines(sql, i, stop));
                i = stop - 1;
            }
            else if (c == '\'')
            {
                var end = i + 1;
                while (end < sql.Length && !(sql[end] == '\'' && (end + 1 >= sql.Length || sql[end + 1] != '\''))) end += sql[end] == '\'' ? 2 : 1;
                text.Append("''").Append('\n', Newlines(sql, i, Math.Min(end, sql.Length)));
                i = end;
            }
            else
            {
                text.Append(char.ToLowerInvariant(c));
            }
        }
        return text.ToString();
    }

    private static int Newlines(string text, int from, int to)
    {
        var n = 0;
        for (var i = from; i < to; i++)
        {
            if (text[i] == '\n') n++;
        }
        return n;
    }

    [GeneratedRegex(@"([a-z_][a-z0-9_]*)\s+as\s*\(")]
    private static partial Regex CteStart();

    [GeneratedRegex(@"\bgroup\s+by\b|\bdistinct\b")]
    private static partial Regex Aggregates();

    [GeneratedRegex(@"\bunion\b|\bintersect\b|\bexcept\b")]
    private static partial Regex SetOperations();

    [GeneratedRegex(@"\bwhere\b|\bhaving\b|\bqualify\b|\blimit\b")]
    private static partial Regex Filters();

    /// <summary>Every join; group 1 is set when it is a left (outer) join.</summary>
    [GeneratedRegex(@"(?:\b(left)\s+(?:outer\s+)?|\b(?:inner|right|full|cross|natural)\s+(?:outer\s+)?)?\bjoin\b")]
    private static partial Regex Joins();

    [GeneratedRegex(@"\bleft\s+(?:outer\s+)?join\b")]
    private static partial Regex LeftJoin();

    [GeneratedRegex(@"\s+(""(?:[^""]|"""")*""\s*\.\s*""(?:[^""]|"""")*""|[a-z_][a-z0-9_]*)")]
    private static partial Regex RelationAfterFrom();
}
