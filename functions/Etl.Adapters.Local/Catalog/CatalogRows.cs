using Etl.Core.Datasets;
using Microsoft.Data.Sqlite;

namespace Etl.Adapters.Local.Catalog;

/// <summary>
/// Writes a version's tables, columns and keys as rows (inside the caller's transaction), so the catalog answers
/// questions such as "which datasets have a column user_id" or "which versions made a column required" in SQL.
/// Key columns are stored comma-separated: names are <c>[a-z0-9_]</c>, so a comma cannot occur in one.
/// </summary>
internal static class CatalogRows
{
    public static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, string dataset, int version,
        TablesDocument tables, CancellationToken cancellationToken)
    {
        await using var table = Prepare(connection, transaction,
            "INSERT INTO dataset_tables (dataset, version, name, position, parent, row_count, file) VALUES (@d, @v, @name, @position, @parent, @rows, @file)",
            "@name", "@position", "@parent", "@rows", "@file");
        await using var column = Prepare(connection, transaction, """
            INSERT INTO dataset_columns (dataset, version, table_name, position, name, type, nullable, source_path, null_count)
            VALUES (@d, @v, @table, @position, @name, @type, @nullable, @source, @nulls)
            """, "@table", "@position", "@name", "@type", "@nullable", "@source", "@nulls");
        await using var key = Prepare(connection, transaction, """
            INSERT INTO dataset_keys (dataset, version, table_name, position, kind, columns, ref_table, ref_columns, confidence, reason)
            VALUES (@d, @v, @table, @position, @kind, @columns, @ref_table, @ref_columns, @confidence, @reason)
            """, "@table", "@position", "@kind", "@columns", "@ref_table", "@ref_columns", "@confidence", "@reason");
        foreach (var command in new[] { table, column, key })
        {
            command.Parameters["@d"].Value = dataset;
            command.Parameters["@v"].Value = version;
        }

        for (var t = 0; t < tables.Tables.Count; t++)
        {
            var schema = tables.Tables[t];
            await RunAsync(table, cancellationToken, schema.Name, t, schema.Parent, schema.RowCount, schema.File);
            for (var c = 0; c < schema.Columns.Count; c++)
            {
                var col = schema.Columns[c];
                await RunAsync(column, cancellationToken, schema.Name, c, col.Name, col.Type.Name, col.Nullable ? 1 : 0, col.SourcePath, col.NullCount);
            }

            var position = 0;
            if (schema.PrimaryKey.Count > 0)
                await RunAsync(key, cancellationToken, schema.Name, position++, "primary", Join(schema.PrimaryKey), null, null, null, null);
            if (schema.NaturalKey is { } natural)
                await RunAsync(key, cancellationToken, schema.Name, position++, "natural", Join(natural.Columns), null, null, natural.Confidence, natural.Reason);
            foreach (var foreign in schema.ForeignKeys)
            {
                await RunAsync(key, cancellationToken, schema.Name, position++, "foreign", Join(foreign.Columns),
                    foreign.References.Table, Join(foreign.References.Columns), null, null);
            }
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.Add("@d", SqliteType.Text);
        command.Parameters.Add("@v", SqliteType.Integer);
        foreach (var parameter in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = parameter });
        return command;
    }

    private static async Task RunAsync(SqliteCommand command, CancellationToken cancellationToken, params object?[] values)
    {
        // Parameters 0 and 1 are the dataset and version, set once.
        for (var i = 0; i < values.Length; i++) command.Parameters[i + 2].Value = values[i] ?? DBNull.Value;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Join(IReadOnlyList<string> columns) => string.Join(",", columns);
}
