using System.Text;

namespace Etl.Core.Datasets.Ddl;

/// <summary>
/// One <see cref="ExternalTable"/> as an Athena / Glue <c>CREATE EXTERNAL TABLE … STORED AS PARQUET LOCATION …</c>.
/// Athena enforces no keys, so the table's COMMENT names them; each column's COMMENT names where its values come from in the input.
/// </summary>
internal static class AthenaTable
{
    public static void Write(StringBuilder sql, ExternalTable table, string? database)
    {
        var name = database is null ? SqlText.Hive(table.Name) : SqlText.Hive(database) + "." + SqlText.Hive(table.Name);
        sql.Append("CREATE EXTERNAL TABLE IF NOT EXISTS ").Append(name).Append(" (\n");
        for (var i = 0; i < table.Columns.Count; i++)
        {
            var column = table.Columns[i];
            sql.Append("  ").Append(SqlText.Hive(column.Name)).Append(' ').Append(column.HiveType);
            if (column.Comment is { } note) sql.Append(" COMMENT ").Append(SqlText.HiveString(note));
            sql.Append(i + 1 < table.Columns.Count ? ",\n" : "\n");
        }
        sql.Append(")\n");
        sql.Append("COMMENT ").Append(SqlText.HiveString(table.Description)).Append('\n');
        sql.Append("STORED AS PARQUET\n");
        sql.Append("LOCATION ").Append(SqlText.HiveString(table.Location)).Append('\n');
        if (table.Compression is { } compression) sql.Append("TBLPROPERTIES ('parquet.compression'=").Append(SqlText.HiveString(compression)).Append(")\n");
        sql.Length--;
        sql.Append(";\n");
    }
}
