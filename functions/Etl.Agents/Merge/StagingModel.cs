using System.Text.RegularExpressions;

namespace Etl.Agents.Merge;

/// <summary>One output column of a staging model's <c>renamed</c> CTE: <c>&lt;expression&gt; as &lt;name&gt;</c>.</summary>
/// <param name="Name">The output column.</param>
/// <param name="Expression">The expression as written (the column itself when there is no alias).</param>
/// <param name="SourceColumns">The source columns the expression reads, in order of first use.</param>
/// <param name="Start">Where the expression starts in the model's SQL.</param>
/// <param name="End">Where the item (expression and alias) ends.</param>
public sealed record StagingColumn(string Name, string Expression, IReadOnlyList<string> SourceColumns, int Start, int End);

/// <summary>
/// A staging model read from its SQL (the dbt convention: a <c>source</c> CTE selecting from
/// <c>{{ source('…', '…') }}</c> and a <c>renamed</c> CTE listing every column), enough to remap its columns.
/// </summary>
/// <param name="SourceName">The dbt source it reads, when <c>source()</c> names it.</param>
/// <param name="TableName">The source table.</param>
/// <param name="Columns">The <c>renamed</c> CTE's select list, in order.</param>
/// <param name="ListEnd">Where the select list ends (before its <c>from</c>), for appending columns.</param>
public sealed partial record StagingModel(string? SourceName, string? TableName, IReadOnlyList<StagingColumn> Columns, int ListEnd)
{
    /// <summary>The model, or null with what is missing when the SQL has no <c>renamed</c> CTE with an explicit select list.</summary>
    public static StagingModel? Parse(string sql, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(sql);
        problem = null;
        var source = SourceCall().Match(sql);
        var cte = RenamedCte().Match(sql);
        if (!cte.Success)
        {
            problem = "the model has no 'renamed as (' CTE";
            return null;
        }
        var bodyStart = cte.Index + cte.Length;
        var bodyEnd = SqlText.ClosingParenthesis(sql, bodyStart);
        if (bodyEnd < 0)
        {
            problem = "the 'renamed' CTE's parenthesis is not closed";
            return null;
        }
        var select = SqlText.TopLevelKeyword(sql, bodyStart, bodyEnd, "select");
        var from = select < 0 ? -1 : SqlText.TopLevelKeyword(sql, select, bodyEnd, "from");
        if (select < 0 || from < 0)
        {
            problem = "the 'renamed' CTE is not a 'select … from' query";
            return null;
        }
        var listStart = select + "select".Length;
        var afterSelect = SkipSpace(sql, listStart, from);
        if (afterSelect + 8 <= from && string.Compare(sql, afterSelect, "distinct", 0, 8, StringComparison.OrdinalIgnoreCase) == 0)
            listStart = afterSelect + 8;

        var columns = new List<StagingColumn>();
        var itemStart = listStart;
        var commas = SqlText.TopLevelCommas(sql, listStart, from);
        commas.Add(from);
        foreach (var comma in commas)
        {
            var (start, end) = Core(sql, itemStart, comma);
            itemStart = comma + 1;
            if (start >= end) continue;
            if (Item(sql, start, end) is not { } column)
            {
                problem = $"the select list item '{sql[start..end]}' has no name: give it an alias";
                return null;
            }
            if (column.Name == "*")
            {
                problem = "the 'renamed' CTE selects '*': its columns are not listed";
                return null;
            }
            columns.Add(column);
        }
        var listEnd = columns.Count > 0 ? columns[^1].End : listStart;
        return new StagingModel(
            source.Success ? source.Groups["source"].Value : null,
            source.Success ? source.Groups["table"].Value : null,
            columns,
            listEnd);
    }

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public StagingColumn? Column(string name)
    {
        foreach (var column in Columns)
        {
            if (column.Name == name) return column;
        }
        return null;
    }

    // The item without the whitespace and comments around it.
    private static (int Start, int End) Core(string sql, int start, int end)
    {
        while (start < end)
        {
            if (char.IsWhiteSpace(sql[start])) start++;
            else if (SqlText.IsComment(sql, start)) start = Math.Min(SqlText.Skip(sql, start), end);
            else break;
        }
        // Trailing comments: the item ends at the last code character before them.
        var last = start;
        for (var i = start; i < end;)
        {
            if (char.IsWhiteSpace(sql[i]))
            {
                i++;
                continue;
            }
            if (SqlText.IsComment(sql, i))
            {
                i = Math.Min(SqlText.Skip(sql, i), end);
                continue;
            }
            var skipped = SqlText.Skip(sql, i);
            i = skipped != i ? Math.Min(skipped, end) : i + 1;
            last = i;
        }
        return (start, last);
    }

    private static StagingColumn? Item(string sql, int start, int end)
    {
        var alias = -1;
        for (var at = SqlText.TopLevelKeyword(sql, start, end, "as"); at >= 0; at = SqlText.TopLevelKeyword(sql, at + 2, end, "as")) alias = at;
        string name;
        int expressionEnd;
        if (alias > start)
        {
            name = SqlText.Unquote(sql[(alias + 2)..end].Trim());
            expressionEnd = alias;
            while (expressionEnd > start && char.IsWhiteSpace(sql[expressionEnd - 1])) expressionEnd--;
        }
        else
        {
            var text = sql[start..end];
            var dot = text.LastIndexOf('.');
            name = SqlText.Unquote(dot >= 0 && !text.EndsWith('"') ? text[(dot + 1)..] : text);
            if (name.Length == 0 || name.Contains(' ', StringComparison.Ordinal) || name.Contains('(', StringComparison.Ordinal)) return null;
            expressionEnd = end;
        }
        var sources = new List<string>();
        foreach (var (_, _, reference) in SqlText.ColumnReferences(sql, start, expressionEnd))
        {
            if (!sources.Contains(reference)) sources.Add(reference);
        }
        return new StagingColumn(name, sql[start..expressionEnd], sources, start, end);
    }

    private static int SkipSpace(string sql, int i, int end)
    {
        while (i < end && char.IsWhiteSpace(sql[i])) i++;
        return i;
    }

    [GeneratedRegex(@"\{\{-?\s*source\(\s*['""](?<source>[^'""]+)['""]\s*,\s*['""](?<table>[^'""]+)['""]\s*\)\s*-?\}\}")]
    private static partial Regex SourceCall();

    [GeneratedRegex(@"\brenamed\s+as\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex RenamedCte();
}
