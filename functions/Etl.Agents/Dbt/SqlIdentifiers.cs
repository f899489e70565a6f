namespace Etl.Agents.Dbt;

/// <summary>
/// Column names in generated SQL: the catalog's names as they are, double-quoted when DuckDB or Trino/Athena reserve
/// the word (or a name is not a plain identifier), so the same SQL runs on both.
/// </summary>
public static class SqlIdentifiers
{
    // DuckDB's reserved and type/function-name keywords, Trino's reserved words, and words Athena's DDL reserves that
    // people name columns after (date, timestamp, ...). Quoting one more word than needed costs nothing.
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "all", "alter", "analyse", "analyze", "and", "anti", "any", "array", "as", "asc", "asof", "asymmetric", "at", "authorization",
        "between", "binary", "both", "by", "case", "cast", "check", "collate", "collation", "column", "columns", "concurrently",
        "constraint", "create", "cross", "cube", "current", "current_catalog", "current_date", "current_path", "current_role",
        "current_schema", "current_time", "current_timestamp", "current_user", "date", "deallocate", "default", "deferrable",
        "delete", "desc", "describe", "distinct", "do", "drop", "else", "end", "escape", "except", "execute", "exists", "extract",
        "false", "fetch", "filter", "for", "foreign", "freeze", "from", "full", "function", "generated", "glob", "grant", "group",
        "grouping", "having", "ilike", "in", "initially", "inner", "insert", "intersect", "interval", "into", "is", "isnull",
        "join", "json_array", "json_exists", "json_object", "json_query", "json_table", "json_value", "lambda", "lateral",
        "leading", "left", "like", "limit", "listagg", "localtime", "localtimestamp", "map", "natural", "normalize", "not",
        "notnull", "null", "offset", "on", "only", "or", "order", "outer", "over", "overlaps", "partition", "pivot", "pivot_longer",
        "pivot_wider", "placing", "positional", "prepare", "primary", "qualify", "range", "recursive", "references", "returning",
        "right", "rollup", "row", "rows", "select", "semi", "similar", "skip", "some", "struct", "summarize", "symmetric", "table",
        "tablesample", "then", "time", "timestamp", "to", "trailing", "trim", "true", "try_cast", "uescape", "union", "unique",
        "unnest", "unpivot", "user", "using", "values", "variadic", "verbose", "when", "where", "window", "with", "within",
    };

    /// <summary>True when <paramref name="name"/> must be double-quoted in SQL.</summary>
    public static bool NeedsQuotes(string name)
    {
        if (name.Length == 0 || Keywords.Contains(name)) return true;
        if (name[0] is not ((>= 'a' and <= 'z') or '_')) return true;
        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')) return true;
        }
        return false;
    }

    /// <summary>The name as SQL writes it.</summary>
    public static string Quote(string name) => NeedsQuotes(name) ? "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : name;

    /// <summary>A text literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
