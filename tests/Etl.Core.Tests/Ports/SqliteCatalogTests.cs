using Etl.Adapters.Local.Catalog;
using Etl.Adapters.Local.Jobs;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Changes;
using Etl.Core.Tests.Fakes;
using Microsoft.Data.Sqlite;
using static Etl.Core.Tests.Datasets.Schemas;

namespace Etl.Core.Tests.Ports;

/// <summary>The catalog contract on a real SQLite database file, plus what only SQLite does: the jobs beside it, rows for SQL.</summary>
public sealed class SqliteCatalogTests : CatalogContract, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _path;

    public SqliteCatalogTests()
    {
        _path = Path.Combine(_dir.Path, "jobs.db");
    }

    protected override ICatalog CreateCatalog() => new SqliteCatalog(_path);

    protected override ICatalog OpenAgain() => new SqliteCatalog(_path);

    [Fact]
    public async Task A_reopened_database_keeps_the_catalog_beside_the_jobs()
    {
        var jobs = new SqliteJobStore(_path);
        var job = TestJobs.Pending();
        await jobs.CreateAsync(job, default);
        await Store.TryAddVersionAsync("orders", null, Candidate(jobId: job.JobId), default);
        await Store.TryAddVersionAsync("orders", 1, Candidate(decision: ChangeDecision.HeldForReview, changes: [Dropped]), default);
        SqliteConnection.ClearAllPools();

        var reopened = new SqliteCatalog(_path);
        var dataset = (await reopened.GetAsync("orders", default))!;
        Assert.Equal((1, 2), (dataset.CurrentVersion!.Value, dataset.Versions.Count));
        Assert.Equal(job.JobId, dataset.Versions[1].JobId);
        Assert.True(await reopened.TryDecideAsync("orders", 2, approve: true, default));
        Assert.NotNull(await new SqliteJobStore(_path).GetAsync(job.JobId, default));
        Assert.Equal(2, (await new SqliteCatalog(_path).GetAsync("orders", default))!.CurrentVersion);
    }

    [Fact]
    public async Task Tables_columns_keys_and_profiles_are_rows_that_sql_can_query()
    {
        var users = new TableSchema("users", null, ["id"], new NaturalKey(["id"], 0.95, "unique, non-null, named id"), [],
            [Col("id", ColumnType.Int64, nullable: false, nullCount: 0), Col("email", ColumnType.String, nullCount: 3)]) { RowCount = 40 };
        var orders = new TableSchema("users__orders", "users", ["_etl_key"], null,
            [new ForeignKey(["_etl_parent_key"], new KeyReference("users", ["_etl_key"]))],
            [Col("_etl_key", ColumnType.String, nullable: false), Col("_etl_parent_key", ColumnType.String, nullable: false)]) { RowCount = 90 };
        await Store.TryAddVersionAsync("users", null, Candidate(Tables(users, orders)), default);

        await using var connection = new SqliteConnection($"Data Source={_path}");
        connection.Open();
        Assert.Equal(["users|0||40", "users__orders|1|users|90"],
            Rows(connection, "SELECT name, position, parent, row_count FROM dataset_tables WHERE dataset = 'users' ORDER BY position"));
        Assert.Equal(["users|email|STRING|1|3", "users|id|INT64|0|0"],
            Rows(connection, "SELECT table_name, name, type, nullable, null_count FROM dataset_columns WHERE table_name = 'users' ORDER BY name"));
        Assert.Equal(["users|primary|id||", "users|natural|id||", "users__orders|primary|_etl_key||", "users__orders|foreign|_etl_parent_key|users|_etl_key"],
            Rows(connection, "SELECT table_name, kind, columns, ref_table, ref_columns FROM dataset_keys ORDER BY table_name, position"));
    }

    private static List<string> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var values = new string[reader.FieldCount];
            for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? "" : System.Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            rows.Add(string.Join('|', values));
        }

        return rows;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
