using System.Text.Json.Nodes;
using Etl.Aws.Json;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;

namespace Etl.Aws.StepFunctions;

/// <summary>
/// Starts a job's pipeline as a Step Functions execution (StartExecution) named after the job, so a repeated start
/// (a retried trigger, a duplicate S3 event) cannot run the job twice: Step Functions answers ExecutionAlreadyExists,
/// which means the pipeline is already started and is taken as success. Agent jobs go to their own state machine when
/// one is configured. A convert job's execution input carries the input's size (<c>inputSizeBytes</c>), which the
/// state machine's Choice compares with ETL_GLUE_THRESHOLD_BYTES to run the conversion on Glue.
/// </summary>
public sealed class StepFunctionsPipelineStarter(AwsJsonClient client, IJobStore jobs, string stateMachineArn, string? agentStateMachineArn = null) : IPipelineStarter
{
    public async Task StartAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(jobId, cancellationToken);
        var machine = agentStateMachineArn is not null && job?.Type == JobTypes.Agent ? agentStateMachineArn : stateMachineArn;
        var input = new JsonObject { ["jobId"] = jobId };
        if (job is { Type: JobTypes.Convert, BytesIn: { } size })
        {
            input["inputSizeBytes"] = size;
        }

        var request = new JsonObject
        {
            ["stateMachineArn"] = machine,
            ["name"] = jobId,
            ["input"] = input.ToJsonString(),
        };
        try
        {
            await client.CallAsync("StartExecution", request, cancellationToken);
        }
        catch (AwsServiceException e) when (e.Code == "ExecutionAlreadyExists")
        {
            // Started before: the execution of this name is the job's pipeline.
        }
    }
}
