using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Etl.Adapters.Local.Signing;
using Etl.Adapters.Local.Storage;
using Etl.Core.Pipeline;
using Etl.Core.Storage;
using Etl.Lambda.Roles;

namespace Etl.Lambda.Tests;

/// <summary>
/// Jobs driven through the functions the way the deployed product runs them: upload and trigger through API Gateway
/// events, then the state machine's worker tasks one stage at a time, then status and download.
/// </summary>
public sealed class WorkerTests
{
    private static readonly string[] Roles = [HandlerRoles.Upload, HandlerRoles.Trigger, HandlerRoles.Worker, HandlerRoles.Status, HandlerRoles.Download];

    [Fact]
    public async Task A_Parquet_upload_runs_stage_by_stage_to_COMPLETED_and_its_download_URL_names_the_converted_output()
    {
        await using var product = await Product.StartAsync(null, Roles);
        var parquet = await File.ReadAllBytesAsync(TestFiles.ParquetTesting("alltypes_plain.parquet"));

        var uploaded = await product.UploadAsync("alltypes_plain.parquet", parquet);
        Assert.Equal(201, uploaded.GetProperty("statusCode").GetInt32());
        var jobId = AwsEvents.BodyJson(uploaded).GetProperty("jobId").GetString()!;
        var key = StorageKeys.Upload(jobId, "alltypes_plain.parquet");
        var blobs = new DiskBlobStore(product.Data.Path);
        Assert.Equal(parquet, await ReadAsync(blobs, key));

        var triggered = await product.TriggerAsync(jobId);
        Assert.Equal(202, triggered.GetProperty("statusCode").GetInt32());
        Assert.Equal([jobId], product.Starts.Started);

        foreach (var stage in PipelineDeclaration.Convert.Stages)
        {
            var ran = await product.WorkerAsync(new JsonObject { ["jobId"] = jobId, ["stage"] = stage.Name });
            Assert.False(ran.IsError, ran.Text);
            Assert.Equal("done", ran.Json.GetProperty("outcome").GetString());
            var during = AwsEvents.BodyJson(await product.StatusAsync(jobId));
            Assert.Equal("RUNNING", during.GetProperty("status").GetString());
            Assert.Equal(stage.Name, during.GetProperty("stage").GetString());
        }

        var completed = await product.WorkerAsync(new JsonObject { ["jobId"] = jobId, ["action"] = "complete" });
        Assert.Equal("done", completed.Json.GetProperty("outcome").GetString());

        var status = AwsEvents.BodyJson(await product.StatusAsync(jobId));
        Assert.Equal("COMPLETED", status.GetProperty("status").GetString());
        Assert.Equal(8, status.GetProperty("rowCount").GetInt64());

        var download = await product.DownloadAsync(jobId);
        Assert.Equal(200, download.GetProperty("statusCode").GetInt32());
        var url = new Uri(AwsEvents.BodyJson(download).GetProperty("downloadUrl").GetString()!);
        var outputKey = string.Join('/', url.AbsolutePath[HmacSignedUrlIssuer.PathPrefix.Length..].Split('/').Select(Uri.UnescapeDataString));
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var signer = new HmacSignedUrlIssuer(SigningSecret.LoadOrCreate(Path.Combine(product.Data.Path, ".etl")), () => url, TimeProvider.System);
        Assert.True(signer.Verify("GET", outputKey, query["expires"], query["name"], query["sig"]).IsValid);
        var lines = System.Text.Encoding.UTF8.GetString(await ReadAsync(blobs, outputKey)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        Assert.All(lines, line => Assert.True(JsonDocument.Parse(line).RootElement.TryGetProperty("id", out _)));

        // A late or repeated task changes nothing.
        var late = await product.WorkerAsync(new JsonObject { ["jobId"] = jobId, ["stage"] = StageNames.Convert });
        Assert.Equal("skipped", late.Json.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task An_agent_job_asked_through_the_agent_role_runs_its_stages_in_the_worker_to_a_validated_project()
    {
        await using var product = await Product.StartAsync(null, [.. Roles, HandlerRoles.Agent]);
        var ndjson = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(1, 12).Select(i =>
            $$"""{"order_id": "A{{i}}", "amount": {{i}}.5, "ordered_at": "2026-02-{{i:00}}T08:00:00Z", "items": [{"sku": "S{{i % 3}}"}]}""")) + "\n");
        var jobId = AwsEvents.BodyJson(await product.UploadAsync("orders.ndjson", ndjson)).GetProperty("jobId").GetString()!;
        var triggered = await product.HttpAsync(HandlerRoles.Trigger, AwsEvents.HttpApiV2Json("POST", "/trigger-job", $$"""{"jobId": "{{jobId}}", "dataset": "orders"}"""));
        Assert.Equal(202, triggered.GetProperty("statusCode").GetInt32());
        foreach (var stage in PipelineDeclaration.Convert.Stages)
        {
            Assert.Equal("done", (await product.WorkerAsync(new JsonObject { ["jobId"] = jobId, ["stage"] = stage.Name })).Json.GetProperty("outcome").GetString());
        }
        await product.WorkerAsync(new JsonObject { ["jobId"] = jobId, ["action"] = "complete" });

        var asked = await product.HttpAsync(HandlerRoles.Agent, AwsEvents.HttpApiV2Json("POST", "/agent-invoke", """{"prompt": "staging models and a daily mart", "dataset": "orders"}"""));
        Assert.Equal(202, asked.GetProperty("statusCode").GetInt32());
        var agentJob = AwsEvents.BodyJson(asked).GetProperty("jobId").GetString()!;
        Assert.Equal([jobId, agentJob], product.Starts.Started);

        foreach (var stage in PipelineDeclaration.Agent.Stages)
        {
            var ran = await product.WorkerAsync(new JsonObject { ["jobId"] = agentJob, ["stage"] = stage.Name });
            Assert.False(ran.IsError, ran.Text);
            Assert.Equal("done", ran.Json.GetProperty("outcome").GetString());
        }
        await product.WorkerAsync(new JsonObject { ["jobId"] = agentJob, ["action"] = "complete" });

        var status = AwsEvents.BodyJson(await product.StatusAsync(agentJob));
        Assert.Equal(("COMPLETED", "agent", "offline"), (status.GetProperty("status").GetString(), status.GetProperty("type").GetString(), status.GetProperty("agent").GetString()));
        var runId = status.GetProperty("runId").GetString()!;
        var log = JsonNode.Parse(System.Text.Encoding.UTF8.GetString(await ReadAsync(new DiskBlobStore(product.Data.Path), $"runs/{runId}/run.json")))!;
        Assert.True(log["validation"]!["passed"]!.GetValue<bool>(), log["validation"]!.ToJsonString());
        Assert.Contains(log["plan"]!["models"]!.AsArray(), m => m!["layer"]!.GetValue<string>() == "marts");
    }

    [Fact]
    public async Task A_binary_multipart_upload_through_a_REST_API_event_stores_the_exact_bytes()
    {
        await using var product = await Product.StartAsync(null, HandlerRoles.Upload);
        var parquet = await File.ReadAllBytesAsync(TestFiles.ParquetTesting("alltypes_dictionary.parquet"));

        var uploaded = await product.UploadAsync("alltypes_dictionary.parquet", parquet, restApi: true);

        Assert.Equal(201, uploaded.GetProperty("statusCode").GetInt32());
        Assert.Contains("/job-status/", uploaded.GetProperty("multiValueHeaders").GetProperty("Location")[0].GetString());
        var jobId = AwsEvents.BodyJson(uploaded).GetProperty("jobId").GetString()!;
        Assert.Equal(parquet, await ReadAsync(new DiskBlobStore(product.Data.Path), StorageKeys.Upload(jobId, "alltypes_dictionary.parquet")));
    }

    [Fact]
    public async Task A_multipart_upload_over_the_function_limit_is_a_413_problem()
    {
        await using var product = await Product.StartAsync(new Dictionary<string, string> { ["ETL_MAX_MULTIPART_BYTES"] = "100" }, HandlerRoles.Upload);

        var uploaded = await product.UploadAsync("alltypes_plain.parquet", await File.ReadAllBytesAsync(TestFiles.ParquetTesting("alltypes_plain.parquet")));

        Assert.Equal(413, uploaded.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/problem+json", uploaded.GetProperty("headers").GetProperty("Content-Type").GetString());
    }

    [Fact]
    public async Task The_worker_logs_JSON_lines_with_request_job_and_stage_and_one_metric_line_per_stage()
    {
        await using var product = await Product.StartAsync(null, Roles);
        var uploaded = await product.UploadAsync("alltypes_plain.parquet", await File.ReadAllBytesAsync(TestFiles.ParquetTesting("alltypes_plain.parquet")));
        var jobId = AwsEvents.BodyJson(uploaded).GetProperty("jobId").GetString()!;
        await product.TriggerAsync(jobId);
        var requests = new List<string>();
        foreach (var stage in PipelineDeclaration.Convert.Stages)
        {
            requests.Add((await product.WorkerAsync(new JsonObject { ["jobId"] = jobId, ["stage"] = stage.Name })).RequestId);
        }

        var lines = product[HandlerRoles.Worker].Log.Objects;
        var metrics = lines.Where(l => l.TryGetProperty("_aws", out _)).ToList();
        Assert.Equal(PipelineDeclaration.Convert.Stages.Select(s => s.Name), metrics.Select(m => m.GetProperty("Stage").GetString()));
        for (var i = 0; i < metrics.Count; i++)
        {
            var metric = metrics[i];
            Assert.Equal(requests[i], metric.GetProperty("requestId").GetString());
            Assert.Equal(jobId, metric.GetProperty("jobId").GetString());
            Assert.True(metric.GetProperty("StageDuration").GetDouble() >= 0);
            var directive = metric.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
            Assert.Equal("AgenticEtl", directive.GetProperty("Namespace").GetString());
            Assert.Equal("Stage", directive.GetProperty("Dimensions")[0][0].GetString());
            Assert.Equal("StageDuration", directive.GetProperty("Metrics")[0].GetProperty("Name").GetString());
            Assert.Equal("Milliseconds", directive.GetProperty("Metrics")[0].GetProperty("Unit").GetString());
            Assert.True(metric.GetProperty("_aws").GetProperty("Timestamp").GetInt64() > 0);
        }

        Assert.All(lines, line =>
        {
            Assert.True(line.TryGetProperty("timestamp", out _));
            Assert.True(line.TryGetProperty("level", out _));
            Assert.True(line.TryGetProperty("message", out _));
        });
    }

    [Fact]
    public async Task A_broken_file_fails_its_stage_with_a_named_error_and_the_Catch_payload_marks_the_job_FAILED()
    {
        await using var product = await Product.StartAsync(null, Roles);
        byte[] broken = [.. "PAR1"u8, .. Enumerable.Repeat((byte)0x5A, 200), .. "PAR1"u8];
        var uploaded = await product.UploadAsync("broken.parquet", broken);
        Assert.Equal(201, uploaded.GetProperty("statusCode").GetInt32());
        var jobId = AwsEvents.BodyJson(uploaded).GetProperty("jobId").GetString()!;
        await product.TriggerAsync(jobId);

        var failed = await product.WorkerAsync(new JsonObject { ["jobId"] = jobId, ["stage"] = StageNames.Validate });

        Assert.True(failed.IsError);
        Assert.Equal("InvalidParquet", failed.ErrorType);
        Assert.DoesNotContain(failed.ErrorType, RetryPolicy.TransientOnly.RetryOn);
        var message = failed.Json.GetProperty("errorMessage").GetString()!;

        // What Step Functions hands the Catch's next state: {"Error": errorType, "Cause": the error document as a string}.
        var template = await File.ReadAllTextAsync(TestFiles.In("aws-events", "stepfunctions-error-template.json"));
        var caught = template
            .Replace("{{{error}}}", JsonEncodedText.Encode(failed.ErrorType!, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(), StringComparison.Ordinal)
            .Replace("{{{cause}}}", JsonEncodedText.Encode(failed.Text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(), StringComparison.Ordinal);
        var fail = await product.WorkerAsync(new JsonObject { ["jobId"] = jobId, ["action"] = "fail", ["error"] = JsonNode.Parse(caught) });
        Assert.False(fail.IsError, fail.Text);
        Assert.Equal("done", fail.Json.GetProperty("outcome").GetString());

        var status = AwsEvents.BodyJson(await product.StatusAsync(jobId));
        Assert.Equal("FAILED", status.GetProperty("status").GetString());
        Assert.Equal("InvalidParquet", status.GetProperty("errorType").GetString());
        Assert.Equal(message, status.GetProperty("errorMessage").GetString());
        Assert.Equal(broken, await ReadAsync(new DiskBlobStore(product.Data.Path), StorageKeys.Upload(jobId, "broken.parquet")));
    }

    [Fact]
    public async Task A_state_machine_error_without_our_document_is_recorded_under_its_own_name()
    {
        await using var product = await Product.StartAsync(null, Roles);
        var uploaded = await product.UploadAsync("alltypes_plain.parquet", await File.ReadAllBytesAsync(TestFiles.ParquetTesting("alltypes_plain.parquet")));
        var jobId = AwsEvents.BodyJson(uploaded).GetProperty("jobId").GetString()!;
        await product.TriggerAsync(jobId);

        await product.WorkerAsync(new JsonObject
        {
            ["jobId"] = jobId,
            ["action"] = "fail",
            ["error"] = new JsonObject { ["Error"] = "States.Timeout", ["Cause"] = "The task timed out." },
        });

        var status = AwsEvents.BodyJson(await product.StatusAsync(jobId));
        Assert.Equal("FAILED", status.GetProperty("status").GetString());
        Assert.Equal("States.Timeout", status.GetProperty("errorType").GetString());
        Assert.Contains("The task timed out.", status.GetProperty("errorMessage").GetString());
    }

    [Theory]
    [InlineData("{\"stage\":\"validate\"}")]
    [InlineData("{\"jobId\":\"x\"}")]
    [InlineData("{\"jobId\":\"x\",\"stage\":\"validate\",\"action\":\"complete\"}")]
    [InlineData("{\"jobId\":\"x\",\"action\":\"restart\"}")]
    [InlineData("{\"jobId\":\"x\",\"stage\":\"compress\"}")]
    [InlineData("[1,2]")]
    public async Task A_payload_that_is_not_a_worker_task_is_the_error_InvalidWorkerPayload(string payload)
    {
        using var data = new TempDirectory();
        await using var worker = await LambdaFunction.StartAsync(HandlerRoles.Worker, data.Path);

        var outcome = await worker.InvokeAsync(payload);

        Assert.True(outcome.IsError);
        Assert.Equal("InvalidWorkerPayload", outcome.ErrorType);
    }

    private static async Task<byte[]> ReadAsync(IBlobStore blobs, string key)
    {
        await using var stream = await blobs.OpenReadAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
