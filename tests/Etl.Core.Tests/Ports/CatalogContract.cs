using System.Text.Json.Nodes;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Changes;
using Etl.Core.Jobs;
using static Etl.Core.Tests.Datasets.Schemas;

namespace Etl.Core.Tests.Ports;

/// <summary>
/// What every ICatalog must do: versions, decisions, rollbacks and races. Each adapter (SQLite here, DynamoDB and Glue in
/// Etl.Aws.Tests) derives a class that makes a fresh, empty catalog and opens another client of the same one.
/// </summary>
public abstract class CatalogContract
{
    private ICatalog? _opened;

    /// <summary>The catalog under test, made once per test.</summary>
    protected ICatalog Store => _opened ??= CreateCatalog();

    /// <summary>A fresh, empty catalog.</summary>
    protected abstract ICatalog CreateCatalog();

    /// <summary>Another client of the catalog <see cref="CreateCatalog"/> made (its own connections, as another process would have).</summary>
    protected abstract ICatalog OpenAgain();

    protected static TablesDocument Tables(params TableSchema[] tables) =>
        new(tables, new LayoutRecommendation(TableLayout.Denormalized, 0.9, "one table"), tables.Length == 0 ? 0 : tables[0].RowCount, []);

    protected static TablesDocument OrdersV1() => Tables(Orders(Col("amount", ColumnType.Double, nullCount: 2)) with { RowCount = 10, File = "output/j/tables/orders/orders.parquet" });

    protected static VersionCandidate Candidate(TablesDocument? tables = null, ChangeDecision decision = ChangeDecision.Applied,
        IReadOnlyList<SchemaChange>? changes = null, string? jobId = null) =>
        new(jobId ?? JobIds.New(), tables ?? OrdersV1(), changes ?? [], decision);

    protected static readonly SchemaChange Dropped = ChangeClassifier.Diff(
        [Orders(Col("amount", ColumnType.Double))], [Orders()])[0];

    [Fact]
    public async Task The_first_version_creates_the_dataset_under_evolve_and_is_current()
    {
        Assert.Null(await Store.GetAsync("orders", default));
        var candidate = Candidate();
        Assert.Equal(1, await Store.TryAddVersionAsync("orders", null, candidate, default));

        var dataset = (await Store.GetAsync("orders", default))!;
        Assert.Equal((ChangePolicy.Evolve, (int?)1), (dataset.Policy, dataset.CurrentVersion));
        var only = Assert.Single(dataset.Versions);
        Assert.Equal((1, candidate.JobId, VersionStatus.Current, "first version"), (only.Version, only.JobId, only.Status, only.ChangeSummary));

        var version = (await Store.GetVersionAsync("orders", 1, default))!;
        Assert.Equal(candidate.JobId, version.JobId);
        Assert.Equal(OrdersV1().ToJson(), version.Tables.ToJson());
        Assert.Equal((null, 1, ChangeDecision.Applied), (version.Changes.FromVersion, version.Changes.ToVersion, version.Changes.Decision));

        var listed = Assert.Single(await Store.ListAsync(default));
        Assert.Equal(("orders", (int?)1, ChangePolicy.Evolve), (listed.Name, listed.CurrentVersion, listed.Policy));
        Assert.Equal(["orders"], listed.Tables);
    }

    [Fact]
    public async Task Applied_versions_become_current_held_ones_wait_and_history_is_newest_first()
    {
        await Store.TryAddVersionAsync("orders", null, Candidate(), default);
        var two = Tables(Orders(), Table("orders__items", Col("sku", ColumnType.String)));
        Assert.Equal(2, await Store.TryAddVersionAsync("orders", 1, Candidate(two), default));
        var sample = new JsonObject { ["id"] = 7, ["amount"] = 1.5 };
        Assert.Equal(3, await Store.TryAddVersionAsync("orders", 2,
            Candidate(decision: ChangeDecision.HeldForReview, changes: [Dropped with { Samples = [sample] }]), default));

        var dataset = (await Store.GetAsync("orders", default))!;
        Assert.Equal(2, dataset.CurrentVersion);
        Assert.Equal([(3, VersionStatus.PendingReview), (2, VersionStatus.Current), (1, VersionStatus.Previous)],
            dataset.Versions.Select(v => (v.Version, v.Status)));
        Assert.Equal("1 change: 1 breaking", dataset.Versions[0].ChangeSummary);
        Assert.Equal(["orders", "orders__items"], (await Store.ListAsync(default)).Single().Tables);

        var held = (await Store.GetVersionAsync("orders", 3, default))!;
        Assert.Equal((2, 3, ChangeDecision.HeldForReview), (held.Changes.FromVersion, held.Changes.ToVersion, held.Changes.Decision));
        Assert.Equal(sample.ToJsonString(), Assert.Single(Assert.Single(held.Changes.Changes).Samples!).ToJsonString());
    }

    [Fact]
    public async Task A_stale_expected_version_registers_nothing()
    {
        await Store.TryAddVersionAsync("orders", null, Candidate(), default);
        Assert.Null(await Store.TryAddVersionAsync("orders", null, Candidate(), default));
        Assert.Null(await Store.TryAddVersionAsync("orders", 7, Candidate(), default));
        Assert.Single((await Store.GetAsync("orders", default))!.Versions);
    }

    [Fact]
    public async Task Registering_the_same_job_twice_returns_its_version_without_a_new_one()
    {
        var candidate = Candidate();
        Assert.Equal(1, await Store.TryAddVersionAsync("orders", null, candidate, default));
        // Even with an expected version that no longer matches: the job's version exists.
        Assert.Equal(1, await Store.TryAddVersionAsync("orders", null, candidate, default));
        Assert.Single((await Store.GetAsync("orders", default))!.Versions);
    }

    [Fact]
    public async Task Rejected_candidates_are_kept_for_history_and_never_become_current()
    {
        await Store.TryAddVersionAsync("orders", null, Candidate(), default);
        Assert.Equal(2, await Store.TryAddVersionAsync("orders", 1, Candidate(decision: ChangeDecision.Rejected, changes: [Dropped]), default));
        var dataset = (await Store.GetAsync("orders", default))!;
        Assert.Equal(1, dataset.CurrentVersion);
        Assert.Equal(VersionStatus.Rejected, dataset.Versions[0].Status);
        Assert.False(await Store.TryDecideAsync("orders", 2, approve: true, default));
        Assert.False(await Store.TryRollbackAsync("orders", 2, default));
    }

    [Fact]
    public async Task Approve_makes_a_held_version_current_once_and_reject_keeps_it_aside()
    {
        await Store.TryAddVersionAsync("orders", null, Candidate(), default);
        await Store.TryAddVersionAsync("orders", 1, Candidate(decision: ChangeDecision.HeldForReview, changes: [Dropped]), default);
        await Store.TryAddVersionAsync("orders", 1, Candidate(decision: ChangeDecision.HeldForReview, changes: [Dropped]), default);

        Assert.True(await Store.TryDecideAsync("orders", 2, approve: true, default));
        Assert.False(await Store.TryDecideAsync("orders", 2, approve: true, default));
        Assert.False(await Store.TryDecideAsync("orders", 2, approve: false, default));
        Assert.True(await Store.TryDecideAsync("orders", 3, approve: false, default));
        Assert.False(await Store.TryDecideAsync("orders", 1, approve: true, default));
        Assert.False(await Store.TryDecideAsync("orders", 9, approve: true, default));
        Assert.False(await Store.TryDecideAsync("nothing", 1, approve: true, default));

        var dataset = (await Store.GetAsync("orders", default))!;
        Assert.Equal(2, dataset.CurrentVersion);
        Assert.Equal([VersionStatus.Rejected, VersionStatus.Current, VersionStatus.Previous], dataset.Versions.Select(v => v.Status));
    }

    [Fact]
    public async Task Rollback_moves_current_to_an_accepted_version_only()
    {
        await Store.TryAddVersionAsync("orders", null, Candidate(), default);
        await Store.TryAddVersionAsync("orders", 1, Candidate(), default);
        await Store.TryAddVersionAsync("orders", 2, Candidate(decision: ChangeDecision.HeldForReview, changes: [Dropped]), default);

        Assert.False(await Store.TryRollbackAsync("orders", 3, default));
        Assert.False(await Store.TryRollbackAsync("orders", 4, default));
        Assert.False(await Store.TryRollbackAsync("other", 1, default));
        Assert.True(await Store.TryRollbackAsync("orders", 1, default));

        var dataset = (await Store.GetAsync("orders", default))!;
        Assert.Equal(1, dataset.CurrentVersion);
        Assert.Equal([VersionStatus.PendingReview, VersionStatus.Previous, VersionStatus.Current], dataset.Versions.Select(v => v.Status));
        Assert.Equal(3, dataset.Versions.Count);
        // The next load compares with the version rolled back to.
        Assert.Null(await Store.TryAddVersionAsync("orders", 2, Candidate(), default));
        Assert.Equal(4, await Store.TryAddVersionAsync("orders", 1, Candidate(), default));
    }

    [Fact]
    public async Task Policy_is_set_on_known_datasets_only()
    {
        Assert.Null(await Store.SetPolicyAsync("orders", ChangePolicy.Freeze, default));
        await Store.TryAddVersionAsync("orders", null, Candidate(), default);
        var before = (await Store.GetAsync("orders", default))!;
        var record = (await Store.SetPolicyAsync("orders", ChangePolicy.Freeze, default))!;
        Assert.Equal(ChangePolicy.Freeze, record.Policy);
        Assert.Equal(ChangePolicy.Freeze, (await Store.GetAsync("orders", default))!.Policy);
        Assert.True(record.UpdatedAt >= before.UpdatedAt);
    }

    [Fact]
    public async Task Parallel_loads_against_the_same_current_version_register_exactly_one()
    {
        await Store.TryAddVersionAsync("orders", null, Candidate(), default);
        // Separate catalog objects: separate connection pools, as separate processes would have.
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Task.Run(() => OpenAgain().TryAddVersionAsync("orders", 1, Candidate(), default))));
        Assert.Equal([2], results.Where(r => r is not null).Select(r => r!.Value));
        Assert.Equal(2, (await Store.GetAsync("orders", default))!.Versions.Count);
    }

    [Fact]
    public async Task Parallel_loads_that_retry_get_consecutive_versions_without_gaps()
    {
        const int loads = 12;
        var versions = await Task.WhenAll(Enumerable.Range(0, loads).Select(_ => Task.Run(async () =>
        {
            var catalog = OpenAgain();
            var candidate = Candidate();
            while (true)
            {
                var current = (await catalog.GetAsync("orders", default))?.CurrentVersion;
                if (await catalog.TryAddVersionAsync("orders", current, candidate, default) is { } version) return version;
            }
        })));
        Assert.Equal(Enumerable.Range(1, loads), versions.Order());
        var dataset = (await Store.GetAsync("orders", default))!;
        Assert.Equal(loads, dataset.CurrentVersion);
        Assert.Equal(Enumerable.Range(1, loads).Reverse(), dataset.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task Parallel_approvals_and_rejections_decide_a_version_once()
    {
        await Store.TryAddVersionAsync("orders", null, Candidate(), default);
        await Store.TryAddVersionAsync("orders", 1, Candidate(decision: ChangeDecision.HeldForReview, changes: [Dropped]), default);
        var decided = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => OpenAgain().TryDecideAsync("orders", 2, approve: i % 2 == 0, default))));
        Assert.Single(decided, d => d);
        var status = (await Store.GetAsync("orders", default))!.Versions[0].Status;
        Assert.Contains(status, new[] { VersionStatus.Current, VersionStatus.Rejected });
    }

    [Fact]
    public async Task Parallel_registrations_of_one_job_make_one_version()
    {
        await Store.TryAddVersionAsync("orders", null, Candidate(), default);
        var candidate = Candidate();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => OpenAgain().TryAddVersionAsync("orders", 1, candidate, default))));
        Assert.All(results, r => Assert.Equal(2, r));
        var dataset = (await Store.GetAsync("orders", default))!;
        Assert.Equal([2, 1], dataset.Versions.Select(v => v.Version));
        Assert.Equal(candidate.JobId, dataset.Versions[0].JobId);
    }

    [Fact]
    public async Task Every_dataset_is_listed_by_name_with_its_current_tables()
    {
        Assert.Empty(await Store.ListAsync(default));
        await Store.TryAddVersionAsync("users", null, Candidate(Tables(Table("users", Col("id", ColumnType.Int64)))), default);
        await Store.TryAddVersionAsync("orders", null, Candidate(), default);
        await Store.TryAddVersionAsync("orders", 1, Candidate(decision: ChangeDecision.HeldForReview, changes: [Dropped],
            tables: Tables(Orders(), Table("orders__items", Col("sku", ColumnType.String)))), default);
        var listed = await Store.ListAsync(default);
        Assert.Equal(["orders", "users"], listed.Select(d => d.Name));
        Assert.Equal(["orders"], listed[0].Tables);
        Assert.True(await Store.TryDecideAsync("orders", 2, approve: true, default));
        Assert.Equal(["orders", "orders__items"], (await Store.ListAsync(default))[0].Tables);
    }
}
