using System.Text;

namespace Etl.Core.Datasets.Ddl;

/// <summary>
/// The plain DDL of one dialect: the schema, every table in dependency order, then the keys that could not be declared
/// inline — in a cycle (PostgreSQL: ALTER TABLE; DuckDB cannot add one later) or into another dataset (left for after
/// that dataset's DDL in PostgreSQL; DuckDB has no foreign keys across schemas).
/// </summary>
internal static class PlainDdl
{
    public static string Write(TablesDocument tables, TableOrder order, SqlDialect dialect, string? schema)
    {
        var sql = new StringBuilder();
        if (schema is not null) sql.Append("CREATE SCHEMA IF NOT EXISTS ").Append(SqlText.Sql(schema)).Append(";\n");
        var deferred = new HashSet<ForeignKey>(ReferenceEqualityComparer.Instance);
        foreach (var (_, key) in order.Deferred) deferred.Add(key);
        var referenced = Referenced(tables);
        foreach (var table in order.Tables)
        {
            SqlTable.Write(sql, table, dialect, schema, key => IsInDocument(tables, key) && !deferred.Contains(key), referenced);
        }
        foreach (var (table, key) in order.Deferred)
        {
            if (dialect == SqlDialect.Postgres)
                sql.Append("ALTER TABLE ").Append(SqlText.SqlTable(schema, table.Name)).Append(" ADD ").Append(SqlTable.Reference(key, schema)).Append(";\n");
            else
                sql.Append("-- not declared: DuckDB cannot add a foreign key to an existing table, and these tables reference each other: ")
                    .Append(table.Name).Append('.').Append(key.ToString()).Append('\n');
        }
        foreach (var table in order.Tables)
        {
            foreach (var key in table.ForeignKeys)
            {
                if (IsInDocument(tables, key)) continue;
                sql.Append("-- ").Append(table.Name).Append('.').Append(key.ToString()).Append(" references another dataset");
                if (dialect == SqlDialect.DuckDb)
                {
                    sql.Append(": not declared (DuckDB supports no foreign key across schemas)\n");
                }
                else
                {
                    sql.Append("; once its DDL has run in this database:\n-- ALTER TABLE ").Append(SqlText.SqlTable(schema, table.Name))
                        .Append(" ADD ").Append(SqlTable.Reference(key, schema)).Append(";\n");
                }
            }
        }
        return sql.ToString();
    }

    private static bool IsInDocument(TablesDocument tables, ForeignKey key) => tables.Table(key.References.Table) is not null;

    private static Dictionary<string, List<IReadOnlyList<string>>> Referenced(TablesDocument tables)
    {
        var referenced = new Dictionary<string, List<IReadOnlyList<string>>>(StringComparer.Ordinal);
        foreach (var table in tables.Tables)
        {
            foreach (var key in table.ForeignKeys)
            {
                if (!referenced.TryGetValue(key.References.Table, out var sets)) referenced[key.References.Table] = sets = [];
                sets.Add(key.References.Columns);
            }
        }
        return referenced;
    }
}
