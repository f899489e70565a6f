using System.Text;
using Etl.Parquet.Meta;

namespace Etl.Core.Datasets.Ddl;

/// <summary>
/// <c>runs/{jobId}/ddl.sql</c>: an Athena / Glue <c>CREATE EXTERNAL TABLE</c> for every table of a dataset version,
/// over the table's own folder of Parquet files, then the same tables as plain DDL for DuckDB and for PostgreSQL with
/// their primary, unique and foreign keys — commented out (<c>-- </c> before each line), so the file runs as it is in
/// Athena and each plain section runs once its lines are uncommented. Tables come in dependency order: parents and
/// referenced tables first.
/// </summary>
public static class DdlScript
{
    /// <summary>The line that opens the DuckDB section.</summary>
    public const string DuckDbSection = "-- ===== DuckDB =====";

    /// <summary>The line that opens the PostgreSQL section.</summary>
    public const string PostgresSection = "-- ===== PostgreSQL =====";

    /// <summary>The prefix of every line of a plain SQL section; notes inside a section carry it twice.</summary>
    public const string LinePrefix = "-- ";

    /// <summary>Writes the script.</summary>
    /// <param name="tables">The dataset version's tables.</param>
    /// <param name="location">
    /// The folder holding the tables' folders, e.g. <c>s3://bucket/output/{jobId}/tables</c>; each table's LOCATION is
    /// <c>{location}/{table}/</c> (see StorageKeys.TableFolder).
    /// </param>
    /// <param name="database">
    /// The Glue database, and the schema of the plain DDL; null writes unqualified names. Keys into another dataset
    /// (<c>dataset.table</c>) name that dataset as the schema, so give each dataset's DDL its dataset's name here.
    /// </param>
    /// <param name="compression">The codec the Parquet files were written with (TBLPROPERTIES parquet.compression, what Athena writes on INSERT INTO); null leaves it out.</param>
    public static string Write(TablesDocument tables, string location, string? database = null, CompressionCodec? compression = CompressionCodec.Snappy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        location = location.TrimEnd('/');
        return Write(tables, table => location + "/" + table.Name, database, compression);
    }

    /// <summary>Writes the script, each table over the folder <paramref name="folderOf"/> names (a one-table version's file sits in its job's folder).</summary>
    /// <param name="tables">The dataset version's tables.</param>
    /// <param name="folderOf">The folder holding a table's Parquet files and nothing else (Athena reads every file under a LOCATION).</param>
    /// <param name="database">As in the other overload.</param>
    /// <param name="compression">As in the other overload.</param>
    public static string Write(TablesDocument tables, Func<TableSchema, string> folderOf, string? database = null, CompressionCodec? compression = CompressionCodec.Snappy)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(folderOf);
        if (database is not null) ArgumentException.ThrowIfNullOrWhiteSpace(database);
        foreach (var table in tables.Tables)
        {
            if (table.Columns.Count == 0) throw new ArgumentException($"table '{table.Name}' has no columns: a table needs at least one to be created", nameof(tables));
        }
        var order = TableOrder.Of(tables);
        var sql = new StringBuilder();
        Header(sql, tables.Tables.Count, database);
        foreach (var table in order.Tables)
        {
            sql.Append('\n');
            AthenaTable.Write(sql, ExternalTable.Of(table, folderOf(table), compression), database);
        }
        foreach (var dialect in new[] { SqlDialect.DuckDb, SqlDialect.Postgres })
        {
            sql.Append('\n').Append(dialect == SqlDialect.DuckDb ? DuckDbSection : PostgresSection).Append('\n');
            Commented(sql, PlainDdl.Write(tables, order, dialect, database));
        }
        return sql.ToString();
    }

    /// <summary>The plain DDL of one dialect, uncommented: what a section of the script holds once its prefixes are removed.</summary>
    public static string PlainSql(TablesDocument tables, SqlDialect dialect, string? database = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return PlainDdl.Write(tables, TableOrder.Of(tables), dialect, database);
    }

    private static void Header(StringBuilder sql, int count, string? database)
    {
        sql.Append("-- ddl.sql: ").Append(count).Append(count == 1 ? " table" : " tables");
        if (database is not null) sql.Append(" of database ").Append(SqlText.OneLine(database));
        sql.Append(", written by agentic-etl from tables.json.\n");
        sql.Append("-- Athena / AWS Glue first: one external table per table folder of Parquet files. Athena enforces no keys;\n");
        sql.Append("-- each table's COMMENT names them. Then the same tables for DuckDB and for PostgreSQL, with their keys:\n");
        sql.Append("-- remove the leading \"-- \" of each line of one section (down to the next ===== line) and run it.\n");
    }

    private static void Commented(StringBuilder sql, string plain)
    {
        foreach (var line in plain.AsSpan().EnumerateLines())
        {
            if (line.IsEmpty) continue;
            sql.Append(LinePrefix).Append(line).Append('\n');
        }
    }

    /// <summary>
    /// The plain SQL of one section of a script <see cref="Write"/> wrote, runnable: the lines after
    /// <paramref name="sectionLine"/> down to the next section, with their prefix removed.
    /// </summary>
    public static string Section(string script, string sectionLine)
    {
        ArgumentNullException.ThrowIfNull(script);
        var text = new StringBuilder();
        var inside = false;
        foreach (var line in script.Split('\n'))
        {
            if (line.StartsWith("-- =====", StringComparison.Ordinal))
            {
                inside = line == sectionLine;
                continue;
            }
            if (inside && line.StartsWith(LinePrefix, StringComparison.Ordinal)) text.Append(line.AsSpan(LinePrefix.Length)).Append('\n');
        }
        return text.ToString();
    }
}
