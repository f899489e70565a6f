using Microsoft.Data.Sqlite;

namespace Etl.Adapters.Local.Catalog;

/// <summary>
/// The catalog's tables, created beside <c>jobs</c> when a database is opened (CREATE … IF NOT EXISTS, so opening an
/// existing or a jobs-only database is safe). Columns added in later releases follow the job store's pattern: nullable
/// columns added on open with ALTER TABLE … ADD COLUMN.
/// </summary>
/// <remarks>
/// A version's status is stored as what was decided about it (<c>accepted</c>, <c>pending-review</c>,
/// <c>rejected</c>); whether an accepted version is <c>current</c> or <c>previous</c> follows from
/// <c>datasets.current_version</c>, so a rollback or an approval moves one pointer and never rewrites history.
/// </remarks>
internal static class CatalogSchema
{
    public static void Create(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS datasets (
                name            TEXT PRIMARY KEY,
                policy          TEXT NOT NULL,
                current_version INTEGER,
                created_at      TEXT NOT NULL,
                updated_at      TEXT NOT NULL
            ) STRICT;
            CREATE TABLE IF NOT EXISTS dataset_versions (
                dataset         TEXT NOT NULL REFERENCES datasets (name),
                version         INTEGER NOT NULL,
                job_id          TEXT NOT NULL,
                created_at      TEXT NOT NULL,
                status          TEXT NOT NULL,
                decision        TEXT NOT NULL,
                from_version    INTEGER,
                change_summary  TEXT NOT NULL,
                tables_json     TEXT NOT NULL,
                changes_json    TEXT NOT NULL,
                PRIMARY KEY (dataset, version),
                UNIQUE (dataset, job_id)
            ) STRICT;
            CREATE TABLE IF NOT EXISTS dataset_tables (
                dataset         TEXT NOT NULL,
                version         INTEGER NOT NULL,
                name            TEXT NOT NULL,
                position        INTEGER NOT NULL,
                parent          TEXT,
                row_count       INTEGER NOT NULL,
                file            TEXT,
                PRIMARY KEY (dataset, version, name),
                FOREIGN KEY (dataset, version) REFERENCES dataset_versions (dataset, version)
            ) STRICT;
            CREATE TABLE IF NOT EXISTS dataset_columns (
                dataset         TEXT NOT NULL,
                version         INTEGER NOT NULL,
                table_name      TEXT NOT NULL,
                position        INTEGER NOT NULL,
                name            TEXT NOT NULL,
                type            TEXT NOT NULL,
                nullable        INTEGER NOT NULL,
                source_path     TEXT NOT NULL,
                null_count      INTEGER,
                PRIMARY KEY (dataset, version, table_name, name),
                FOREIGN KEY (dataset, version, table_name) REFERENCES dataset_tables (dataset, version, name)
            ) STRICT;
            CREATE TABLE IF NOT EXISTS dataset_keys (
                dataset         TEXT NOT NULL,
                version         INTEGER NOT NULL,
                table_name      TEXT NOT NULL,
                position        INTEGER NOT NULL,
                kind            TEXT NOT NULL,
                columns         TEXT NOT NULL,
                ref_table       TEXT,
                ref_columns     TEXT,
                confidence      REAL,
                reason          TEXT,
                PRIMARY KEY (dataset, version, table_name, position),
                FOREIGN KEY (dataset, version, table_name) REFERENCES dataset_tables (dataset, version, name)
            ) STRICT;
            CREATE INDEX IF NOT EXISTS dataset_versions_job ON dataset_versions (job_id);
            """;
        command.ExecuteNonQuery();
    }
}
