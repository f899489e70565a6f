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
            Assert.True((own.Contains(group) ? status : 404) == actual, $"{role}: {group} answered {actual}: {outcome.Text}");
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
        using var form = new MultipartFormDataContent("etl-process-boundary");
        var file = new ByteArrayContent("{\"a\": 1}\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "file", "my rows.json");
        var uploaded = await uploadApi.InvokeAsync(AwsEvents.HttpApiV2("POST", "/upload",
            body: await form.ReadAsByteArrayAsync(), contentType: form.Headers.ContentType!.ToString()).ToJsonString());
        var jobId = AwsEvents.BodyJson(uploaded.Json).GetProperty("jobId").GetString()!;
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
        var functions = new Dictionary<string, (FakeRuntimeApi Api, BootstrapProcess Process)>();
        try
        {
            foreach (var role in new[] { HandlerRoles.Upload, HandlerRoles.Trigger, HandlerRoles.Worker, HandlerRoles.Status })
            {
                var api = await FakeRuntimeApi.StartAsync();
                functions[role] = (api, BootstrapProcess.Start(LambdaFunction.Environment(role, data.Path, api.HostAndPort)));
            }

            using var form = new MultipartFormDataContent("etl-process-boundary");
            var file = new ByteArrayContent(await File.ReadAllBytesAsync(TestFiles.ParquetTesting("alltypes_plain.parquet")));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "file", "alltypes_plain.parquet");
            var upload = await functions[HandlerRoles.Upload].Api.InvokeAsync(AwsEvents.HttpApiV2("POST", "/upload",
                body: await form.ReadAsByteArrayAsync(), contentType: form.Headers.ContentType!.ToString()).ToJsonString());
            Assert.Equal(201, upload.Json.GetProperty("statusCode").GetInt32());
            var jobId = AwsEvents.BodyJson(upload.Json).GetProperty("jobId").GetString()!;

            var trigger = await functions[HandlerRoles.Trigger].Api.InvokeAsync(
                AwsEvents.HttpApiV2Json("POST", "/trigger-job", $"{{\"jobId\":\"{jobId}\"}}").ToJsonString());
            Assert.Equal(202, trigger.Json.GetProperty("statusCode").GetInt32());
            foreach (var stage in PipelineDeclaration.Stages)
            {
                var ran = await functions[HandlerRoles.Worker].Api.InvokeAsync(new JsonObject { ["jobId"] = jobId, ["stage"] = stage.Name }.ToJsonString());
                Assert.False(ran.IsError, ran.Text);
            }

            var completed = await functions[HandlerRoles.Worker].Api.InvokeAsync(new JsonObject { ["jobId"] = jobId, ["action"] = "complete" }.ToJsonString());
            Assert.False(completed.IsError, completed.Text);
            var status = await functions[HandlerRoles.Status].Api.InvokeAsync(AwsEvents.HttpApiV2("GET", $"/job-status/{jobId}").ToJsonString());
            var job = AwsEvents.BodyJson(status.Json);
            Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
            Assert.Equal(8, job.GetProperty("rowCount").GetInt64());
            Assert.All(functions.Values, f => Assert.Empty(f.Api.Violations));

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
        finally
        {
            foreach (var (api, process) in functions.Values)
            {
                process.Dispose();
                await api.DisposeAsync();
            }
        }
    }
    [Fact]
    public async Task A_dataset_job_runs_to_COMPLETED_through_bootstrap_processes_and_the_datasets_role_answers_its_version()
    {
        using var data = new TempDirectory();
        var functions = new Dictionary<string, (FakeRuntimeApi Api, BootstrapProcess Process)>();
        try
        {
            foreach (var role in new[] { HandlerRoles.Upload, HandlerRoles.Trigger, HandlerRoles.Worker, HandlerRoles.Status, HandlerRoles.Datasets })
            {
                var api = await FakeRuntimeApi.StartAsync();
                functions[role] = (api, BootstrapProcess.Start(LambdaFunction.Environment(role, data.Path, api.HostAndPort)));
            }

            using var form = new MultipartFormDataContent("etl-process-boundary");
            var file = new ByteArrayContent("""
                [{"id": 1, "customer": "Ann", "items": [{"sku": "x", "qty": 2}, {"sku": "y", "qty": 1}]},
                 {"id": 2, "customer": "Cy", "items": [{"sku": "z", "qty": 5}]}]
                """u8.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(file, "file", "orders.json");
            var upload = await functions[HandlerRoles.Upload].Api.InvokeAsync(AwsEvents.HttpApiV2("POST", "/upload",
                body: await form.ReadAsByteArrayAsync(), contentType: form.Headers.ContentType!.ToString()).ToJsonString());
            Assert.Equal(201, upload.Json.GetProperty("statusCode").GetInt32());
            var jobId = AwsEvents.BodyJson(upload.Json).GetProperty("jobId").GetString()!;

            var trigger = await functions[HandlerRoles.Trigger].Api.InvokeAsync(
                AwsEvents.HttpApiV2Json("POST", "/trigger-job", $"{{\"jobId\":\"{jobId}\",\"dataset\":\"orders\"}}").ToJsonString());
            Assert.Equal(202, trigger.Json.GetProperty("statusCode").GetInt32());
            foreach (var stage in PipelineDeclaration.Stages)
            {
                var ran = await functions[HandlerRoles.Worker].Api.InvokeAsync(new JsonObject { ["jobId"] = jobId, ["stage"] = stage.Name }.ToJsonString());
                Assert.False(ran.IsError, ran.Text);
            }

            var completed = await functions[HandlerRoles.Worker].Api.InvokeAsync(new JsonObject { ["jobId"] = jobId, ["action"] = "complete" }.ToJsonString());
            Assert.False(completed.IsError, completed.Text);
            var status = await functions[HandlerRoles.Status].Api.InvokeAsync(AwsEvents.HttpApiV2("GET", $"/job-status/{jobId}").ToJsonString());
            Assert.Equal("COMPLETED", AwsEvents.BodyJson(status.Json).GetProperty("status").GetString());

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

            var version = await functions[HandlerRoles.Datasets].Api.InvokeAsync(AwsEvents.HttpApiV2("GET", "/datasets/orders/versions/1").ToJsonString());
            Assert.Equal(200, version.Json.GetProperty("statusCode").GetInt32());
            var body = JsonNode.Parse(AwsEvents.BodyBytes(version.Json))!;
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(tablesJson)!["tables"], body["tables"]), body.ToJsonString());
            Assert.Equal("applied", body["decision"]!.GetValue<string>());
            Assert.All(functions.Values, f => Assert.Empty(f.Api.Violations));
        }
        finally
        {
            foreach (var (api, process) in functions.Values)
            {
                process.Dispose();
                await api.DisposeAsync();
            }
        }
    }
}
