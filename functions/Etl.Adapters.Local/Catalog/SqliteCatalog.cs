using Etl.Core.Datasets;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Changes;
using Etl.Core.Jobs;
using Microsoft.Data.Sqlite;

namespace Etl.Adapters.Local.Catalog;

/// <summary>
/// <see cref="ICatalog"/> in SQLite, in the same database file as the jobs (WAL mode), so a job and the dataset
/// version it made live and are backed up together. Every change runs in a <c>BEGIN IMMEDIATE</c> transaction: the
/// write lock is taken before the current version is read, so two loads of one dataset are serialized, version numbers
/// have no gaps, and a conditional move (add against an expected current version, decide only a pending version, roll
/// back only to an accepted one) cannot interleave with another. A version's documents are kept whole (tables.json and
/// changes.json texts) and broken down into tables, columns and keys rows, so the catalog can be queried in SQL.
/// </summary>
public sealed class SqliteCatalog : ICatalog
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;

    public SqliteCatalog(string databasePath, TimeProvider? time = null)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _time = time ?? TimeProvider.System;
        CatalogSchema.Create(_connectionString);
    }

    public async Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The current version's tables in their document order, one row per table (none when nothing is current).
        command.CommandText = """
            SELECT d.name, d.policy, d.current_version, d.updated_at, t.name
            FROM datasets d
            LEFT JOIN dataset_tables t ON t.dataset = d.name AND t.version = d.current_version
            ORDER BY d.name, t.position
            """;
        var datasets = new List<DatasetSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        string? name = null;
        List<string> tables = [];
        (ChangePolicy Policy, int? Current, DateTimeOffset Updated) row = default;
        while (await reader.ReadAsync(cancellationToken))
        {
            var rowName = reader.GetString(0);
            if (rowName != name)
            {
                if (name is not null) datasets.Add(new DatasetSummary(name, row.Current, row.Policy, tables, row.Updated));
                name = rowName;
                tables = [];
                row = (CatalogWire.ParsePolicy(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetInt32(2), Timestamps.Parse(reader.GetString(3)));
            }

            if (!reader.IsDBNull(4)) tables.Add(reader.GetString(4));
        }

        if (name is not null) datasets.Add(new DatasetSummary(name, row.Current, row.Policy, tables, row.Updated));
        return datasets;
    }

    public async Task<DatasetRecord?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadDatasetAsync(connection, null, name, cancellationToken);
    }

    public async Task<DatasetVersion?> GetVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT v.job_id, v.created_at, v.status, d.current_version, v.tables_json, v.changes_json
            FROM dataset_versions v JOIN datasets d ON d.name = v.dataset
            WHERE v.dataset = @dataset AND v.version = @version
            """;
        command.Parameters.AddWithValue("@dataset", name);
        command.Parameters.AddWithValue("@version", version);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var status = CatalogWire.StatusOf(reader.GetString(2), version, reader.IsDBNull(3) ? null : reader.GetInt32(3));
        return new DatasetVersion(name, version, reader.GetString(0), Timestamps.Parse(reader.GetString(1)), status,
            TablesDocument.Parse(reader.GetString(4)), ChangesDocument.Parse(reader.GetString(5)));
    }

    public async Task<int?> TryAddVersionAsync(string name, int? expectedCurrent, VersionCandidate candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = BeginImmediate(connection);
        var now = Timestamps.Format(_time.GetUtcNow());

        // The same job registered again (a retried or recovered catalog stage) gets the version it made the first time.
        if (await ScalarAsync(connection, transaction, "SELECT version FROM dataset_versions WHERE dataset = @dataset AND job_id = @job",
                cancellationToken, ("@dataset", name), ("@job", candidate.JobId)) is long existing)
        {
            return (int)existing;
        }

        var (exists, current) = await ReadCurrentAsync(connection, transaction, name, cancellationToken);
        if (current != expectedCurrent) return null;
        if (!exists)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO datasets (name, policy, current_version, created_at, updated_at) VALUES (@dataset, @policy, NULL, @now, @now)",
                cancellationToken, ("@dataset", name), ("@policy", CatalogWire.Policy(ChangePolicy.Evolve)), ("@now", now));
        }

        var version = (int)(long)(await ScalarAsync(connection, transaction,
            "SELECT COALESCE(MAX(version), 0) + 1 FROM dataset_versions WHERE dataset = @dataset", cancellationToken, ("@dataset", name)))!;
        var changes = new ChangesDocument(name, expectedCurrent, version, candidate.Decision, candidate.Changes);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO dataset_versions (dataset, version, job_id, created_at, status, decision, from_version, change_summary, tables_json, changes_json)
            VALUES (@dataset, @version, @job, @now, @status, @decision, @from, @summary, @tables, @changes)
            """, cancellationToken,
            ("@dataset", name), ("@version", version), ("@job", candidate.JobId), ("@now", now),
            ("@status", CatalogWire.StoredStatusFor(candidate.Decision)), ("@decision", CatalogWire.Decision(candidate.Decision)),
            ("@from", expectedCurrent), ("@summary", ChangeSummary.Of(expectedCurrent, candidate.Changes)),
            ("@tables", candidate.Tables.ToJson()), ("@changes", changes.ToJson()));
        await CatalogRows.InsertAsync(connection, transaction, name, version, candidate.Tables, cancellationToken);
        await ExecuteAsync(connection, transaction,
            "UPDATE datasets SET current_version = CASE WHEN @applied THEN @version ELSE current_version END, updated_at = @now WHERE name = @dataset",
            cancellationToken, ("@dataset", name), ("@version", version), ("@now", now), ("@applied", candidate.Decision == ChangeDecision.Applied));
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    public async Task<DatasetRecord?> SetPolicyAsync(string name, ChangePolicy policy, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = BeginImmediate(connection);
        var updated = await ExecuteAsync(connection, transaction, "UPDATE datasets SET policy = @policy, updated_at = @now WHERE name = @dataset",
            cancellationToken, ("@dataset", name), ("@policy", CatalogWire.Policy(policy)), ("@now", Timestamps.Format(_time.GetUtcNow())));
        if (updated == 0) return null;
        var record = await ReadDatasetAsync(connection, transaction, name, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return record;
    }

    public async Task<bool> TryDecideAsync(string name, int version, bool approve, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = BeginImmediate(connection);
        var moved = await ExecuteAsync(connection, transaction,
            "UPDATE dataset_versions SET status = @status WHERE dataset = @dataset AND version = @version AND status = @pending",
            cancellationToken, ("@dataset", name), ("@version", version), ("@pending", CatalogWire.StoredPending),
            ("@status", approve ? CatalogWire.StoredAccepted : CatalogWire.StoredRejected));
        if (moved == 0) return false;
        await ExecuteAsync(connection, transaction,
            "UPDATE datasets SET current_version = CASE WHEN @approve THEN @version ELSE current_version END, updated_at = @now WHERE name = @dataset",
            cancellationToken, ("@dataset", name), ("@version", version), ("@approve", approve), ("@now", Timestamps.Format(_time.GetUtcNow())));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> TryRollbackAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = BeginImmediate(connection);
        var moved = await ExecuteAsync(connection, transaction, """
            UPDATE datasets SET current_version = @version, updated_at = @now
            WHERE name = @dataset AND EXISTS (
                SELECT 1 FROM dataset_versions WHERE dataset = @dataset AND version = @version AND status = @accepted)
            """, cancellationToken, ("@dataset", name), ("@version", version), ("@accepted", CatalogWire.StoredAccepted),
            ("@now", Timestamps.Format(_time.GetUtcNow())));
        await transaction.CommitAsync(cancellationToken);
        return moved == 1;
    }

    private static async Task<DatasetRecord?> ReadDatasetAsync(SqliteConnection connection, SqliteTransaction? transaction, string name,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT policy, current_version, created_at, updated_at FROM datasets WHERE name = @dataset";
        command.Parameters.AddWithValue("@dataset", name);
        ChangePolicy policy;
        int? current;
        DateTimeOffset created, updated;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken)) return null;
            policy = CatalogWire.ParsePolicy(reader.GetString(0));
            current = reader.IsDBNull(1) ? null : reader.GetInt32(1);
            created = Timestamps.Parse(reader.GetString(2));
            updated = Timestamps.Parse(reader.GetString(3));
        }

        await using var versions = connection.CreateCommand();
        versions.Transaction = transaction;
        versions.CommandText =
            "SELECT version, job_id, created_at, status, change_summary FROM dataset_versions WHERE dataset = @dataset ORDER BY version DESC";
        versions.Parameters.AddWithValue("@dataset", name);
        var history = new List<VersionSummary>();
        await using (var reader = await versions.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var version = reader.GetInt32(0);
                history.Add(new VersionSummary(version, reader.GetString(1), Timestamps.Parse(reader.GetString(2)),
                    CatalogWire.StatusOf(reader.GetString(3), version, current), reader.GetString(4)));
            }
        }

        return new DatasetRecord(name, policy, current, created, updated, history);
    }

    private static async Task<(bool Exists, int? Current)> ReadCurrentAsync(SqliteConnection connection, SqliteTransaction transaction, string name,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT current_version FROM datasets WHERE name = @dataset";
        command.Parameters.AddWithValue("@dataset", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return (false, null);
        return (true, reader.IsDBNull(0) ? null : reader.GetInt32(0));
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (parameter, value) in parameters) command.Parameters.AddWithValue(parameter, value ?? DBNull.Value);
        return command;
    }

    // BEGIN IMMEDIATE takes the write lock up front (waiting up to the timeout while another writer holds it), so what
    // the transaction reads cannot change before it writes; a deferred BEGIN would fail with SQLITE_BUSY on upgrade.
    private static SqliteTransaction BeginImmediate(SqliteConnection connection) => connection.BeginTransaction(deferred: false);

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
