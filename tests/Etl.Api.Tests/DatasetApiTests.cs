using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Etl.Api.Tests;

/// <summary>
/// Datasets on the real host over Kestrel: files loaded into a dataset become versions, a breaking change is held,
/// approve, reject and rollback move the current version once, a frozen dataset fails the job, and every wrong request
/// is a 4xx that says what to do.
/// </summary>
[Collection(LocalHostCollection.Name)]
public class DatasetApiTests(LocalHostFixture host)
{
    private static string NewName() => "orders_" + Guid.NewGuid().ToString("N")[..8];

    private static byte[] Ndjson(params string[] rows) => Encoding.UTF8.GetBytes(string.Join('\n', rows) + "\n");

    private static readonly byte[] First = Ndjson(
        """{"id":1,"amount":10.5,"coupon":"X10"}""", """{"id":2,"amount":3.25,"coupon":null}""", """{"id":3,"amount":7,"coupon":"Y20"}""");

    private static readonly byte[] CouponDropped = Ndjson("""{"id":4,"amount":1.5}""", """{"id":5,"amount":2.5}""");

    private static readonly byte[] AmountDropped = Ndjson("""{"id":6,"coupon":"Z"}""", """{"id":7,"coupon":null}""");

    private async Task<JsonObject> LoadAsync(byte[] content, string dataset, string fileName = "orders.ndjson")
    {
        var jobId = await host.Client.UploadAsync(content, fileName);
        using var trigger = await host.Client.Http.PostAsJsonAsync("/trigger-job", new { jobId, dataset });
        await EtlClient.ReadAsync(trigger, HttpStatusCode.Accepted);
        return await host.Client.WaitAsync(jobId);
    }

    private async Task<JsonObject> GetAsync(string path)
    {
        using var response = await host.Client.Http.GetAsync(path);
        return await EtlClient.ReadAsync(response, HttpStatusCode.OK);
    }

    private Task<HttpResponseMessage> PostAsync(string path, object? body = null) =>
        body is null ? host.Client.Http.PostAsync(path, null) : host.Client.Http.PostAsJsonAsync(path, body);

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private static List<(int, string)> Versions(JsonObject dataset) =>
        [.. dataset["versions"]!.AsArray().Select(v => (v!["version"]!.GetValue<int>(), Text(v["status"])))];

    [Fact]
    public async Task Loads_become_versions_that_are_held_approved_rejected_rolled_back_and_frozen_over_the_api()
    {
        var name = NewName();

        // Version 1: the first load is applied.
        var first = await LoadAsync(First, name);
        Assert.Equal(("COMPLETED", name, 1), (Text(first["status"]), Text(first["dataset"]), first["datasetVersion"]!.GetValue<int>()));
        Assert.Null(first["review"]);
        var listed = (await GetAsync("/datasets"))["datasets"]!.AsArray().Single(d => Text(d!["name"]) == name)!;
        Assert.Equal((1, "evolve"), (listed["currentVersion"]!.GetValue<int>(), Text(listed["policy"])));
        Assert.Equal([name], listed["tables"]!.AsArray().Select(Text));

        // Version 2 drops a column: breaking, so evolve holds it and the job completes with review pending.
        var second = await LoadAsync(CouponDropped, name);
        Assert.Equal(("COMPLETED", 2, "pending"), (Text(second["status"]), second["datasetVersion"]!.GetValue<int>(), Text(second["review"])));
        var dataset = await GetAsync($"/datasets/{name}");
        Assert.Equal(1, dataset["currentVersion"]!.GetValue<int>());
        Assert.Equal([(2, "pending-review"), (1, "current")], Versions(dataset));
        Assert.Equal("1 change: 1 breaking", Text(dataset["versions"]![0]!["changeSummary"]));
        Assert.Equal(Text(second["jobId"]), Text(dataset["versions"]![0]!["jobId"]));

        var version = await GetAsync($"/datasets/{name}/versions/2");
        Assert.Equal((name, 2, "pending-review", 1, "held-for-review"),
            (Text(version["dataset"]), version["version"]!.GetValue<int>(), Text(version["status"]), version["fromVersion"]!.GetValue<int>(), Text(version["decision"])));
        var change = version["changes"]!.AsArray().Single()!;
        Assert.Equal(("column_dropped", name, "coupon", "breaking"), (Text(change["kind"]), Text(change["table"]), Text(change["column"]), Text(change["severity"])));
        // The rows of version 1 that had the dropped column, with the columns that find them.
        Assert.Equal(["""{"id":1,"amount":10.5,"coupon":"X10"}""", """{"id":3,"amount":7,"coupon":"Y20"}"""],
            change["samples"]!.AsArray().Select(s => s!.ToJsonString()));
        var table = version["tables"]!.AsArray().Single()!;
        Assert.Equal((name, 2), (Text(table["name"]), table["rowCount"]!.GetValue<int>()));
        Assert.Equal(["id", "amount"], table["columns"]!.AsArray().Select(c => Text(c!["name"])));
        Assert.NotNull(version["recommendation"]);

        // The job's artifacts are the same documents.
        var changes = JsonNode.Parse(await host.Client.DownloadAsync(Text(second["jobId"]), "changes"))!;
        Assert.Equal((2, "held-for-review"), (changes["toVersion"]!.GetValue<int>(), Text(changes["decision"])));
        var tables = JsonNode.Parse(await host.Client.DownloadAsync(Text(second["jobId"]), "tables"))!;
        Assert.Equal(name, Text(tables["tables"]![0]!["name"]));

        // Approve once: version 2 is current and its job says approved; a second approve or a reject is a 409.
        using (var approved = await PostAsync($"/datasets/{name}/versions/2/approve"))
        {
            var body = await EtlClient.ReadAsync(approved, HttpStatusCode.OK);
            Assert.Equal([(2, "current"), (1, "previous")], Versions(body));
        }

        Assert.Equal("approved", Text((await host.Client.StatusAsync(Text(second["jobId"])))["review"]));
        using (var again = await PostAsync($"/datasets/{name}/versions/2/approve"))
        {
            Assert.Contains("current, not pending-review", await EtlClient.ProblemAsync(again, HttpStatusCode.Conflict));
        }

        using (var late = await PostAsync($"/datasets/{name}/versions/2/reject"))
        {
            await EtlClient.ProblemAsync(late, HttpStatusCode.Conflict);
        }

        // Version 3 drops another column, is held, and is rejected: kept for the record, never current.
        var third = await LoadAsync(AmountDropped, name);
        Assert.Equal((3, "pending"), (third["datasetVersion"]!.GetValue<int>(), Text(third["review"])));
        using (var rejected = await PostAsync($"/datasets/{name}/versions/3/reject"))
        {
            var body = await EtlClient.ReadAsync(rejected, HttpStatusCode.OK);
            Assert.Equal(2, body["currentVersion"]!.GetValue<int>());
            Assert.Equal([(3, "rejected"), (2, "current"), (1, "previous")], Versions(body));
        }

        Assert.Equal("rejected", Text((await host.Client.StatusAsync(Text(third["jobId"])))["review"]));

        // Rollback: never to a rejected or unknown version; to version 1, which becomes current again with history kept.
        using (var toRejected = await PostAsync($"/datasets/{name}/rollback", new { version = 3 }))
        {
            Assert.Contains("rejected", await EtlClient.ProblemAsync(toRejected, HttpStatusCode.Conflict));
        }

        using (var toUnknown = await PostAsync($"/datasets/{name}/rollback", new { version = 9 }))
        {
            Assert.Contains("no version 9", await EtlClient.ProblemAsync(toUnknown, HttpStatusCode.NotFound));
        }

        using (var rolledBack = await PostAsync($"/datasets/{name}/rollback", new { version = 1 }))
        {
            var body = await EtlClient.ReadAsync(rolledBack, HttpStatusCode.OK);
            Assert.Equal(1, body["currentVersion"]!.GetValue<int>());
            Assert.Equal([(3, "rejected"), (2, "previous"), (1, "current")], Versions(body));
        }

        // Frozen: a changed file fails its job with SchemaChangeRejected, and the refused version is kept as rejected.
        using (var frozen = await host.Client.Http.PutAsJsonAsync($"/datasets/{name}/policy", new { mode = "freeze" }))
        {
            Assert.Equal("freeze", Text((await EtlClient.ReadAsync(frozen, HttpStatusCode.OK))["policy"]));
        }

        var refused = await LoadAsync(Ndjson("""{"id":8,"amount":1.5,"coupon":"Q","note":"new column"}"""), name);
        Assert.Equal(("FAILED", "SchemaChangeRejected", "catalog"), (Text(refused["status"]), Text(refused["errorType"]), Text(refused["stage"])));
        Assert.Contains($"dataset '{name}' is frozen", Text(refused["errorMessage"]));
        Assert.Contains("note", Text(refused["errorMessage"]));
        var refusedChanges = JsonNode.Parse(await host.Client.DownloadAsync(Text(refused["jobId"]), "changes"))!;
        Assert.Equal((4, "rejected"), (refusedChanges["toVersion"]!.GetValue<int>(), Text(refusedChanges["decision"])));
        dataset = await GetAsync($"/datasets/{name}");
        Assert.Equal((1, "freeze"), (dataset["currentVersion"]!.GetValue<int>(), Text(dataset["policy"])));
        Assert.Equal([(4, "rejected"), (3, "rejected"), (2, "previous"), (1, "current")], Versions(dataset));

        // The same shape again is still taken by a frozen dataset.
        var same = await LoadAsync(First, name);
        Assert.Equal(("COMPLETED", 5), (Text(same["status"]), same["datasetVersion"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_parquet_upload_loads_into_a_dataset_as_one_table()
    {
        var name = NewName();
        var parquet = await File.ReadAllBytesAsync(TestFiles.ParquetTesting("alltypes_plain.parquet"));
        var done = await LoadAsync(parquet, name, "alltypes.parquet");
        Assert.Equal(("COMPLETED", 1), (Text(done["status"]), done["datasetVersion"]!.GetValue<int>()));
        var version = await GetAsync($"/datasets/{name}/versions/1");
        var table = version["tables"]!.AsArray().Single()!;
        Assert.Equal(8, table["rowCount"]!.GetValue<int>());
        Assert.Contains(table["columns"]!.AsArray(), c => Text(c!["name"]) == "timestamp_col" && Text(c["type"]) == "TIMESTAMP");
        Assert.Equal((null, "applied"), ((int?)version["fromVersion"]?.GetValue<int>(), Text(version["decision"])));
        Assert.Empty(version["changes"]!.AsArray());
    }

    [Fact]
    public async Task Parallel_approvals_decide_a_held_version_once()
    {
        var name = NewName();
        await LoadAsync(First, name);
        await LoadAsync(CouponDropped, name);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync($"/datasets/{name}/versions/2/approve")));
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        foreach (var answer in answers) answer.Dispose();
    }

    public static TheoryData<string, string> BadDatasetNames() => new()
    {
        { "Orders 2024", "orders_2024" },
        { "2024_orders", "_2024_orders" },
        { "_etl_orders", "user_etl_orders" },
        { "orders-eu", "orders_eu" },
        { "", "_empty" },
        // Shortened readably, with a hash of the whole name so two long names stay apart.
        { new string('a', 64), Etl.Core.Datasets.DatasetNames.Suggest(new string('a', 64)) },
    };

    [Theory]
    [MemberData(nameof(BadDatasetNames))]
    public async Task A_bad_dataset_name_is_a_400_that_suggests_a_valid_one_and_leaves_the_job_pending(string bad, string suggestion)
    {
        var jobId = await host.Client.UploadAsync(First, "orders.ndjson");
        using var trigger = await host.Client.Http.PostAsJsonAsync("/trigger-job", new { jobId, dataset = bad });
        var detail = await EtlClient.ProblemAsync(trigger, HttpStatusCode.BadRequest);
        Assert.Contains($"\"{suggestion}\"", detail);
        Assert.Null(Etl.Core.Datasets.DatasetNames.Problem(suggestion));
        Assert.Equal("PENDING", Text((await host.Client.StatusAsync(jobId))["status"]));
    }

    [Fact]
    public async Task Trigger_refuses_wrong_normalize_options_and_formats_for_a_dataset()
    {
        var json = await host.Client.UploadAsync(First, "orders.ndjson");
        var parquet = await host.Client.UploadAsync(await File.ReadAllBytesAsync(TestFiles.ParquetTesting("alltypes_plain.parquet")), "a.parquet");
        async Task<string> RefusedAsync(string body)
        {
            using var response = await host.Client.Http.PostAsync("/trigger-job", new StringContent(body, Encoding.UTF8, "application/json"));
            return await EtlClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        }

        Assert.Contains("normalize must be true or false", await RefusedAsync($$"""{"jobId":"{{json}}","normalize":"yes"}"""));
        Assert.Contains("options must be a JSON object", await RefusedAsync($$"""{"jobId":"{{json}}","options":[1]}"""));
        Assert.Contains("larger than", await RefusedAsync($$$"""{"jobId":"{{{json}}}","options":{"x":"{{{new string('a', 20_000)}}}"}}"""));
        Assert.Contains("dataset must be a string", await RefusedAsync($$"""{"jobId":"{{json}}","dataset":5}"""));
        Assert.Contains("normalization is for JSON", await RefusedAsync($$"""{"jobId":"{{parquet}}","normalize":true}"""));
        Assert.Contains("Parquet is the default for JSON", await RefusedAsync($$"""{"jobId":"{{json}}","dataset":"orders","outputFormat":"ndjson"}"""));
        Assert.Equal("PENDING", Text((await host.Client.StatusAsync(json))["status"]));

        // Accepted: the fields are kept on the job.
        using var accepted = await host.Client.Http.PostAsync("/trigger-job", new StringContent(
            $$$"""{"jobId":"{{{json}}}","normalize":false,"options":{"maxTableNesting":2}}""", Encoding.UTF8, "application/json"));
        await EtlClient.ReadAsync(accepted, HttpStatusCode.Accepted);
        var done = await host.Client.WaitAsync(json);
        Assert.Equal((false, """{"maxTableNesting":2}"""), (done["normalize"]!.GetValue<bool>(), done["options"]!.ToJsonString()));
        Assert.Null(done["dataset"]);
        Assert.Null(done["datasetVersion"]);
    }

    [Fact]
    public async Task Wrong_dataset_requests_are_4xx_problems_that_say_what_to_do()
    {
        var name = NewName();
        await LoadAsync(First, name);

        async Task<string> ProblemAsync(Task<HttpResponseMessage> sending, HttpStatusCode expected)
        {
            using var response = await sending;
            return await EtlClient.ProblemAsync(response, expected);
        }

        var http = host.Client.Http;
        Assert.Contains("GET /datasets", await ProblemAsync(http.GetAsync("/datasets/nothing_here"), HttpStatusCode.NotFound));
        Assert.Contains("No dataset", await ProblemAsync(http.GetAsync("/datasets/nothing_here/versions/1"), HttpStatusCode.NotFound));
        Assert.Contains("no version 7", await ProblemAsync(http.GetAsync($"/datasets/{name}/versions/7"), HttpStatusCode.NotFound));
        Assert.Contains("not a version number", await ProblemAsync(http.GetAsync($"/datasets/{name}/versions/two"), HttpStatusCode.BadRequest));
        Assert.Contains("not a version number", await ProblemAsync(http.PostAsync($"/datasets/{name}/versions/-1/approve", null), HttpStatusCode.BadRequest));
        Assert.Contains("No dataset", await ProblemAsync(http.PostAsync("/datasets/nothing_here/versions/1/approve", null), HttpStatusCode.NotFound));
        Assert.Contains("no version 5", await ProblemAsync(http.PostAsync($"/datasets/{name}/versions/5/reject", null), HttpStatusCode.NotFound));
        Assert.Contains("current, not pending-review", await ProblemAsync(http.PostAsync($"/datasets/{name}/versions/1/approve", null), HttpStatusCode.Conflict));
        Assert.Contains("No dataset", await ProblemAsync(http.PutAsJsonAsync("/datasets/nothing_here/policy", new { mode = "review" }), HttpStatusCode.NotFound));
        Assert.Contains("mode must be", await ProblemAsync(http.PutAsJsonAsync($"/datasets/{name}/policy", new { mode = "lenient" }), HttpStatusCode.BadRequest));
        Assert.Contains("mode must be", await ProblemAsync(http.PutAsJsonAsync($"/datasets/{name}/policy", new { }), HttpStatusCode.BadRequest));
        Assert.Contains("not valid JSON", await ProblemAsync(http.PutAsync($"/datasets/{name}/policy",
            new StringContent("{\"mode\": ", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest));
        Assert.Contains("version must be", await ProblemAsync(http.PostAsJsonAsync($"/datasets/{name}/rollback", new { version = "1" }), HttpStatusCode.BadRequest));
        Assert.Contains("version is required", await ProblemAsync(http.PostAsJsonAsync($"/datasets/{name}/rollback", new { }), HttpStatusCode.BadRequest));
        Assert.Contains("No dataset", await ProblemAsync(http.PostAsJsonAsync("/datasets/nothing_here/rollback", new { version = 1 }), HttpStatusCode.NotFound));
        await ProblemAsync(http.PostAsync($"/datasets/{name}/rollback", new StringContent("version=1", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType);

        // Nothing above changed the dataset.
        var dataset = await GetAsync($"/datasets/{name}");
        Assert.Equal((1, "evolve"), (dataset["currentVersion"]!.GetValue<int>(), Text(dataset["policy"])));
        Assert.Single(dataset["versions"]!.AsArray());
    }
}

/// <summary>A version whose job has not finished cannot be decided yet: the job would overwrite the decision it records.</summary>
public sealed class DatasetDecisionWhileRunningTests
{
    [Fact]
    public async Task Approving_a_version_whose_job_is_still_running_is_a_409_that_decides_nothing()
    {
        // Every stage waits a minute first, so the job stays RUNNING for the whole test (the host is stopped at the end).
        await using var host = await ConfiguredHost.StartAsync(new Dictionary<string, string> { ["ETL_TEST_STAGE_DELAY_MS"] = "60000" });
        var jobId = await host.Client.UploadAsync(Encoding.UTF8.GetBytes("{\"id\":1}\n"), "orders.ndjson");
        (await host.Client.TriggerAsync(jobId)).Dispose();
        Assert.Equal("RUNNING", (await host.Client.StatusAsync(jobId))["status"]!.GetValue<string>());

        // The catalog stage's registration, as it happens at the end of the job: a version held for review.
        var catalog = new Etl.Adapters.Local.Catalog.SqliteCatalog(Path.Combine(host.DataDirectory, ".etl", "jobs.db"));
        var tables = new Etl.Core.Datasets.TablesDocument([], new Etl.Core.Datasets.LayoutRecommendation(Etl.Core.Datasets.TableLayout.Denormalized, 1, "test"), 0, []);
        await catalog.TryAddVersionAsync("orders", null, new(Etl.Core.Jobs.JobIds.New(), tables, [], Etl.Core.Datasets.Changes.ChangeDecision.Applied), default);
        await catalog.TryAddVersionAsync("orders", 1, new(jobId, tables, [], Etl.Core.Datasets.Changes.ChangeDecision.HeldForReview), default);

        using var approve = await host.Client.Http.PostAsync("/datasets/orders/versions/2/approve", null);
        Assert.Contains("still RUNNING", await EtlClient.ProblemAsync(approve, HttpStatusCode.Conflict));
        Assert.Equal(Etl.Core.Datasets.Catalog.VersionStatus.PendingReview, (await catalog.GetAsync("orders", default))!.Versions[0].Status);
    }
}
