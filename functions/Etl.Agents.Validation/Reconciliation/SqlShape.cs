using System.Text;
using System.Text.RegularExpressions;

namespace Etl.Agents.Validation.Reconciliation;

/// <summary>
/// What a model's rendered SQL does to its rows, read from its text (comments and string literals blanked): whether it
/// aggregates, combines or filters, which joins it makes, and which relation its final select reads from (through CTEs).
/// </summary>
internal sealed partial class SqlShape
{
    private readonly string _sql;

    private SqlShape(string sql) => _sql = sql;

    public static SqlShape Of(string renderedSql) => new(Blank(renderedSql));

    /// <summary>Why rows are not expected to match one input (group by, distinct, union, where, inner joins), or null when they are.</summary>
    public string? ChangesRows()
    {
        if (Aggregates().IsMatch(_sql)) return "it aggregates (group by / distinct), so its rows are groups, not its input's rows";
        if (SetOperations().IsMatch(_sql)) return "it combines inputs (union / intersect / except)";
        if (Filters().IsMatch(_sql)) return "it filters rows (where / having / qualify / limit)";
        foreach (Match join in Joins().Matches(_sql))
        {
            if (!join.Groups[1].Success) return "it has an inner, right, full or cross join, which may drop or add rows by design";
        }
        return null;
    }

    public bool HasLeftJoin => Joins().IsMatch(_sql);

    /// <summary>The relation (<c>"schema"."name"</c>) the final select reads from, followed through CTEs; null when unclear.</summary>
    public string? DrivingRelation()
    {
        var from = LastTopLevelFrom(0, _sql.Length);
        for (var depth = 0; from is not null && depth < 16; depth++)
        {
            if (from.StartsWith('"')) return from;
            var cte = Regex.Match(_sql, $@"(?<![\w""]){Regex.Escape(from)}\s+as\s*\(");
            if (!cte.Success) return null;
            var start = cte.Index + cte.Length;
            var end = Close(start);
            if (end < 0) return null;
            from = LastTopLevelFrom(start, end);
        }
        return null;
    }

    private string? LastTopLevelFrom(int start, int end)
    {
        string? found = null;
        var depth = 0;
        for (var i = start; i < end; i++)
        {
            var c = _sql[i];
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (depth == 0 && IsWord(i, "from"))
            {
                var m = RelationAfterFrom().Match(_sql, i + 4);
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

    private bool IsWord(int at, string word) =>
        string.CompareOrdinal(_sql, at, word, 0, word.Length) == 0
        && (at == 0 || !IsWordChar(_sql[at - 1]))
        && (at + word.Length >= _sql.Length || !IsWordChar(_sql[at + word.Length]));

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
                i = end < 0 ? sql.Length : end + 1;
                text.Append(' ');
            }
            else if (c == '\'')
            {
                var end = i + 1;
                while (end < sql.Length && !(sql[end] == '\'' && (end + 1 >= sql.Length || sql[end + 1] != '\''))) end += sql[end] == '\'' ? 2 : 1;
                i = end;
                text.Append("''");
            }
            else
            {
                text.Append(char.ToLowerInvariant(c));
            }
        }
        return text.ToString();
    }

    [GeneratedRegex(@"\bgroup\s+by\b|\bdistinct\b")]
    private static partial Regex Aggregates();

    [GeneratedRegex(@"\bunion\b|\bintersect\b|\bexcept\b")]
    private static partial Regex SetOperations();

    [GeneratedRegex(@"\bwhere\b|\bhaving\b|\bqualify\b|\blimit\b")]
    private static partial Regex Filters();

    /// <summary>Every join; group 1 is set when it is a left (outer) join.</summary>
    [GeneratedRegex(@"(?:\b(left)\s+(?:outer\s+)?|\b(?:inner|right|full|cross|natural)\s+(?:outer\s+)?)?\bjoin\b")]
    private static partial Regex Joins();

    [GeneratedRegex(@"\s+(""(?:[^""]|"""")*""\s*\.\s*""(?:[^""]|"""")*""|[a-z_][a-z0-9_]*)")]
    private static partial Regex RelationAfterFrom();
}
