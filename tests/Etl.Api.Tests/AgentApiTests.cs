using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Etl.Api.Tests;

/// <summary>
/// The agents over the real host (offline agent, DuckDB validation): POST /agent-invoke to a delivered, validated dbt
/// project; iteration on a previous run; an uploaded project with human edits updated after a schema change, its edits
/// kept and the change shown as a diff; every bad request a 4xx that says what to do.
/// </summary>
[Collection(LocalHostCollection.Name)]
public class AgentApiTests(LocalHostFixture host)
{
    private static string NewName() => "shop_" + Guid.NewGuid().ToString("N")[..8];

    // Ids unique to each call's dataset: other tests' datasets hold orders too, and equal ids would be found as keys between them.
    private static byte[] Orders(int from, int count, bool withChannel = false, string prefix = "O")
    {
        var lines = new StringBuilder();
        for (var i = from; i < from + count; i++)
        {
            // A new column present in some rows only: nullable, so the evolve policy applies it (info).
            var channel = withChannel && i % 2 == 0 ? $", \"channel\": \"{(i % 4 == 0 ? "web" : "store")}\"" : "";
            lines.Append(
                $$"""{"order_id": "{{prefix}}{{i}}", "customer_id": "C{{i % 7}}", "status": "{{(i % 3 == 0 ? "placed" : "shipped")}}", "ordered_at": "2026-03-{{1 + i % 28:00}}T10:00:00Z", "amount": {{i * 1.5}}{{channel}}, "items": [{"sku": "S{{i % 5}}", "quantity": {{1 + i % 3}}}, {"sku": "S{{(i + 1) % 5}}", "quantity": 1}]}""")
                .Append('\n');
        }
        return Encoding.UTF8.GetBytes(lines.ToString());
    }

    private async Task<JsonObject> LoadAsync(byte[] content, string dataset)
    {
        var jobId = await host.Client.UploadAsync(content, "orders.ndjson");
        using var trigger = await host.Client.Http.PostAsJsonAsync("/trigger-job", new { jobId, dataset });
        await EtlClient.ReadAsync(trigger, HttpStatusCode.Accepted);
        var job = await host.Client.WaitAsync(jobId);
        Assert.Equal("COMPLETED", Text(job["status"]));
        return job;
    }

    private async Task<JsonObject> AskAsync(object request)
    {
        using var response = await host.Client.Http.PostAsJsonAsync("/agent-invoke", request);
        var accepted = await EtlClient.ReadAsync(response, HttpStatusCode.Accepted);
        var job = await host.Client.WaitAsync(Text(accepted["jobId"]), TimeSpan.FromSeconds(120));
        Assert.True(Text(job["status"]) == "COMPLETED", job.ToJsonString());
        return job;
    }

    private async Task<JsonObject> RunLogAsync(string jobId) =>
        JsonNode.Parse(await host.Client.DownloadAsync(jobId, "log"))!.AsObject();

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private static Dictionary<string, string> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.Where(e => !e.FullName.EndsWith('/')).ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        });
    }

    private static byte[] Zip(Dictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                using var writer = new StreamWriter(archive.CreateEntry(path).Open());
                writer.Write(content);
            }
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task A_dataset_becomes_a_validated_dbt_project_with_its_plan_log_and_zip()
    {
        var name = NewName();
        await LoadAsync(Orders(1, 40, prefix: name), name);

        var job = await AskAsync(new { prompt = "staging models and a daily revenue mart", dataset = name });

        Assert.Equal(("agent", "offline", "staging models and a daily revenue mart", name, 1), (Text(job["type"]), Text(job["agent"]), Text(job["prompt"]), Text(job["dataset"]), job["datasetVersion"]!.GetValue<int>()));
        Assert.StartsWith("run_", Text(job["runId"]), StringComparison.Ordinal);
        Assert.Equal((0, 0m, 0m), (job["tokens"]!.GetValue<int>(), job["costUsd"]!.GetValue<decimal>(), job["costEstimateUsd"]!.GetValue<decimal>()));
        Assert.Equal(["plan", "generate", "refine", "validate", "deliver"], job["stages"]!.AsArray().Select(s => Text(s!["name"])));

        var files = Unzip(await host.Client.DownloadAsync(Text(job["jobId"]), "dbt"));
        Assert.Contains("dbt_project/dbt_project.yml", files.Keys);
        Assert.Contains($"dbt_project/models/staging/{name}/_{name}__sources.yml", files.Keys);
        Assert.All(files.Where(f => f.Key.Contains("/stg_", StringComparison.Ordinal) && f.Key.EndsWith(".sql", StringComparison.Ordinal)),
            f => Assert.Contains("{{ source(", f.Value, StringComparison.Ordinal));
        Assert.Contains("\"runId\"", files["dbt_project/.agentic-etl.json"], StringComparison.Ordinal);

        var plan = JsonNode.Parse(await host.Client.DownloadAsync(Text(job["jobId"]), "plan"))!;
        Assert.Contains(plan["plan"]!["models"]!.AsArray(), m => Text(m!["layer"]) == "marts");

        var log = await RunLogAsync(Text(job["jobId"]));
        Assert.True(log["validation"]!["passed"]!.GetValue<bool>(), log["validation"]!.ToJsonString());
        Assert.All(log["validation"]!["report"]!["models"]!.AsArray(), m => Assert.True(m!["ran"]!.GetValue<bool>()));
        Assert.NotEmpty(log["validation"]!["report"]!["tests"]!.AsArray());
        Assert.All(log["files"]!.AsArray(), f => Assert.NotEqual("failed", Text(f!["validation"])));
    }

    [Fact]
    public async Task A_new_prompt_on_a_previous_run_builds_on_it()
    {
        var name = NewName();
        await LoadAsync(Orders(1, 30, prefix: name), name);
        var first = await AskAsync(new { prompt = "staging models", dataset = name });

        var next = await AskAsync(new { prompt = "add a customer lifetime value mart", previousJobId = Text(first["jobId"]) });

        var log = await RunLogAsync(Text(next["jobId"]));
        Assert.Equal(["staging models", "add a customer lifetime value mart"], log["prompts"]!.AsArray().Select(Text));
        var models = log["plan"]!["models"]!.AsArray().Select(m => Text(m!["name"])).ToList();
        Assert.Contains(models, m => m.StartsWith("stg_", StringComparison.Ordinal));
        Assert.Contains(models, m => m.Contains("lifetime", StringComparison.Ordinal));
        Assert.StartsWith("previousJobId:", Text(log["update"]!["from"]), StringComparison.Ordinal);
        Assert.Contains("lifetime", Text(log["update"]!["diff"]), StringComparison.Ordinal);
        Assert.True(log["validation"]!["passed"]!.GetValue<bool>());

        // The dataset's runs, newest first, whatever else the server holds (the page's list of runs to update).
        var runs = JsonNode.Parse(await host.Client.Http.GetStringAsync($"/jobs?type=agent&dataset={name}&limit=1"))!;
        Assert.Equal([Text(next["jobId"])], runs["jobs"]!.AsArray().Select(j => Text(j!["jobId"])));
        var rest = JsonNode.Parse(await host.Client.Http.GetStringAsync($"/jobs?type=agent&dataset={name}&limit=5&nextToken={Uri.EscapeDataString(Text(runs["nextToken"]))}"))!;
        Assert.Equal([Text(first["jobId"])], rest["jobs"]!.AsArray().Select(j => Text(j!["jobId"])));
        using (var badType = await host.Client.Http.GetAsync("/jobs?type=backup"))
            Assert.Contains("type must be convert or agent", await EtlClient.ProblemAsync(badType, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using (var badDataset = await host.Client.Http.GetAsync("/jobs?dataset=Not%20A%20Name"))
            await EtlClient.ProblemAsync(badDataset, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_uploaded_project_keeps_its_human_edits_when_regenerated_after_a_schema_change()
    {
        var name = NewName();
        await LoadAsync(Orders(1, 30, prefix: name), name);
        var first = await AskAsync(new { prompt = "staging models", dataset = name });
        var project = Unzip(await host.Client.DownloadAsync(Text(first["jobId"]), "dbt"));

        // The person documents a column by hand and writes a model of their own.
        var modelsYaml = $"dbt_project/models/staging/{name}/_{name}__models.yml";
        var edited = project[modelsYaml].Replace("description: \"STRING from status.\"", "description: \"Where the order is, as the shop reports it.\"", StringComparison.Ordinal);
        Assert.NotEqual(project[modelsYaml], edited);
        project[modelsYaml] = edited;
        project["dbt_project/models/marts/big_orders.sql"] = $"select order_id, amount from {{{{ ref('stg_{name}__{name}') }}}} where amount > 20\n";
        project["dbt_project/models/marts/_big_orders.yml"] =
            "version: 2\n\nmodels:\n  - name: big_orders\n    description: \"Orders over 20, for the weekly review.\"\n    columns:\n      - name: order_id\n        data_tests:\n          - unique\n";
        var uploadId = await host.Client.UploadAsync(Zip(project), "my_project.zip");
        Assert.Equal("zip", Text((await host.Client.StatusAsync(uploadId))["inputFormat"]));

        // The source gains a column.
        var second = await LoadAsync(Orders(31, 30, withChannel: true, prefix: name), name);
        Assert.Equal(2, second["datasetVersion"]!.GetValue<int>());
        Assert.True(second["review"] is null, (await host.Client.Http.GetStringAsync($"/datasets/{name}/versions/2")));

        var update = await AskAsync(new { prompt = "staging models", dataset = name, existingProjectLocation = uploadId });

        var log = await RunLogAsync(Text(update["jobId"]));
        var files = log["files"]!.AsArray().ToDictionary(f => Text(f!["path"]), f => f!);
        Assert.Equal("human", Text(files["models/marts/big_orders.sql"]["origin"]));
        Assert.True(Text(files["models/marts/big_orders.sql"]["validation"]) == "passed", log["validation"]!.ToJsonString());
        Assert.Equal("human", Text(files["models/marts/_big_orders.yml"]["origin"]));
        var yaml = Text(files[$"models/staging/{name}/_{name}__models.yml"]["content"]);
        Assert.Contains("Where the order is, as the shop reports it.", yaml, StringComparison.Ordinal);
        Assert.True(Text(files[$"models/staging/{name}/stg_{name}__{name}.sql"]["content"]).Contains("channel", StringComparison.Ordinal), log["update"]!.ToJsonString() + log["source"]!.ToJsonString());
        var diff = Text(log["update"]!["diff"]);
        Assert.Contains("+        channel", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("big_orders", diff, StringComparison.Ordinal);
        Assert.StartsWith("upload:uploads/", Text(log["update"]!["from"]), StringComparison.Ordinal);
        Assert.True(log["validation"]!["passed"]!.GetValue<bool>(), log["validation"]!.ToJsonString());
    }

    [Fact]
    public async Task Bad_agent_requests_are_4xx_that_say_what_to_do()
    {
        var name = NewName();
        var load = await LoadAsync(Orders(1, 5, prefix: name), name);
        var pendingUpload = await host.Client.UploadAsync(Orders(1, 2), "later.ndjson");
        var jsonUpload = await host.Client.UploadAsync(Orders(1, 2), "data.ndjson");

        async Task<string> Problem(object body, HttpStatusCode status)
        {
            using var response = await host.Client.Http.PostAsJsonAsync("/agent-invoke", body);
            return await EtlClient.ProblemAsync(response, status);
        }

        Assert.Contains("prompt is required", await Problem(new { dataset = name }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("at most 4000", await Problem(new { prompt = new string('x', 4001), dataset = name }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("GET /datasets", await Problem(new { prompt = "p", dataset = "no_such_dataset" }, HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Contains("name one source", await Problem(new { prompt = "p", dataset = name, jobId = Text(load["jobId"]) }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("name a source", await Problem(new { prompt = "p" }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("has no table 'nope'", await Problem(new { prompt = "p", sourceDatabase = name, sourceTables = new[] { "nope" } }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("targetDatabase", await Problem(new { prompt = "p", dataset = name, targetDatabase = "Bad Name!" }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("COMPLETED convert job", await Problem(new { prompt = "p", jobId = pendingUpload }, HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Contains("COMPLETED agent job", await Problem(new { prompt = "p", previousJobId = Text(load["jobId"]) }, HttpStatusCode.Conflict), StringComparison.Ordinal);
        Assert.Contains("not a dbt project zip", await Problem(new { prompt = "p", dataset = name, existingProjectLocation = jsonUpload }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("not both", await Problem(new { prompt = "p", dataset = name, existingProjectLocation = jsonUpload, previousJobId = Text(load["jobId"]) }, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        using (var notJson = new StringContent("{\"prompt\": ", Encoding.UTF8, "application/json"))
        using (var truncated = await host.Client.Http.PostAsync("/agent-invoke", notJson))
        {
            await EtlClient.ProblemAsync(truncated, HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task A_project_zip_is_uploaded_but_never_converted()
    {
        var zipId = await host.Client.UploadAsync(Zip(new() { ["dbt_project.yml"] = "name: x\n" }), "project.zip");
        using (var trigger = await host.Client.TriggerAsync(zipId))
        {
            Assert.Contains("existingProjectLocation", await EtlClient.ProblemAsync(trigger, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        }

        using var notZip = await host.Client.UploadMultipartAsync(Orders(1, 1), "project.zip");
        Assert.Contains("not a zip", await EtlClient.ProblemAsync(notZip, HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_job_carries_a_diagnosis_with_what_to_do()
    {
        var jobId = await host.Client.UploadAsync(Encoding.UTF8.GetBytes("{\"a\": 1}\n{\"a\": 2,,}\n"), "broken.ndjson");
        using var trigger = await host.Client.TriggerAsync(jobId);
        await EtlClient.ReadAsync(trigger, HttpStatusCode.Accepted);

        var job = await host.Client.WaitAsync(jobId);

        Assert.Equal(("FAILED", "input", "fix-input"), (Text(job["status"]), Text(job["errorCategory"]), Text(job["suggestedAction"])));
        Assert.Contains("line 2, column", Text(job["resolution"]), StringComparison.Ordinal);
    }
}
