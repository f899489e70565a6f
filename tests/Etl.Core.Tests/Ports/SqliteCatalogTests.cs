using System.Text.Json.Nodes;
using Etl.Adapters.Local.Catalog;
using Etl.Adapters.Local.Jobs;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Changes;
using Etl.Core.Jobs;
using Etl.Core.Tests.Fakes;
using Microsoft.Data.Sqlite;
using static Etl.Core.Tests.Datasets.Schemas;

namespace Etl.Core.Tests.Ports;

/// <summary>The SQLite catalog on a real database file: versions, decisions, rollbacks, races and reopening.</summary>
public sealed class SqliteCatalogTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _path;
    private readonly SqliteCatalog _catalog;

    public SqliteCatalogTests()
    {
        _path = Path.Combine(_dir.Path, "jobs.db");
        _catalog = new SqliteCatalog(_path);
    }

    private static TablesDocument Tables(params TableSchema[] tables) =>
        new(tables, new LayoutRecommendation(TableLayout.Denormalized, 0.9, "one table"), tables.Length == 0 ? 0 : tables[0].RowCount, []);

    private static TablesDocument OrdersV1() => Tables(Orders(Col("amount", ColumnType.Double, nullCount: 2)) with { RowCount = 10, File = "output/j/tables/orders/orders.parquet" });

    private static VersionCandidate Candidate(TablesDocument? tables = null, ChangeDecision decision = ChangeDecision.Applied,
        IReadOnlyList<SchemaChange>? changes = null, string? jobId = null) =>
        new(jobId ?? JobIds.New(), tables ?? OrdersV1(), changes ?? [], decision);

    private static readonly SchemaChange Dropped = ChangeClassifier.Diff(
        [Orders(Col("amount", ColumnType.Double))], [Orders()])[0];

    [Fact]
    public async Task The_first_version_creates_the_dataset_under_evolve_and_is_current()
    {
        Assert.Null(await _catalog.GetAsync("orders", default));
        var candidate = Candidate();
        Assert.Equal(1, await _catalog.TryAddVersionAsync("orders", null, candidate, default));

        var dataset = (await _catalog.GetAsync("orders", default))!;
        Assert.Equal((ChangePolicy.Evolve, (int?)1), (dataset.Policy, dataset.CurrentVersion));
        var only = Assert.Single(dataset.Versions);
        Assert.Equal((1, candidate.JobId, VersionStatus.Current, "first version"), (only.Version, only.JobId, only.Status, only.ChangeSummary));

        var version = (await _catalog.GetVersionAsync("orders", 1, default))!;
        Assert.Equal(candidate.JobId, version.JobId);
        Assert.Equal(OrdersV1().ToJson(), version.Tables.ToJson());
        Assert.Equal((null, 1, ChangeDecision.Applied), (version.Changes.FromVersion, version.Changes.ToVersion, version.Changes.Decision));

        var listed = Assert.Single(await _catalog.ListAsync(default));
        Assert.Equal(("orders", (int?)1, ChangePolicy.Evolve), (listed.Name, listed.CurrentVersion, listed.Policy));
        Assert.Equal(["orders"], listed.Tables);
    }

    [Fact]
    public async Task Applied_versions_become_current_held_ones_wait_and_history_is_newest_first()
    {
        await _catalog.TryAddVersionAsync("orders", null, Candidate(), default);
        var two = Tables(Orders(), Table("orders__items", Col("sku", ColumnType.String)));
        Assert.Equal(2, await _catalog.TryAddVersionAsync("orders", 1, Candidate(two), default));
        var sample = new JsonObject { ["id"] = 7, ["amount"] = 1.5 };
        Assert.Equal(3, await _catalog.TryAddVersionAsync("orders", 2,
            Candidate(decision: ChangeDecision.HeldForReview, changes: [Dropped with { Samples = [sample] }]), default));

        var dataset = (await _catalog.GetAsync("orders", default))!;
        Assert.Equal(2, dataset.CurrentVersion);
        Assert.Equal([(3, VersionStatus.PendingReview), (2, VersionStatus.Current), (1, VersionStatus.Previous)],
            dataset.Versions.Select(v => (v.Version, v.Status)));
        Assert.Equal("1 change: 1 breaking", dataset.Versions[0].ChangeSummary);
        Assert.Equal(["orders", "orders__items"], (await _catalog.ListAsync(default)).Single().Tables);

        var held = (await _catalog.GetVersionAsync("orders", 3, default))!;
        Assert.Equal((2, 3, ChangeDecision.HeldForReview), (held.Changes.FromVersion, held.Changes.ToVersion, held.Changes.Decision));
        Assert.Equal(sample.ToJsonString(), Assert.Single(Assert.Single(held.Changes.Changes).Samples!).ToJsonString());
    }

    [Fact]
    public async Task A_stale_expected_version_registers_nothing()
    {
        await _catalog.TryAddVersionAsync("orders", null, Candidate(), default);
        Assert.Null(await _catalog.TryAddVersionAsync("orders", null, Candidate(), default));
        Assert.Null(await _catalog.TryAddVersionAsync("orders", 7, Candidate(), default));
        Assert.Single((await _catalog.GetAsync("orders", default))!.Versions);
    }

    [Fact]
    public async Task Registering_the_same_job_twice_returns_its_version_without_a_new_one()
    {
        var candidate = Candidate();
        Assert.Equal(1, await _catalog.TryAddVersionAsync("orders", null, candidate, default));
        // Even with an expected version that no longer matches: the job's version exists.
        Assert.Equal(1, await _catalog.TryAddVersionAsync("orders", null, candidate, default));
        Assert.Single((await _catalog.GetAsync("orders", default))!.Versions);
    }

    [Fact]
    public async Task Rejected_candidates_are_kept_for_history_and_never_become_current()
    {
        await _catalog.TryAddVersionAsync("orders", null, Candidate(), default);
        Assert.Equal(2, await _catalog.TryAddVersionAsync("orders", 1, Candidate(decision: ChangeDecision.Rejected, changes: [Dropped]), default));
        var dataset = (await _catalog.GetAsync("orders", default))!;
        Assert.Equal(1, dataset.CurrentVersion);
        Assert.Equal(VersionStatus.Rejected, dataset.Versions[0].Status);
        Assert.False(await _catalog.TryDecideAsync("orders", 2, approve: true, default));
        Assert.False(await _catalog.TryRollbackAsync("orders", 2, default));
    }

    [Fact]
    public async Task Approve_makes_a_held_version_current_once_and_reject_keeps_it_aside()
    {
        await _catalog.TryAddVersionAsync("orders", null, Candidate(), default);
        await _catalog.TryAddVersionAsync("orders", 1, Candidate(decision: ChangeDecision.HeldForReview, changes: [Dropped]), default);
        await _catalog.TryAddVersionAsync("orders", 1, Candidate(decision: ChangeDecision.HeldForReview, changes: [Dropped]), default);

        Assert.True(await _catalog.TryDecideAsync("orders", 2, approve: true, default));
        Assert.False(await _catalog.TryDecideAsync("orders", 2, approve: true, default));
        Assert.False(await _catalog.TryDecideAsync("orders", 2, approve: false, default));
        Assert.True(await _catalog.TryDecideAsync("orders", 3, approve: false, default));
        Assert.False(await _catalog.TryDecideAsync("orders", 1, approve: true, default));
        Assert.False(await _catalog.TryDecideAsync("orders", 9, approve: true, default));
        Assert.False(await _catalog.TryDecideAsync("nothing", 1, approve: true, default));

        var dataset = (await _catalog.GetAsync("orders", default))!;
        Assert.Equal(2, dataset.CurrentVersion);
        Assert.Equal([VersionStatus.Rejected, VersionStatus.Current, VersionStatus.Previous], dataset.Versions.Select(v => v.Status));
    }

    [Fact]
    public async Task Rollback_moves_current_to_an_accepted_version_only()
    {
        await _catalog.TryAddVersionAsync("orders", null, Candidate(), default);
        await _catalog.TryAddVersionAsync("orders", 1, Candidate(), default);
        await _catalog.TryAddVersionAsync("orders", 2, Candidate(decision: ChangeDecision.HeldForReview, changes: [Dropped]), default);

        Assert.False(await _catalog.TryRollbackAsync("orders", 3, default));
        Assert.False(await _catalog.TryRollbackAsync("orders", 4, default));
        Assert.False(await _catalog.TryRollbackAsync("other", 1, default));
        Assert.True(await _catalog.TryRollbackAsync("orders", 1, default));

        var dataset = (await _catalog.GetAsync("orders", default))!;
        Assert.Equal(1, dataset.CurrentVersion);
        Assert.Equal([VersionStatus.PendingReview, VersionStatus.Previous, VersionStatus.Current], dataset.Versions.Select(v => v.Status));
        Assert.Equal(3, dataset.Versions.Count);
        // The next load compares with the version rolled back to.
        Assert.Null(await _catalog.TryAddVersionAsync("orders", 2, Candidate(), default));
        Assert.Equal(4, await _catalog.TryAddVersionAsync("orders", 1, Candidate(), default));
    }

    [Fact]
    public async Task Policy_is_set_on_known_datasets_only()
    {
        Assert.Null(await _catalog.SetPolicyAsync("orders", ChangePolicy.Freeze, default));
        await _catalog.TryAddVersionAsync("orders", null, Candidate(), default);
        var before = (await _catalog.GetAsync("orders", default))!;
        var record = (await _catalog.SetPolicyAsync("orders", ChangePolicy.Freeze, default))!;
        Assert.Equal(ChangePolicy.Freeze, record.Policy);
        Assert.Equal(ChangePolicy.Freeze, (await _catalog.GetAsync("orders", default))!.Policy);
        Assert.True(record.UpdatedAt >= before.UpdatedAt);
    }

    [Fact]
    public async Task Parallel_loads_against_the_same_current_version_register_exactly_one()
    {
        await _catalog.TryAddVersionAsync("orders", null, Candidate(), default);
        // Separate catalog objects: separate connection pools, as separate processes would have.
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Task.Run(() => new SqliteCatalog(_path).TryAddVersionAsync("orders", 1, Candidate(), default))));
        Assert.Equal([2], results.Where(r => r is not null).Select(r => r!.Value));
        Assert.Equal(2, (await _catalog.GetAsync("orders", default))!.Versions.Count);
    }

    [Fact]
    public async Task Parallel_loads_that_retry_get_consecutive_versions_without_gaps()
    {
        const int loads = 12;
        var versions = await Task.WhenAll(Enumerable.Range(0, loads).Select(_ => Task.Run(async () =>
        {
            var catalog = new SqliteCatalog(_path);
            var candidate = Candidate();
            while (true)
            {
                var current = (await catalog.GetAsync("orders", default))?.CurrentVersion;
                if (await catalog.TryAddVersionAsync("orders", current, candidate, default) is { } version) return version;
            }
        })));
        Assert.Equal(Enumerable.Range(1, loads), versions.Order());
        var dataset = (await _catalog.GetAsync("orders", default))!;
        Assert.Equal(loads, dataset.CurrentVersion);
        Assert.Equal(Enumerable.Range(1, loads).Reverse(), dataset.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task Parallel_approvals_and_rejections_decide_a_version_once()
    {
        await _catalog.TryAddVersionAsync("orders", null, Candidate(), default);
        await _catalog.TryAddVersionAsync("orders", 1, Candidate(decision: ChangeDecision.HeldForReview, changes: [Dropped]), default);
        var decided = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => new SqliteCatalog(_path).TryDecideAsync("orders", 2, approve: i % 2 == 0, default))));
        Assert.Single(decided, d => d);
        var status = (await _catalog.GetAsync("orders", default))!.Versions[0].Status;
        Assert.Contains(status, new[] { VersionStatus.Current, VersionStatus.Rejected });
    }

    [Fact]
    public async Task A_reopened_database_keeps_the_catalog_beside_the_jobs()
    {
        var jobs = new SqliteJobStore(_path);
        var job = TestJobs.Pending();
        await jobs.CreateAsync(job, default);
        await _catalog.TryAddVersionAsync("orders", null, Candidate(jobId: job.JobId), default);
        await _catalog.TryAddVersionAsync("orders", 1, Candidate(decision: ChangeDecision.HeldForReview, changes: [Dropped]), default);
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
        await _catalog.TryAddVersionAsync("users", null, Candidate(Tables(users, orders)), default);

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
