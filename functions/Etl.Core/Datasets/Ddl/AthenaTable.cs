using System.Text;

namespace Etl.Core.Datasets.Ddl;

/// <summary>
/// One table as an Athena / Glue <c>CREATE EXTERNAL TABLE … STORED AS PARQUET LOCATION …</c>. Athena enforces no
/// keys, so the table's COMMENT names them; each column's COMMENT names where its values come from in the input.
/// </summary>
internal static class AthenaTable
{
    // Glue's limits: a column comment holds at most 255 characters, a table's description 2048.
    private const int ColumnCommentLength = 255;
    private const int TableCommentLength = 2048;

    public static void Write(StringBuilder sql, TableSchema table, string? database, string folder, string? compression)
    {
        var name = database is null ? SqlText.Hive(table.Name) : SqlText.Hive(database) + "." + SqlText.Hive(table.Name);
        sql.Append("CREATE EXTERNAL TABLE IF NOT EXISTS ").Append(name).Append(" (\n");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            sql.Append("  ").Append(SqlText.Hive(column.Name)).Append(' ').Append(HiveTypes.Of(column.Type));
            if (ColumnNote.Of(column) is { } note) sql.Append(" COMMENT ").Append(SqlText.HiveString(note, ColumnCommentLength));
            sql.Append(i + 1 < table.Columns.Count ? ",\n" : "\n");
        }
        sql.Append(")\n");
        sql.Append("COMMENT ").Append(SqlText.HiveString(Description(table), TableCommentLength)).Append('\n');
        sql.Append("STORED AS PARQUET\n");
        sql.Append("LOCATION ").Append(SqlText.HiveString(folder + "/")).Append('\n');
        if (compression is not null) sql.Append("TBLPROPERTIES ('parquet.compression'=").Append(SqlText.HiveString(compression)).Append(")\n");
        sql.Length--;
        sql.Append(";\n");
    }

    /// <summary><c>orders__items: child of orders; primary key (_etl_key); foreign keys _etl_parent_key → orders._etl_key</c>.</summary>
    private static string Description(TableSchema table)
    {
        var text = new StringBuilder(table.Name);
        if (table.Parent is { } parent) text.Append(": child of ").Append(parent);
        text.Append(table.Parent is null ? ": " : "; ");
        text.Append(table.RowCount).Append(table.RowCount == 1 ? " row" : " rows");
        if (table.PrimaryKey.Count > 0) text.Append("; primary key (").AppendJoin(", ", table.PrimaryKey).Append(')');
        if (table.NaturalKey is { } natural) text.Append("; natural key (").AppendJoin(", ", natural.Columns).Append(')');
        for (var i = 0; i < table.ForeignKeys.Count; i++)
            text.Append(i == 0 ? "; foreign keys " : ", ").Append(table.ForeignKeys[i].ToString());
        return text.ToString();
    }
}
