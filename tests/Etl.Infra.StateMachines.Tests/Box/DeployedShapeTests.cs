using System.IO.Compression;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Etl.Aws.Tests;
using Etl.Aws.Tests.Json;
using Etl.Core.Pipeline;
using Etl.Lambda.Tests;

namespace Etl.Infra.StateMachines.Tests.Box;

/// <summary>
/// The deployed shape run end to end offline (<see cref="DeployedShape"/>): the REST calls as API Gateway events to the
/// real bootstrap, the executions by the definitions CloudFormation would receive, every stage in the real bootstrap
/// over the S3 and DynamoDB emulators.
/// </summary>
public sealed class DeployedShapeTests(DeployedShape box) : IClassFixture<DeployedShape>
{
    [Fact]
    public async Task An_upload_is_triggered_run_stage_by_stage_by_the_convert_definition_and_downloads_the_local_product_s_bytes()
    {
        var parquet = await File.ReadAllBytesAsync(TestFiles.ParquetTesting("alltypes_plain.parquet"));

        var jobId = await box.UploadAsync("alltypes_plain.parquet", parquet);
        await box.TriggerAsync(new JsonObject { ["jobId"] = jobId, ["outputFormat"] = "ndjson" });
        var execution = box.StepFunctions.Execution(jobId);
        var outcome = await execution.Outcome;

        Assert.True("SUCCEEDED" == outcome["outcome"]!.GetValue<string>(), $"{outcome.ToJsonString()}\n{box.Logs}");
        Assert.Equal(DeployedShape.ConvertMachine, execution.StateMachineArn);
        // The trigger sealed the input and recorded its size, which the Choice compares with the Glue threshold.
        Assert.Equal((long?)parquet.Length, JsonNode.Parse(execution.Input)!["inputSizeBytes"]?.GetValue<long>());
        Assert.Contains(execution.Events, e => e["state"]?.GetValue<string>() == PipelineStateMachine.ChoiceName(StageNames.Convert));
        Assert.Equal([.. PipelineDeclaration.Convert.Stages.Select(s => s.Name), "complete"], box.StepFunctions.InvocationsOf(jobId).Select(i => i.StageOrAction));
        Assert.All(box.StepFunctions.InvocationsOf(jobId), i => Assert.False(i.Outcome!.IsError, i.Outcome.Text));
        var start = box.StepFunctions.Starts.Single(r => JsonNode.Parse(r.Body)!["name"]!.GetValue<string>() == jobId);
        LoopbackAwsService.AssertSignedBySmithy(start, "states", AwsEmulators.Region, "S3RVER", "S3RVER");

        var status = await box.StatusAsync(jobId);
        Assert.Equal("COMPLETED", status.GetProperty("status").GetString());
        Assert.Equal(8, status.GetProperty("rowCount").GetInt64());
        Assert.Equal(1.0, status.GetProperty("progress").GetDouble());

        var downloaded = await box.DownloadAsync(jobId);
        Assert.Equal(DeployedShape.ConvertLocally("alltypes_plain.parquet", parquet, ".ndjson"), downloaded);
    }

    [Fact]
    public async Task A_broken_file_ends_FAILED_through_the_Catch_with_the_worker_s_error_message_on_the_job()
    {
        var jobId = await box.UploadAsync("broken.parquet", "PAR1 this is not a Parquet file at all PAR1"u8.ToArray());

        await box.TriggerAsync(new JsonObject { ["jobId"] = jobId });
        var outcome = await box.StepFunctions.Execution(jobId).Outcome;

        Assert.Equal("FAILED", outcome["outcome"]!.GetValue<string>());
        Assert.Equal("JobFailed", outcome["error"]!.GetValue<string>());
        var invocations = box.StepFunctions.InvocationsOf(jobId);
        Assert.Equal([StageNames.Validate, "fail"], invocations.Select(i => i.StageOrAction));
        var failed = invocations[0].Outcome!;
        Assert.True(failed.IsError);
        // Not a transient error: no Retry, straight into the Catch.
        Assert.NotEqual(StageErrorTypes.Transient, failed.ErrorType);
        Assert.Contains(box.StepFunctions.Execution(jobId).Events, e => e["event"]!.GetValue<string>() == "StateCaught" && e["state"]!.GetValue<string>() == StageNames.Validate);

        var status = await box.StatusAsync(jobId);
        Assert.Equal("FAILED", status.GetProperty("status").GetString());
        Assert.Equal(failed.ErrorType, status.GetProperty("errorType").GetString());
        Assert.Equal(failed.Json.GetProperty("errorMessage").GetString(), status.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task S3_failing_during_profile_past_the_worker_s_own_retries_is_retried_by_the_state_machine_and_the_job_completes()
    {
        var parquet = await File.ReadAllBytesAsync(TestFiles.ParquetTesting("alltypes_plain.parquet"));
        var jobId = await box.UploadAsync("alltypes_plain.parquet", parquet);
        var injected = 0;
        box.StepFunctions.BeforeInvoke = async invocation =>
        {
            if (invocation.JobId == jobId && invocation.StageOrAction == StageNames.Profile && Interlocked.Increment(ref injected) == 1)
            {
                // S3 unavailable for as long as the worker's SDK keeps trying: the stage fails with TransientError.
                await box.Aws.S3.InjectFaultsAsync(DeployedShape.WorkerS3Attempts, 503, "GET");
            }
        };

        try
        {
            await box.TriggerAsync(new JsonObject { ["jobId"] = jobId });
            var outcome = await box.StepFunctions.Execution(jobId).Outcome;
            Assert.True("SUCCEEDED" == outcome["outcome"]!.GetValue<string>(), $"{outcome.ToJsonString()}\n{box.Logs}");
        }
        finally
        {
            box.StepFunctions.BeforeInvoke = null;
        }

        var profile = box.StepFunctions.InvocationsOf(jobId).Where(i => i.StageOrAction == StageNames.Profile).ToList();
        Assert.Equal(2, profile.Count);
        Assert.Equal(StageErrorTypes.Transient, profile[0].Outcome!.ErrorType);
        Assert.False(profile[1].Outcome!.IsError, profile[1].Outcome!.Text);
        Assert.Contains(box.StepFunctions.Execution(jobId).Events, e => e["event"]!.GetValue<string>() == "StateRetried" && e["state"]!.GetValue<string>() == StageNames.Profile);
        Assert.Equal("COMPLETED", (await box.StatusAsync(jobId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_agent_run_over_a_converted_dataset_runs_plan_to_deliver_by_the_agent_definition_and_leaves_a_dbt_project_zip()
    {
        var ndjson = System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(1, 12).Select(i =>
            $$"""{"order_id": "A{{i}}", "amount": {{i}}.5, "ordered_at": "2026-02-{{i:00}}T08:00:00Z", "items": [{"sku": "S{{i % 3}}"}]}""")) + "\n");
        var loadId = await box.UploadAsync("orders.ndjson", ndjson);
        await box.TriggerAsync(new JsonObject { ["jobId"] = loadId, ["dataset"] = "orders" });
        var loaded = await box.StepFunctions.Execution(loadId).Outcome;
        Assert.True("SUCCEEDED" == loaded["outcome"]!.GetValue<string>(), $"{loaded.ToJsonString()}\n{box.Logs}");

        var asked = await box.HttpAsync(AwsEvents.HttpApiV2Json("POST", "/agent-invoke", """{"prompt": "staging models and a daily mart", "dataset": "orders"}"""));
        Assert.True(202 == asked.GetProperty("statusCode").GetInt32(), asked.ToString());
        var agentId = AwsEvents.BodyJson(asked).GetProperty("jobId").GetString()!;
        var execution = box.StepFunctions.Execution(agentId);
        var outcome = await execution.Outcome;

        Assert.True("SUCCEEDED" == outcome["outcome"]!.GetValue<string>(), $"{outcome.ToJsonString()}\n{box.Logs}");
        Assert.Equal(DeployedShape.AgentMachine, execution.StateMachineArn);
        Assert.Equal([.. PipelineDeclaration.Agent.Stages.Select(s => s.Name), "complete"], box.StepFunctions.InvocationsOf(agentId).Select(i => i.StageOrAction));
        var status = await box.StatusAsync(agentId);
        Assert.Equal(("COMPLETED", "agent", "offline"), (status.GetProperty("status").GetString(), status.GetProperty("type").GetString(), status.GetProperty("agent").GetString()));
        var runId = status.GetProperty("runId").GetString()!;
        using var s3 = box.Aws.S3Client();
        using var zip = await s3.GetObjectAsync(new GetObjectRequest { BucketName = box.ArtifactsBucket, Key = $"runs/{runId}/dbt_project.zip" });
        using var copy = new MemoryStream();
        await zip.ResponseStream.CopyToAsync(copy);
        copy.Position = 0;
        using var archive = new ZipArchive(copy, ZipArchiveMode.Read);
        Assert.Contains(archive.Entries, e => e.FullName.EndsWith("dbt_project.yml", StringComparison.Ordinal));
        Assert.Contains(archive.Entries, e => e.FullName.Contains("models/staging/", StringComparison.Ordinal) && e.FullName.EndsWith(".sql", StringComparison.Ordinal));
    }
}
