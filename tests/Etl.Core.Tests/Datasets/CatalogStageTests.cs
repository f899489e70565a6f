using System.Text;
using System.Text.Json.Nodes;
using Etl.Adapters.Local.Catalog;
using Etl.Adapters.Local.Storage;
using Etl.Core.Convert;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Changes;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Pipeline.Stages;
using Etl.Core.Storage;
using Etl.Core.Tests.Fakes;
using Microsoft.Data.Sqlite;
using static Etl.Core.Tests.Datasets.Schemas;

namespace Etl.Core.Tests.Datasets;

/// <summary>
/// Every change kind and severity under every policy, through the real catalog stage over a real SQLite catalog and
/// disk store: version 1 is loaded, the policy is set, version 2 is loaded, and the decision, the changes, the sample
/// rows (read from the Parquet tables) and what the job is told are checked.
/// </summary>
public sealed class CatalogStageTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly DiskBlobStore _blobs;
    private readonly SqliteCatalog _catalog;
    private readonly CatalogStage _stage;

    public CatalogStageTests()
    {
        _blobs = new DiskBlobStore(Path.Combine(_dir.Path, "data"));
        _catalog = new SqliteCatalog(Path.Combine(_dir.Path, "jobs.db"));
        _stage = new CatalogStage(_blobs, _catalog);
    }

    /// <summary>A table of a version: its schema as tables.json gives it, and its rows as NDJSON for its Parquet file.</summary>
    public sealed record Table(TableSchema Schema, params string[] Rows);

    /// <summary>One row of the table: two versions, the one change between them, and the rows that must show it.</summary>
    public sealed record Case(Table[] Before, Table[] After, ChangeKind Kind, ChangeSeverity Severity, string[] Samples);

    private static readonly ColumnSchema Id = Col("id", ColumnType.Int64, nullable: false, nullCount: 0);

    private static TableSchema Orders(params ColumnSchema[] columns) => new("orders", null, ["id"], null, [], [Id, .. columns]);

    private static TableSchema Items() => Table("orders__items", Col("item", ColumnType.Int64), Col("sku", ColumnType.String), Col("qty", ColumnType.Int64));

    private static readonly string[] ItemRows = [.. Enumerable.Range(1, 7).Select(i => $$"""{"item":{{i}},"sku":"s{{i}}","qty":{{i * 2}}}""")];

    private static string[] Rows(string column, params string[] values) =>
        [.. values.Select((v, i) => $$"""{"id":{{i + 1}},"{{column}}":{{v}}}""")];

    private static readonly string[] Plain = [.. Enumerable.Range(1, 7).Select(i => $$"""{"id":{{i}}}""")];

    public static readonly Dictionary<string, Case> Cases = new()
    {
        ["table added"] = new([new(Orders(), Plain)], [new(Orders(), Plain), new(Items(), ItemRows)],
            ChangeKind.TableAdded, ChangeSeverity.Info,
            ["""{"item":1,"sku":"s1","qty":2}""", """{"item":2,"sku":"s2","qty":4}""", """{"item":3,"sku":"s3","qty":6}""",
             """{"item":4,"sku":"s4","qty":8}""", """{"item":5,"sku":"s5","qty":10}"""]),
        ["table dropped"] = new([new(Orders(), Plain), new(Items(), ItemRows)], [new(Orders(), Plain)],
            ChangeKind.TableDropped, ChangeSeverity.Breaking,
            ["""{"item":1,"sku":"s1","qty":2}""", """{"item":2,"sku":"s2","qty":4}""", """{"item":3,"sku":"s3","qty":6}""",
             """{"item":4,"sku":"s4","qty":8}""", """{"item":5,"sku":"s5","qty":10}"""]),
        ["nullable column added"] = new([new(Orders(), Plain)],
            [new(Orders(Col("note", ColumnType.String)), Rows("note", "null", "\"rush\"", "null", "\"gift\"", "null", "null", "\"fragile\""))],
            ChangeKind.ColumnAdded, ChangeSeverity.Info,
            ["""{"id":2,"note":"rush"}""", """{"id":4,"note":"gift"}""", """{"id":7,"note":"fragile"}"""]),
        ["required column added"] = new([new(Orders(), Plain)],
            [new(Orders(Col("code", ColumnType.String, nullable: false, nullCount: 0)), Rows("code", "\"a\"", "\"b\"", "\"c\"", "\"d\"", "\"e\"", "\"f\"", "\"g\""))],
            ChangeKind.ColumnAdded, ChangeSeverity.Warning,
            ["""{"id":1,"code":"a"}""", """{"id":2,"code":"b"}""", """{"id":3,"code":"c"}""", """{"id":4,"code":"d"}""", """{"id":5,"code":"e"}"""]),
        ["column dropped"] = new([new(Orders(Col("coupon", ColumnType.String)), Rows("coupon", "null", "\"X10\"", "null", "null", "\"Y20\"", "null", "null"))],
            [new(Orders(), Plain)],
            ChangeKind.ColumnDropped, ChangeSeverity.Breaking,
            ["""{"id":2,"coupon":"X10"}""", """{"id":5,"coupon":"Y20"}"""]),
        ["type widened"] = new([new(Orders(Col("amount", ColumnType.Int64)), Rows("amount", "1", "2", "3", "4", "5", "6", "7"))],
            [new(Orders(Col("amount", ColumnType.Double)), Rows("amount", "10", "12.5", "11", "13.25", "9", "8", "7.75"))],
            ChangeKind.TypeChanged, ChangeSeverity.Warning,
            // Values a whole-number column cannot hold first, then the others.
            ["""{"id":2,"amount":12.5}""", """{"id":4,"amount":13.25}""", """{"id":7,"amount":7.75}""", """{"id":1,"amount":10}""", """{"id":3,"amount":11}"""]),
        ["type changed to text"] = new([new(Orders(Col("ref", ColumnType.Int64)), Rows("ref", "1", "2", "3", "4", "5", "6", "7"))],
            [new(Orders(Col("ref", ColumnType.String)), Rows("ref", "\"1\"", "\"2\"", "\"A-3\"", "\"4\"", "\"B-5\"", "\"6\"", "\"C-7\""))],
            ChangeKind.TypeChanged, ChangeSeverity.Warning,
            ["""{"id":3,"ref":"A-3"}""", """{"id":5,"ref":"B-5"}""", """{"id":7,"ref":"C-7"}""", """{"id":1,"ref":"1"}""", """{"id":2,"ref":"2"}"""]),
        ["type narrowed"] = new([new(Orders(Col("amount", ColumnType.Double)), Rows("amount", "1.5", "2.5", "3.5", "4.5", "5.5", "6.5", "7.5"))],
            [new(Orders(Col("amount", ColumnType.Int64)), Rows("amount", "1", "null", "3", "4", "5", "6", "7"))],
            ChangeKind.TypeChanged, ChangeSeverity.Breaking,
            ["""{"id":1,"amount":1}""", """{"id":3,"amount":3}""", """{"id":4,"amount":4}""", """{"id":5,"amount":5}""", """{"id":6,"amount":6}"""]),
        ["type incompatible"] = new([new(Orders(Col("paid", ColumnType.Boolean)), Rows("paid", "true", "false", "true", "true", "false", "true", "true"))],
            [new(Orders(Col("paid", ColumnType.Int64)), Rows("paid", "1", "0", "1", "1", "0", "1", "1"))],
            ChangeKind.TypeChanged, ChangeSeverity.Breaking,
            ["""{"id":1,"paid":1}""", """{"id":2,"paid":0}""", """{"id":3,"paid":1}""", """{"id":4,"paid":1}""", """{"id":5,"paid":0}"""]),
        ["time zone changed"] = new([new(Orders(Col("at", ColumnType.Timestamp)), Rows("at", [.. Enumerable.Range(1, 7).Select(d => $"\"2024-01-0{d}T10:00:00Z\"")]))],
            [new(Orders(Col("at", ColumnType.TimestampLocal)), Rows("at", [.. Enumerable.Range(1, 7).Select(d => $"\"2024-02-0{d}T10:00:00\"")]))],
            ChangeKind.TypeChanged, ChangeSeverity.Breaking,
            ["""{"id":1,"at":"2024-02-01T10:00:00"}""", """{"id":2,"at":"2024-02-02T10:00:00"}""", """{"id":3,"at":"2024-02-03T10:00:00"}""",
             """{"id":4,"at":"2024-02-04T10:00:00"}""", """{"id":5,"at":"2024-02-05T10:00:00"}"""]),
        ["text re-encoded as json"] = new([new(Orders(Col("tag", ColumnType.String)), Rows("tag", "\"a\"", "\"b\"", "\"c\"", "\"d\"", "\"e\"", "\"f\"", "\"g\""))],
            [new(Orders(Col("tag", ColumnType.Json)), Rows("tag", "\"a\"", "1", "{\"x\":1}", "\"b\"", "[1]", "\"c\"", "true"))],
            ChangeKind.TypeChanged, ChangeSeverity.Breaking,
            ["""{"id":2,"tag":1}""", """{"id":3,"tag":{"x":1}}""", """{"id":5,"tag":[1]}""", """{"id":7,"tag":true}""", """{"id":1,"tag":"a"}"""]),
        ["became nullable"] = new([new(Orders(Col("status", ColumnType.String, nullable: false, nullCount: 0)), Rows("status", [.. Enumerable.Repeat("\"new\"", 7)]))],
            [new(Orders(Col("status", ColumnType.String, nullCount: 2)), Rows("status", "\"new\"", "null", "\"paid\"", "null", "\"new\"", "\"new\"", "\"new\""))],
            ChangeKind.NullabilityChanged, ChangeSeverity.Warning,
            ["""{"id":2,"status":null}""", """{"id":4,"status":null}"""]),
        ["required with nulls loaded"] = new([new(Orders(Col("status", ColumnType.String, nullCount: 2)), Rows("status", "\"new\"", "\"new\"", "null", "\"new\"", "\"new\"", "null", "\"new\""))],
            [new(Orders(Col("status", ColumnType.String, nullable: false, nullCount: 0)), Rows("status", [.. Enumerable.Repeat("\"new\"", 7)]))],
            ChangeKind.NullabilityChanged, ChangeSeverity.Breaking,
            // The rows already loaded that the new schema forbids.
            ["""{"id":3,"status":null}""", """{"id":6,"status":null}"""]),
        ["required with nulls unknown"] = new([new(Orders(Col("status", ColumnType.String)), Rows("status", "\"new\"", "\"new\"", "\"new\"", "\"new\"", "null", "\"new\"", "\"new\""))],
            [new(Orders(Col("status", ColumnType.String, nullable: false, nullCount: 0)), Rows("status", [.. Enumerable.Repeat("\"new\"", 7)]))],
            ChangeKind.NullabilityChanged, ChangeSeverity.Breaking,
            ["""{"id":5,"status":null}"""]),
        ["required without nulls"] = new([new(Orders(Col("status", ColumnType.String, nullCount: 0)), Rows("status", [.. Enumerable.Repeat("\"new\"", 7)]))],
            [new(Orders(Col("status", ColumnType.String, nullable: false, nullCount: 0)), Rows("status", [.. Enumerable.Repeat("\"new\"", 7)]))],
            ChangeKind.NullabilityChanged, ChangeSeverity.Info,
            []),
        ["primary key changed"] = new(
            [new(new TableSchema("orders", null, ["id"], null, [], [Col("id", ColumnType.Int64), Col("code", ColumnType.String, nullable: false)]),
                Rows("code", "\"a\"", "\"b\"", "\"c\"", "\"d\"", "\"e\"", "\"f\""))],
            [new(new TableSchema("orders", null, ["code"], null, [], [Col("id", ColumnType.Int64), Col("code", ColumnType.String, nullable: false)]),
                """{"id":1,"code":"a"}""", """{"id":2,"code":"b"}""", """{"id":2,"code":"c"}""", """{"id":null,"code":"d"}""", """{"id":3,"code":"e"}""", """{"id":3,"code":"f"}""")],
            ChangeKind.KeyChanged, ChangeSeverity.Breaking,
            // Rows of the new version where the old key (id) repeats or is null.
            ["""{"id":2,"code":"c"}""", """{"id":null,"code":"d"}""", """{"id":3,"code":"f"}"""]),
        ["natural key changed"] = new(
            [new(Orders(Col("sku", ColumnType.String)) with { NaturalKey = new NaturalKey(["sku"], 0.9, "unique") }, Rows("sku", "\"a\"", "\"b\"", "\"c\"", "\"d\"", "\"e\"", "\"f\"", "\"g\""))],
            [new(Orders(Col("sku", ColumnType.String)), Rows("sku", "\"a\"", "\"a\"", "\"c\"", "\"d\"", "\"d\"", "\"f\"", "\"g\""))],
            ChangeKind.KeyChanged, ChangeSeverity.Breaking,
            ["""{"sku":"a","id":2}""", """{"sku":"d","id":5}"""]),
        ["foreign key dropped"] = new(
            [new(Orders(Col("customer_id", ColumnType.Int64)) with { ForeignKeys = [new ForeignKey(["customer_id"], new KeyReference("customers", ["id"]))] },
                Rows("customer_id", "10", "11", "12", "13", "14", "15", "16"))],
            [new(Orders(Col("customer_id", ColumnType.Int64)), Rows("customer_id", "10", "11", "12", "null", "14", "15", "16"))],
            ChangeKind.KeyChanged, ChangeSeverity.Breaking,
            ["""{"customer_id":null,"id":4}"""]),
        ["foreign key added"] = new(
            [new(Orders(Col("customer_id", ColumnType.Int64)), Rows("customer_id", "10", "11", "12", "13", "14", "15", "16"))],
            [new(Orders(Col("customer_id", ColumnType.Int64)) with { ForeignKeys = [new ForeignKey(["customer_id"], new KeyReference("customers", ["id"]))] },
                Rows("customer_id", "10", "11", "12", "13", "14", "15", "16"))],
            ChangeKind.KeyChanged, ChangeSeverity.Info,
            []),
    };

    public static TheoryData<string, ChangePolicy> CasesUnderEveryPolicy()
    {
        var data = new TheoryData<string, ChangePolicy>();
        foreach (var name in Cases.Keys)
        {
            foreach (var policy in Enum.GetValues<ChangePolicy>()) data.Add(name, policy);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CasesUnderEveryPolicy))]
    public async Task Each_change_is_graded_sampled_and_decided_by_the_policy(string name, ChangePolicy policy)
    {
        var @case = Cases[name];
        var first = await LoadAsync(@case.Before);
        Assert.Equal(new StageOutput(DatasetVersion: 1), await _stage.RunAsync(first, new Progress<double>(), default));
        if (policy != ChangePolicy.Evolve) await _catalog.SetPolicyAsync("orders", policy, default);

        var second = await LoadAsync(@case.After);
        var expected = (policy, @case.Severity) switch
        {
            (ChangePolicy.Freeze, _) => ChangeDecision.Rejected,
            (ChangePolicy.Review, _) or (_, ChangeSeverity.Breaking) => ChangeDecision.HeldForReview,
            _ => ChangeDecision.Applied,
        };
        for (var run = 1; run <= 2; run++)
        {
            // The second run is a retry of the same job: the same outcome, no new version.
            switch (expected)
            {
                case ChangeDecision.Applied:
                    Assert.Equal(new StageOutput(DatasetVersion: 2), await _stage.RunAsync(second, new Progress<double>(), default));
                    break;
                case ChangeDecision.HeldForReview:
                    Assert.Equal(new StageOutput(DatasetVersion: 2, Review: "pending"), await _stage.RunAsync(second, new Progress<double>(), default));
                    break;
                default:
                    var failed = await Assert.ThrowsAsync<StageFailedException>(() => _stage.RunAsync(second, new Progress<double>(), default));
                    Assert.Equal(PolicyDecision.RejectedErrorType, failed.Error.ErrorType);
                    Assert.False(failed.Error.IsTransient);
                    Assert.Contains("is frozen", failed.Error.Message);
                    break;
            }
        }

        var changes = ChangesDocument.Parse(await ReadAsync(StorageKeys.Changes(second.JobId)));
        Assert.Equal(("orders", (int?)1, 2, expected), (changes.Dataset, changes.FromVersion, changes.ToVersion, changes.Decision));
        var change = Assert.Single(changes.Changes);
        Assert.Equal((@case.Kind, @case.Severity), (change.Kind, change.Severity));
        Assert.Equal(@case.Samples, (change.Samples ?? []).Select(s => s.ToJsonString()));

        var dataset = (await _catalog.GetAsync("orders", default))!;
        Assert.Equal([2, 1], dataset.Versions.Select(v => v.Version));
        Assert.Equal(second.JobId, dataset.Versions[0].JobId);
        Assert.Equal(expected switch
        {
            ChangeDecision.Applied => VersionStatus.Current,
            ChangeDecision.HeldForReview => VersionStatus.PendingReview,
            _ => VersionStatus.Rejected,
        }, dataset.Versions[0].Status);
        Assert.Equal(expected == ChangeDecision.Applied ? 2 : 1, dataset.CurrentVersion);
    }

    [Fact]
    public void The_table_covers_every_change_kind_and_every_severity_rule_outcome()
    {
        Assert.Equal(Enum.GetValues<ChangeKind>().Order(), Cases.Values.Select(c => c.Kind).Distinct().Order());
        // Every (kind, severity) pair the rules can produce has a row.
        var produced = SeverityRules.All.Select(r => (r.Kind, r.Severity)).Distinct();
        Assert.All(produced, pair => Assert.Contains(Cases.Values, c => (c.Kind, c.Severity) == pair));
    }

    [Fact]
    public async Task A_job_without_a_dataset_is_passed_through_untouched()
    {
        var job = TestJobs.Pending();
        Assert.Same(StageOutput.None, await _stage.RunAsync(job, new Progress<double>(), default));
        Assert.Empty(await _catalog.ListAsync(default));
        Assert.Null(await _blobs.GetInfoAsync(StorageKeys.Changes(job.JobId), default));
    }

    [Fact]
    public async Task The_same_data_again_is_a_new_version_with_no_changes_even_when_frozen()
    {
        var tables = Cases["column dropped"].Before;
        await _stage.RunAsync(await LoadAsync(tables), new Progress<double>(), default);
        await _catalog.SetPolicyAsync("orders", ChangePolicy.Freeze, default);
        var again = await LoadAsync(tables);
        Assert.Equal(new StageOutput(DatasetVersion: 2), await _stage.RunAsync(again, new Progress<double>(), default));
        var changes = ChangesDocument.Parse(await ReadAsync(StorageKeys.Changes(again.JobId)));
        Assert.Equal((ChangeDecision.Applied, 0), (changes.Decision, changes.Changes.Count));
        Assert.Equal("no changes", (await _catalog.GetAsync("orders", default))!.Versions[0].ChangeSummary);
    }

    [Fact]
    public async Task A_parquet_upload_is_catalogued_as_one_table_described_from_its_footer()
    {
        var job = TestJobs.Pending(fileName: "Orders.parquet") with { Dataset = "orders" };
        await WriteParquetAsync(job.InputS3Key, ["""{"id":1,"userId":"u1","address":{"city":"Oslo"},"tags":["a"]}""",
            """{"id":2,"userId":null,"address":{"city":null},"tags":[]}"""]);
        Assert.Equal(new StageOutput(DatasetVersion: 1), await _stage.RunAsync(job, new Progress<double>(), default));

        var tables = TablesDocument.Parse(await ReadAsync(StorageKeys.Tables(job.JobId)));
        var table = Assert.Single(tables.Tables);
        Assert.Equal(("orders", 2L, job.InputS3Key), (table.Name, table.RowCount, table.File));
        Assert.Equal(["id INT64 required 0 id", "user_id STRING nullable 1 userId", "address__city STRING nullable 1 address.city", "tags LIST<STRING> required - tags"],
            table.Columns.Select(c => $"{c.Name} {c.Type} {(c.Nullable ? "nullable" : "required")} {c.NullCount?.ToString() ?? "-"} {c.SourcePath}"));
        Assert.Contains(tables.Aliases, a => a.Original == "userId" && a.Name == "user_id");

        // A later file without userId: the drop is sampled from the first file, through the Parquet names.
        var next = TestJobs.Pending(fileName: "Orders.parquet") with { Dataset = "orders" };
        await WriteParquetAsync(next.InputS3Key, ["""{"id":3,"address":{"city":"Rome"},"tags":["b"]}""", """{"id":4,"address":{"city":null},"tags":["c"]}"""]);
        Assert.Equal(new StageOutput(DatasetVersion: 2, Review: "pending"), await _stage.RunAsync(next, new Progress<double>(), default));
        var change = Assert.Single(ChangesDocument.Parse(await ReadAsync(StorageKeys.Changes(next.JobId))).Changes);
        Assert.Equal((ChangeKind.ColumnDropped, "user_id"), (change.Kind, change.Column));
        Assert.Equal(["""{"id":1,"address__city":"Oslo","user_id":"u1"}"""], change.Samples!.Select(s => s.ToJsonString()));
    }

    [Fact]
    public async Task A_load_that_loses_the_race_is_compared_again_with_the_new_current_version()
    {
        var first = await LoadAsync(Cases["column dropped"].Before);
        await _stage.RunAsync(first, new Progress<double>(), default);
        // Another load registers version 2 (the coupon column dropped) between this job's comparison and its write.
        var racing = new RacingCatalog(_catalog, async () =>
        {
            var other = await LoadAsync(Cases["column dropped"].After);
            var held = await new CatalogStage(_blobs, _catalog).RunAsync(other, new Progress<double>(), default);
            Assert.Equal(new StageOutput(DatasetVersion: 2, Review: "pending"), held);
            await _catalog.TryDecideAsync("orders", 2, approve: true, default);
        });
        var job = await LoadAsync(Cases["column dropped"].After);
        Assert.Equal(new StageOutput(DatasetVersion: 3), await new CatalogStage(_blobs, racing).RunAsync(job, new Progress<double>(), default));
        var changes = ChangesDocument.Parse(await ReadAsync(StorageKeys.Changes(job.JobId)));
        Assert.Equal((2, 3, ChangeDecision.Applied), (changes.FromVersion!.Value, changes.ToVersion, changes.Decision));
        Assert.Empty(changes.Changes);
    }

    /// <summary>Runs <paramref name="interleave"/> once, just before the first registration attempt.</summary>
    private sealed class RacingCatalog(ICatalog inner, Func<Task> interleave) : ICatalog
    {
        private bool _raced;

        public Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);
        public Task<DatasetRecord?> GetAsync(string name, CancellationToken cancellationToken) => inner.GetAsync(name, cancellationToken);
        public Task<DatasetVersion?> GetVersionAsync(string name, int version, CancellationToken cancellationToken) => inner.GetVersionAsync(name, version, cancellationToken);
        public Task<DatasetRecord?> SetPolicyAsync(string name, ChangePolicy policy, CancellationToken cancellationToken) => inner.SetPolicyAsync(name, policy, cancellationToken);
        public Task<bool> TryDecideAsync(string name, int version, bool approve, CancellationToken cancellationToken) => inner.TryDecideAsync(name, version, approve, cancellationToken);
        public Task<bool> TryRollbackAsync(string name, int version, CancellationToken cancellationToken) => inner.TryRollbackAsync(name, version, cancellationToken);

        public async Task<int?> TryAddVersionAsync(string name, int? expectedCurrent, VersionCandidate candidate, CancellationToken cancellationToken)
        {
            if (!_raced)
            {
                _raced = true;
                await interleave();
            }

            return await inner.TryAddVersionAsync(name, expectedCurrent, candidate, cancellationToken);
        }
    }

    // A convert job of the dataset "orders" whose tables are written as the normalizer would: each table's Parquet
    // under output/{jobId}/tables/{table}/, and tables.json describing them.
    private async Task<JobRecord> LoadAsync(Table[] tables)
    {
        var job = TestJobs.Pending(fileName: "orders.json", inputFormat: "json") with { Dataset = "orders" };
        var schemas = new List<TableSchema>();
        foreach (var table in tables)
        {
            var key = StorageKeys.Table(job.JobId, table.Schema.Name);
            await WriteParquetAsync(key, table.Rows);
            schemas.Add(table.Schema with { RowCount = table.Rows.Length, File = key });
        }

        var document = new TablesDocument(schemas, new LayoutRecommendation(TableLayout.Normalized, 0.8, "by hand"), tables[0].Rows.Length, []);
        await _blobs.WriteAsync(StorageKeys.Tables(job.JobId), Encoding.UTF8.GetBytes(document.ToJson()), default);
        return job;
    }

    private async Task WriteParquetAsync(string key, string[] rows)
    {
        using var ndjson = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', rows) + "\n"));
        await _blobs.WriteAsync(key, (output, ct) => Task.Run(() => JsonToParquet.Convert(ndjson, output, null, ct), ct), default);
    }

    private async Task<string> ReadAsync(string key)
    {
        await using var stream = await _blobs.OpenReadAsync(key, default);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }
}
