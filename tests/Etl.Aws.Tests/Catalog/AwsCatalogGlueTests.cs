using System.Text.Json.Nodes;
using Etl.Aws.Catalog;
using Etl.Aws.Configuration;
using Etl.Aws.Jobs;
using Etl.Aws.Storage;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Changes;
using Etl.Core.Datasets.Ddl;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Pipeline.Stages;
using Etl.Core.Storage;
using Etl.Core.Tests.Fakes;
using static Etl.Core.Tests.Datasets.Schemas;

namespace Etl.Aws.Tests.Catalog;

/// <summary>
/// What the AWS catalog writes to the Glue Data Catalog (a fake Glue that checks Glue's request shapes and semantics,
/// every request's signature checked with an independent signer), what happens when Glue fails after DynamoDB committed,
/// and that the catalog's items stay out of the jobs table's listings.
/// </summary>
[Collection(AwsCollection.Name)]
public sealed class AwsCatalogGlueTests(AwsEmulators aws) : IDisposable
{
    private const string Db = AwsCatalogRig.Database;
    private readonly AwsCatalogRig _rig = new(aws);

    private static TablesDocument Tables(params TableSchema[] tables) =>
        new(tables, new LayoutRecommendation(TableLayout.Normalized, 0.9, "nested arrays"), tables[0].RowCount, []);

    private static VersionCandidate Candidate(string jobId, TablesDocument tables, ChangeDecision decision = ChangeDecision.Applied, IReadOnlyList<SchemaChange>? changes = null) =>
        new(jobId, tables, changes ?? [], decision);

    private static TableSchema OrdersTable(string jobId, params ColumnSchema[] extra) =>
        new TableSchema("orders", null, ["id"], new NaturalKey(["id"], 0.95, "unique, non-null, named id"), [],
            [Col("id", ColumnType.Int64, nullable: false, nullCount: 0), Col("amount", ColumnType.Decimal(10, 2)), Col("placed", ColumnType.Timestamp),
                Col("tags", ColumnType.ListOf(ColumnType.String)), .. extra])
        { RowCount = 12, File = StorageKeys.Table(jobId, "orders") };

    private static TableSchema ItemsTable(string jobId) =>
        new TableSchema("orders__items", "orders", ["_etl_key"], null, [new ForeignKey(["_etl_parent_key"], new KeyReference("orders", ["_etl_key"]))],
            [Col("_etl_key", ColumnType.String, nullable: false) with { SourcePath = "" }, Col("_etl_parent_key", ColumnType.String, nullable: false) with { SourcePath = "" },
                Col("items__sku", ColumnType.String)])
        { RowCount = 30, File = StorageKeys.Table(jobId, "orders__items") };

    private JsonObject GlueTable(string name) => _rig.Glue.Table(Db, name) ?? throw new Xunit.Sdk.XunitException($"Glue has no table {Db}.{name}");

    private static string Parameter(JsonObject table, string name) => table["Parameters"]![name]!.GetValue<string>();

    [Fact]
    public async Task An_applied_version_becomes_one_glue_table_per_table_as_its_ddl_declares_it()
    {
        var catalog = _rig.Open();
        var job = JobIds.New();
        var tables = Tables(OrdersTable(job), ItemsTable(job));
        Assert.Equal(1, await catalog.TryAddVersionAsync("orders", null, Candidate(job, tables), default));

        Assert.Equal(["orders", "orders__items"], _rig.Glue.TableNames(Db));
        var blobs = _rig.Blobs();
        var ddl = DdlScript.Write(tables, t => blobs.AddressOf(TableFolders.Of(t, job)), "orders");
        foreach (var schema in tables.Tables)
        {
            var table = GlueTable(schema.Name);
            Assert.Equal(("EXTERNAL_TABLE", "1"), (table["TableType"]!.GetValue<string>(), table["VersionId"]!.GetValue<string>()));
            Assert.Equal(("parquet", "SNAPPY", "orders", "1", job), (Parameter(table, "classification"), Parameter(table, "parquet.compression"),
                Parameter(table, "etl.dataset"), Parameter(table, "etl.version"), Parameter(table, "etl.job")));
            Assert.Empty(table["PartitionKeys"]!.AsArray());
            var descriptor = table["StorageDescriptor"]!;
            var location = $"s3://{_rig.Bucket}/output/{job}/tables/{schema.Name}/";
            Assert.Equal(location, descriptor["Location"]!.GetValue<string>());
            Assert.Contains($"LOCATION '{location}'", ddl, StringComparison.Ordinal);
            Assert.Equal("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat", descriptor["InputFormat"]!.GetValue<string>());
            Assert.Equal("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat", descriptor["OutputFormat"]!.GetValue<string>());
            Assert.Equal("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", descriptor["SerdeInfo"]!["SerializationLibrary"]!.GetValue<string>());

            var columns = descriptor["Columns"]!.AsArray();
            Assert.Equal(schema.Columns.Select(c => c.Name), columns.Select(c => c!["Name"]!.GetValue<string>()));
            for (var i = 0; i < columns.Count; i++)
            {
                var type = HiveTypes.Of(schema.Columns[i].Type);
                Assert.Equal(type.ToLowerInvariant(), columns[i]!["Type"]!.GetValue<string>());
                // The DDL's line for the column: the same type and comment.
                var comment = columns[i]!["Comment"]!.GetValue<string>();
                var literal = comment.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
                Assert.Contains($"`{schema.Columns[i].Name}` {type} COMMENT '{literal}'", ddl, StringComparison.Ordinal);
            }

            Assert.StartsWith(schema.Name + ": ", table["Description"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(["decimal(10,2)", "timestamp", "array<string>"],
            GlueTable("orders")["StorageDescriptor"]!["Columns"]!.AsArray().Skip(1).Take(3).Select(c => c!["Type"]!.GetValue<string>()));
        Assert.Equal("source: items.sku", GlueTable("orders__items")["StorageDescriptor"]!["Columns"]![2]!["Comment"]!.GetValue<string>());
        Assert.Empty(_rig.Glue.Violations);
        _rig.Glue.AssertSigned(AwsEmulators.Region);
    }

    [Fact]
    public async Task Every_change_of_the_current_version_rewrites_the_glue_tables_and_glue_keeps_the_previous_definitions()
    {
        var catalog = _rig.Open();
        var (j1, j2, j3) = (JobIds.New(), JobIds.New(), JobIds.New());
        await catalog.TryAddVersionAsync("orders", null, Candidate(j1, Tables(OrdersTable(j1))), default);
        await catalog.TryAddVersionAsync("orders", 1, Candidate(j2, Tables(OrdersTable(j2, Col("note", ColumnType.String)), ItemsTable(j2))), default);
        Assert.Equal(("2", "2"), (GlueTable("orders")["VersionId"]!.GetValue<string>(), Parameter(GlueTable("orders"), "etl.version")));
        Assert.Equal($"s3://{_rig.Bucket}/output/{j2}/tables/orders/", GlueTable("orders")["StorageDescriptor"]!["Location"]!.GetValue<string>());
        Assert.Contains("note", GlueTable("orders")["StorageDescriptor"]!["Columns"]!.AsArray().Select(c => c!["Name"]!.GetValue<string>()));

        var versions = await _rig.GlueClient().GetTableVersionsAsync("orders", default);
        Assert.Equal(["2", "1"], versions.Select(v => v.VersionId));
        Assert.Equal(j1, versions[1].Parameters["etl.job"]);

        // Held for review: Glue keeps showing the current version.
        var dropped = ChangeClassifier.Diff(Tables(OrdersTable(j2, Col("note", ColumnType.String))).Tables, Tables(OrdersTable(j3)).Tables);
        Assert.Equal(3, await catalog.TryAddVersionAsync("orders", 2, Candidate(j3, Tables(OrdersTable(j3)), ChangeDecision.HeldForReview, dropped), default));
        Assert.Equal("2", Parameter(GlueTable("orders"), "etl.version"));

        Assert.True(await catalog.TryDecideAsync("orders", 3, approve: true, default));
        Assert.Equal(("3", "3"), (Parameter(GlueTable("orders"), "etl.version"), GlueTable("orders")["VersionId"]!.GetValue<string>()));
        // Version 3 has no orders__items: Glue no longer shows it.
        Assert.Equal(["orders"], _rig.Glue.TableNames(Db));

        Assert.True(await catalog.TryRollbackAsync("orders", 2, default));
        Assert.Equal(("2", j2), (Parameter(GlueTable("orders"), "etl.version"), Parameter(GlueTable("orders"), "etl.job")));
        Assert.Equal(["orders", "orders__items"], _rig.Glue.TableNames(Db));
        Assert.Equal(4, (await _rig.GlueClient().GetTableVersionsAsync("orders", default)).Count);
        Assert.False(await catalog.GlueLagsAsync("orders", default));

        // Nothing lags: publishing again asks Glue nothing.
        var before = _rig.Glue.Operations.Count;
        await catalog.EnsurePublishedAsync("orders", default);
        Assert.Equal(before, _rig.Glue.Operations.Count);
        Assert.Empty(_rig.Glue.Violations);
        _rig.Glue.AssertSigned(AwsEmulators.Region);
    }

    [Theory]
    [InlineData(500, "InternalServiceException")]
    [InlineData(400, "ThrottlingException")]
    public async Task Glue_failing_after_dynamodb_committed_leaves_the_version_registered_and_a_retry_converges(int status, string code)
    {
        var catalog = _rig.Open();
        var (j1, j2) = (JobIds.New(), JobIds.New());
        await catalog.TryAddVersionAsync("orders", null, Candidate(j1, Tables(OrdersTable(j1))), default);

        _rig.Glue.FailWith(status, code);
        Assert.Equal(2, await catalog.TryAddVersionAsync("orders", 1, Candidate(j2, Tables(OrdersTable(j2, Col("note", ColumnType.String)))), default));
        // DynamoDB is the truth: the version is current for every client; Glue still shows version 1.
        var other = _rig.Open();
        Assert.Equal(2, (await other.GetAsync("orders", default))!.CurrentVersion);
        Assert.True(await other.GlueLagsAsync("orders", default));
        Assert.Equal("1", Parameter(GlueTable("orders"), "etl.version"));

        var error = await Assert.ThrowsAsync<GluePublishException>(() => other.EnsurePublishedAsync("orders", default));
        Assert.Contains($"Dataset 'orders' is registered, but the Glue Data Catalog (database '{Db}') could not be updated", error.Message, StringComparison.Ordinal);
        Assert.True(StageError.From(error, StageNames.Catalog).IsTransient);

        _rig.Glue.Recover();
        await other.EnsurePublishedAsync("orders", default);
        Assert.Equal(("2", j2), (Parameter(GlueTable("orders"), "etl.version"), Parameter(GlueTable("orders"), "etl.job")));
        Assert.False(await catalog.GlueLagsAsync("orders", default));
        Assert.Empty(_rig.Glue.Violations);
    }

    [Fact]
    public async Task A_catalog_stage_retried_after_a_glue_outage_finds_its_version_and_publishes_it()
    {
        var blobs = _rig.Blobs();
        var catalog = _rig.Open();
        var job = TestJobs.Pending() with { Dataset = "alltypes", Status = JobStatus.Running };
        await using (var file = File.OpenRead(TestFiles.ParquetTesting("alltypes_plain.parquet")))
        {
            await blobs.WriteAsync(job.InputS3Key, file, default);
        }

        var stage = new CatalogStage(blobs, catalog);
        _rig.Glue.FailWith(500, "InternalServiceException");
        var failure = await Assert.ThrowsAsync<GluePublishException>(() => stage.RunAsync(job, new Progress<double>(), default));
        Assert.True(StageError.From(failure, StageNames.Catalog).IsTransient);
        Assert.Equal(1, (await catalog.GetAsync("alltypes", default))!.CurrentVersion);
        Assert.Null(_rig.Glue.Table(Db, "alltypes"));

        _rig.Glue.Recover();
        var output = await stage.RunAsync(job, new Progress<double>(), default);
        Assert.Equal(1, output.DatasetVersion);
        Assert.Single((await catalog.GetAsync("alltypes", default))!.Versions);
        var table = GlueTable("alltypes");
        Assert.Equal(("1", job.JobId), (Parameter(table, "etl.version"), Parameter(table, "etl.job")));
        Assert.Equal($"s3://{_rig.Bucket}/uploads/{job.JobId}/", table["StorageDescriptor"]!["Location"]!.GetValue<string>());
        Assert.Equal(11, table["StorageDescriptor"]!["Columns"]!.AsArray().Count);
        Assert.Empty(_rig.Glue.Violations);
    }

    [Fact]
    public async Task A_glue_table_that_is_not_the_datasets_is_never_overwritten()
    {
        _rig.Glue.AddForeignTable(Db, "orders");
        var catalog = _rig.Open();
        var job = JobIds.New();
        Assert.Equal(1, await catalog.TryAddVersionAsync("orders", null, Candidate(job, Tables(OrdersTable(job))), default));

        var error = await Assert.ThrowsAsync<GlueTableConflictException>(() => catalog.EnsurePublishedAsync("orders", default));
        Assert.Contains($"The Glue table '{Db}.orders' was not created by this product", error.Message, StringComparison.Ordinal);
        Assert.Null(GlueTable("orders")["Parameters"]);
        Assert.Equal(1, (await catalog.GetAsync("orders", default))!.CurrentVersion);
    }

    [Fact]
    public async Task The_catalogs_items_stay_out_of_the_job_listings()
    {
        var jobs = new DynamoDbJobStore(_rig.Dynamo(), _rig.Table);
        var job = TestJobs.Pending();
        await jobs.CreateAsync(job, default);
        var catalog = _rig.Open();
        var (j1, j2) = (JobIds.New(), JobIds.New());
        await catalog.TryAddVersionAsync("orders", null, Candidate(j1, Tables(OrdersTable(j1))), default);
        await catalog.TryAddVersionAsync("orders", 1, Candidate(j2, Tables(OrdersTable(j2)), ChangeDecision.HeldForReview), default);

        Assert.Equal([job.JobId], (await jobs.ListAsync(new JobQuery(Limit: 50), default)).Jobs.Select(j => j.JobId));
        Assert.Equal([job.JobId], (await jobs.ListAsync(new JobQuery(Limit: 50, Status: JobStatus.Pending), default)).Jobs.Select(j => j.JobId));
        Assert.Equal([job.JobId], (await jobs.ListAsync(new JobQuery(Limit: 1), default)).Jobs.Select(j => j.JobId));
    }

    [Fact]
    public async Task A_dataset_whose_item_is_full_is_refused_clearly_and_not_as_a_transient_error()
    {
        var catalog = _rig.Open();
        var job = JobIds.New();
        await catalog.TryAddVersionAsync("orders", null, Candidate(job, Tables(OrdersTable(job))), default);
        // A long history of rejected versions, written straight into the item: as many as fit (each smaller than a real one).
        using var dynamo = _rig.Dynamo();
        var original = (await dynamo.GetItemAsync(_rig.Table, new() { ["jobId"] = new("dataset#orders") })).Item;
        async Task<bool> FitsAsync(int count)
        {
            var item = new Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>(original);
            var versions = new Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue>(original["versions"].M);
            for (var n = 2; n <= count; n++)
            {
                versions[n.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new()
                {
                    M = new()
                    {
                        ["job"] = new(JobIds.New()), ["createdAt"] = new("2026-12-07T20:00:00.0000000Z"), ["status"] = new("rejected"),
                        ["summary"] = new("x"), ["writeId"] = new(Guid.NewGuid().ToString("N")),
                    },
                };
            }

            item["versions"] = new() { M = versions };
            item["latest"] = new() { N = count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            try
            {
                await dynamo.PutItemAsync(_rig.Table, item);
                return true;
            }
            catch (Amazon.DynamoDBv2.AmazonDynamoDBException e) when (e.ErrorCode == "ValidationException")
            {
                return false;
            }
        }

        var (fits, fails) = (1000, 4000);
        Assert.True(await FitsAsync(fits));
        Assert.False(await FitsAsync(fails));
        while (fails - fits > 1)
        {
            var middle = (fits + fails) / 2;
            if (await FitsAsync(middle)) fits = middle;
            else fails = middle;
        }

        Assert.True(await FitsAsync(fits));

        var next = JobIds.New();
        var error = await Assert.ThrowsAsync<DatasetHistoryFullException>(() => catalog.TryAddVersionAsync("orders", 1, Candidate(next, Tables(OrdersTable(next))), default));
        Assert.Contains("Dataset 'orders' has as many versions as the catalog's DynamoDB item can hold", error.Message, StringComparison.Ordinal);
        Assert.False(StageError.From(error, StageNames.Catalog).IsTransient);
        Assert.Equal(fits, (await catalog.GetAsync("orders", default))!.Versions.Count);
    }

    [Fact]
    public void The_start_up_check_names_a_missing_glue_database()
    {
        var settings = aws.Settings(S3Buckets.Single(_rig.Bucket)) with
        {
            JobsTable = _rig.Table, GlueEndpoint = _rig.Glue.Endpoint, CatalogDatabase = "missing_db",
        };
        using var ports = AwsPorts.Create(settings, AwsEmulators.Credentials);
        var error = Assert.Throws<AwsSettingsException>(ports.Check);
        Assert.Contains("The Glue database 'missing_db' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("ETL_CATALOG_DATABASE", error.Message, StringComparison.Ordinal);

        using var good = AwsPorts.Create(settings with { CatalogDatabase = Db }, AwsEmulators.Credentials);
        good.Check();
        Assert.NotNull(good.Catalog);
        using var without = AwsPorts.Create(settings with { CatalogDatabase = null }, AwsEmulators.Credentials);
        Assert.Null(without.Catalog);
    }

    public void Dispose() => _rig.Dispose();
}
