using System.Text;

namespace Etl.Core.Datasets.Ddl;

/// <summary>
/// One table as plain <c>CREATE TABLE</c> for DuckDB or PostgreSQL, with its primary key, a UNIQUE constraint on each
/// other column set a key references (the natural key above all: a foreign key can only reference a primary key or a
/// unique constraint), and the foreign keys to tables that exist by then.
/// </summary>
internal static class SqlTable
{
    /// <param name="sql">Where the statement goes (uncommented; the script comments it out).</param>
    /// <param name="table">The table.</param>
    /// <param name="dialect">DuckDB or PostgreSQL.</param>
    /// <param name="schema">The schema the dataset's tables live in; null for the default one.</param>
    /// <param name="inline">Whether a foreign key is declared in the statement (otherwise the script adds or notes it after all tables).</param>
    /// <param name="referenced">Every column set other tables' keys reference, per table.</param>
    public static void Write(StringBuilder sql, TableSchema table, SqlDialect dialect, string? schema,
        Func<ForeignKey, bool> inline, IReadOnlyDictionary<string, List<IReadOnlyList<string>>> referenced)
    {
        sql.Append("CREATE TABLE IF NOT EXISTS ").Append(SqlText.SqlTable(schema, table.Name)).Append(" (\n");
        var lines = new List<(string Text, string? Note)>();
        foreach (var column in table.Columns)
        {
            var text = SqlText.Sql(column.Name) + " " + SqlTypes.Of(column.Type, dialect) + (column.Nullable ? "" : " NOT NULL");
            lines.Add((text, ColumnNote.Of(column)));
        }
        if (table.PrimaryKey.Count > 0) lines.Add(("PRIMARY KEY (" + SqlText.SqlList(table.PrimaryKey) + ")", null));
        foreach (var unique in UniqueSets(table, referenced)) lines.Add(("UNIQUE (" + SqlText.SqlList(unique) + ")", null));
        foreach (var key in table.ForeignKeys)
        {
            if (inline(key)) lines.Add((Reference(key, schema), null));
        }
        for (var i = 0; i < lines.Count; i++)
        {
            sql.Append("  ").Append(lines[i].Text);
            if (i + 1 < lines.Count) sql.Append(',');
            if (lines[i].Note is { } note) sql.Append(" -- ").Append(note);
            sql.Append('\n');
        }
        sql.Append(");\n");
    }

    /// <summary><c>FOREIGN KEY ("user_id") REFERENCES "users" ("id")</c>.</summary>
    public static string Reference(ForeignKey key, string? schema) =>
        "FOREIGN KEY (" + SqlText.SqlList(key.Columns) + ") REFERENCES " + SqlText.SqlTable(schema, key.References.Table)
        + " (" + SqlText.SqlList(key.References.Columns) + ")";

    private static List<IReadOnlyList<string>> UniqueSets(TableSchema table, IReadOnlyDictionary<string, List<IReadOnlyList<string>>> referenced)
    {
        var sets = new List<IReadOnlyList<string>>();
        if (table.NaturalKey is { } natural) Offer(natural.Columns);
        if (referenced.TryGetValue(table.Name, out var targets))
        {
            foreach (var columns in targets) Offer(columns);
        }
        return sets;

        void Offer(IReadOnlyList<string> columns)
        {
            if (columns.Count == 0 || SameColumns(columns, table.PrimaryKey)) return;
            foreach (var column in columns)
            {
                if (table.Column(column) is null) return;
            }
            foreach (var set in sets)
            {
                if (SameColumns(set, columns)) return;
            }
            sets.Add(columns);
        }
    }

    private static bool SameColumns(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i]) return false;
        }
        return true;
    }
}
