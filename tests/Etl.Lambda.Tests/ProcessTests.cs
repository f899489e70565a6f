using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Etl.Adapters.Local.Storage;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Changes;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Pipeline.Stages;
using Etl.Core.Storage;
using Etl.Lambda.Roles;

namespace Etl.Lambda.Tests;

/// <summary>The compiled bootstrap as Lambda runs it: a process that finds the Runtime API in its environment.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task The_bootstrap_process_answers_an_API_Gateway_event_through_the_Runtime_API()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var data = new TempDirectory();
        using var process = BootstrapProcess.Start(LambdaFunction.Environment(HandlerRoles.Api, data.Path, api.HostAndPort));

        var outcome = await api.InvokeAsync(AwsEvents.HttpApiV2("GET", "/health").ToJsonString());

        Assert.False(outcome.IsError, outcome.Text);
        Assert.Equal(200, outcome.Json.GetProperty("statusCode").GetInt32());
        Assert.Equal("ok", AwsEvents.BodyJson(outcome.Json).GetProperty("status").GetString());
        Assert.Empty(api.Violations);
        Assert.All(process.Stdout, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
    }

    [Theory]
    [MemberData(nameof(RoleTests.Roles), MemberType = typeof(RoleTests))]
    public async Task Each_HTTP_role_as_a_process_answers_its_own_routes_and_404_on_the_others(string role, string[] own)
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var data = new TempDirectory();
        using var process = BootstrapProcess.Start(LambdaFunction.Environment(role, data.Path, api.HostAndPort));

        foreach (var (group, e, status) in RoleTests.Probes)
        {
            var outcome = await api.InvokeAsync(e().ToJsonString());
            Assert.False(outcome.IsError, outcome.Text);
            var actual = outcome.Json.GetProperty("statusCode").GetInt32();
            var expected = !own.Contains(group) ? 404 : group == "agent" && !BootstrapProcess.IncludesAgents ? 503 : status;
            Assert.True(expected == actual, $"{role}: {group} answered {actual}: {outcome.Text}");
        }
        Assert.Empty(api.Violations);
    }

    [Fact]
    public async Task The_s3_event_process_triggers_the_job_of_an_upload_once()
    {
        using var data = new TempDirectory();
        await using var uploadApi = await FakeRuntimeApi.StartAsync();
        await using var eventApi = await FakeRuntimeApi.StartAsync();
        using var upload = BootstrapProcess.Start(LambdaFunction.Environment(HandlerRoles.Upload, data.Path, uploadApi.HostAndPort));
        using var events = BootstrapProcess.Start(LambdaFunction.Environment(HandlerRoles.S3Event, data.Path, eventApi.HostAndPort,
            new Dictionary<string, string> { ["ETL_AUTO_TRIGGER"] = "true" }));
        var jobId = await RoleProcesses.UploadAsync(uploadApi, "my rows.json", "{\"a\": 1}\n"u8.ToArray(), "application/json");
        var e = AwsEvents.Sample("s3-object-created.json");
        e["Records"]![0]!["s3"]!["object"]!["key"] = $"uploads/{jobId}/my+rows.json";

        var first = await eventApi.InvokeAsync(e.ToJsonString());
        var again = await eventApi.InvokeAsync(e.ToJsonString());

        Assert.False(first.IsError, first.Text);
        Assert.Equal("triggered", first.Json.GetProperty("objects")[0].GetProperty("outcome").GetString());
        Assert.Equal("already triggered", again.Json.GetProperty("objects")[0].GetProperty("outcome").GetString());
        Assert.Empty(uploadApi.Violations);
        Assert.Empty(eventApi.Violations);
    }

    [Fact]
    public async Task A_malformed_JSON_body_gets_the_framework_s_own_words_in_its_problem_not_a_resource_key()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var data = new TempDirectory();
        using var process = BootstrapProcess.Start(LambdaFunction.Environment(HandlerRoles.Trigger, data.Path, api.HostAndPort));

        var outcome = await api.InvokeAsync(AwsEvents.HttpApiV2Json("POST", "/trigger-job", "{\"jobId\": tru}").ToJsonString());

        var response = outcome.Json;
        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("The body is not valid JSON at line 1, position 14: 'tru}' is an invalid JSON literal.",
            AwsEvents.BodyJson(response).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_bootstrap_process_reports_a_bad_configuration_on_init_error_and_exits_1()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var data = new TempDirectory();
        var environment = LambdaFunction.Environment(HandlerRoles.Worker, data.Path, api.HostAndPort);
        environment["ETL_BACKEND"] = "cloud";
        using var process = BootstrapProcess.Start(environment);

        var exitCode = await process.WaitForExitAsync();

        Assert.Equal(1, exitCode);
        var error = await api.InitError;
        Assert.Equal("InvalidConfiguration", error.ErrorType);
        Assert.Contains("ETL_BACKEND=cloud", error.Json.GetProperty("errorMessage").GetString());
        Assert.Empty(api.Violations);
    }

    [Fact]
    public async Task A_job_runs_to_COMPLETED_through_bootstrap_processes_one_per_role()
    {
        using var data = new TempDirectory();
        await using var functions = await RoleProcesses.StartAsync(data.Path, HandlerRoles.Upload, HandlerRoles.Trigger, HandlerRoles.Worker, HandlerRoles.Status);
        var jobId = await functions.UploadAsync("alltypes_plain.parquet", await File.ReadAllBytesAsync(TestFiles.ParquetTesting("alltypes_plain.parquet")), "application/octet-stream");

        var job = await functions.RunToCompletedAsync(jobId, $"{{\"jobId\":\"{jobId}\"}}");

        Assert.Equal(8, job.GetProperty("rowCount").GetInt64());
        functions.AssertNoViolations();

        // The profile the process wrote is the one the core writes in this (JIT, reflection-enabled) process: a
        // published build that trims or serializes differently (NativeAOT) shows up here.
        using var reference = new TempDirectory();
        var referenceBlobs = new DiskBlobStore(reference.Path);
        var inputKey = StorageKeys.Upload(jobId, "alltypes_plain.parquet");
        await referenceBlobs.WriteAsync(inputKey, await File.ReadAllBytesAsync(TestFiles.ParquetTesting("alltypes_plain.parquet")), CancellationToken.None);
        await new ProfileStage(referenceBlobs).RunAsync(new JobRecord
        {
            JobId = jobId,
            FileName = "alltypes_plain.parquet",
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
            InputS3Key = inputKey,
            InputFormat = "parquet",
        }, new Progress<double>(), CancellationToken.None);
        Assert.Equal(
            await File.ReadAllTextAsync(Path.Combine(reference.Path, StorageKeys.Profile(jobId))),
            await File.ReadAllTextAsync(Path.Combine(data.Path, StorageKeys.Profile(jobId))));
    }

    [Fact]
    public async Task A_dataset_job_runs_to_COMPLETED_through_bootstrap_processes_and_the_datasets_role_answers_its_version()
    {
        using var data = new TempDirectory();
        await using var functions = await RoleProcesses.StartAsync(data.Path,
            HandlerRoles.Upload, HandlerRoles.Trigger, HandlerRoles.Worker, HandlerRoles.Status, HandlerRoles.Datasets);
        var jobId = await functions.UploadAsync("orders.json", """
            [{"id": 1, "customer": "Ann", "items": [{"sku": "x", "qty": 2}, {"sku": "y", "qty": 1}]},
             {"id": 2, "customer": "Cy", "items": [{"sku": "z", "qty": 5}]}]
            """u8.ToArray(), "application/json");

        await functions.RunToCompletedAsync(jobId, $"{{\"jobId\":\"{jobId}\",\"dataset\":\"orders\"}}");

        // tables.json and changes.json as the process wrote them read back and write again identically here (JIT), and
        // the profile stage read tables.json to profile each table.
        var tablesJson = await File.ReadAllTextAsync(Path.Combine(data.Path, StorageKeys.Tables(jobId)));
        var tables = TablesDocument.Parse(tablesJson);
        Assert.Equal(["orders", "orders__items"], tables.Tables.Select(t => t.Name));
        Assert.Equal(tablesJson, tables.ToJson());
        var changesJson = await File.ReadAllTextAsync(Path.Combine(data.Path, StorageKeys.Changes(jobId)));
        Assert.Equal(changesJson, ChangesDocument.Parse(changesJson).ToJson());
        var profile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(data.Path, StorageKeys.Profile(jobId))))!;
        Assert.Equal(2, profile["tables"]!.AsArray().Count);

        var version = await functions[HandlerRoles.Datasets].InvokeAsync(AwsEvents.HttpApiV2("GET", "/datasets/orders/versions/1").ToJsonString());
        Assert.Equal(200, version.Json.GetProperty("statusCode").GetInt32());
        var body = JsonNode.Parse(AwsEvents.BodyBytes(version.Json))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(tablesJson)!["tables"], body["tables"]), body.ToJsonString());
        Assert.Equal("applied", body["decision"]!.GetValue<string>());
        functions.AssertNoViolations();
    }

    /// <summary>
    /// One bootstrap process per role, each behind its own fake Runtime API, over one data directory: a job carried
    /// from upload through trigger, every declared stage on the worker, and complete.
    /// </summary>
    private sealed class RoleProcesses : IAsyncDisposable
    {
        private readonly Dictionary<string, (FakeRuntimeApi Api, BootstrapProcess Process)> _functions = [];

        public static async Task<RoleProcesses> StartAsync(string dataDirectory, params string[] roles)
        {
            var processes = new RoleProcesses();
            try
            {
                foreach (var role in roles)
                {
                    var api = await FakeRuntimeApi.StartAsync();
                    processes._functions[role] = (api, BootstrapProcess.Start(LambdaFunction.Environment(role, dataDirectory, api.HostAndPort)));
                }
                return processes;
            }
            catch
            {
                await processes.DisposeAsync();
                throw;
            }
        }

        public FakeRuntimeApi this[string role] => _functions[role].Api;

        /// <summary>POST /upload (multipart, as API Gateway delivers it) to the upload role; the new job's id.</summary>
        public Task<string> UploadAsync(string fileName, byte[] content, string contentType) =>
            UploadAsync(this[HandlerRoles.Upload], fileName, content, contentType);

        /// <summary>POST /upload through <paramref name="uploadRole"/>, the Runtime API of an upload role's process.</summary>
        public static async Task<string> UploadAsync(FakeRuntimeApi uploadRole, string fileName, byte[] content, string contentType)
        {
            using var form = new MultipartFormDataContent("etl-process-boundary");
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(file, "file", fileName);
            var upload = await uploadRole.InvokeAsync(AwsEvents.HttpApiV2("POST", "/upload",
                body: await form.ReadAsByteArrayAsync(), contentType: form.Headers.ContentType!.ToString()).ToJsonString());
            Assert.Equal(201, upload.Json.GetProperty("statusCode").GetInt32());
            return AwsEvents.BodyJson(upload.Json).GetProperty("jobId").GetString()!;
        }

        /// <summary>Triggers the job with <paramref name="triggerBody"/>, runs every declared stage and complete on the worker; the COMPLETED job's status.</summary>
        public async Task<JsonElement> RunToCompletedAsync(string jobId, string triggerBody)
        {
            var trigger = await this[HandlerRoles.Trigger].InvokeAsync(AwsEvents.HttpApiV2Json("POST", "/trigger-job", triggerBody).ToJsonString());
            Assert.Equal(202, trigger.Json.GetProperty("statusCode").GetInt32());
            foreach (var stage in PipelineDeclaration.Convert.Stages)
            {
                var ran = await this[HandlerRoles.Worker].InvokeAsync(new JsonObject { ["jobId"] = jobId, ["stage"] = stage.Name }.ToJsonString());
                Assert.False(ran.IsError, ran.Text);
            }

            var completed = await this[HandlerRoles.Worker].InvokeAsync(new JsonObject { ["jobId"] = jobId, ["action"] = "complete" }.ToJsonString());
            Assert.False(completed.IsError, completed.Text);
            var status = await this[HandlerRoles.Status].InvokeAsync(AwsEvents.HttpApiV2("GET", $"/job-status/{jobId}").ToJsonString());
            var job = AwsEvents.BodyJson(status.Json);
            Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
            return job;
        }

        public void AssertNoViolations() => Assert.All(_functions.Values, f => Assert.Empty(f.Api.Violations));

        public async ValueTask DisposeAsync()
        {
            foreach (var (api, process) in _functions.Values)
            {
                process.Dispose();
                await api.DisposeAsync();
            }
        }
    }
}
