using Etl.Lambda.Roles;

namespace Etl.Lambda.Tests;

/// <summary>A trigger whose pipeline cannot be started leaves no job RUNNING for ever: the job FAILS and says why.</summary>
public sealed class PipelineStartFailureTests
{
    [Fact]
    public async Task A_refused_start_is_a_503_problem_and_the_job_fails_with_PipelineStartFailed()
    {
        await using var product = await Product.StartAsync(null, HandlerRoles.Upload, HandlerRoles.Trigger, HandlerRoles.Status);
        product.Starts.Refusal = new InvalidOperationException("AccessDeniedException: grant states:StartExecution on the state machine.");
        var upload = await product.UploadAsync("rows.ndjson", "{\"a\":1}\n"u8.ToArray());
        var jobId = AwsEvents.BodyJson(upload).GetProperty("jobId").GetString()!;

        var trigger = await product.TriggerAsync(jobId);

        Assert.Equal(503, trigger.GetProperty("statusCode").GetInt32());
        Assert.Contains("states:StartExecution", AwsEvents.BodyJson(trigger).GetProperty("detail").GetString());
        var status = AwsEvents.BodyJson(await product.StatusAsync(jobId));
        Assert.Equal("FAILED", status.GetProperty("status").GetString());
        Assert.Equal("PipelineStartFailed", status.GetProperty("errorType").GetString());
        Assert.Contains("states:StartExecution", status.GetProperty("errorMessage").GetString());
    }
}
