using Amazon.CDK;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using Constructs;
using Etl.Core.Pipeline;

namespace Etl.Infra.StateMachines;

/// <summary>
/// A Step Functions state machine built from a <see cref="PipelineDeclaration"/>: one Task per stage invoking the
/// worker with <c>{jobId, stage}</c>, each stage's Retry taken from its <see cref="RetryPolicy"/>, a Catch on every Task
/// into the worker's <c>fail</c> action, and the <c>complete</c> action after the last stage.
/// </summary>
public sealed class PipelineStateMachine : Construct
{
    public PipelineStateMachine(Construct scope, string id, PipelineStateMachineProps props) : base(scope, id)
    {
        var fail = Action(props, "Fail", "fail", new Dictionary<string, object> { ["error.$"] = "$.error" })
            .Next(new Fail(this, "Failed", new FailProps { Error = "JobFailed", Cause = "A stage failed; the job record holds the error." }));
        var complete = Action(props, "Complete", "complete", null).Next(new Succeed(this, "Completed"));

        Chain? chain = null;
        foreach (var stage in props.Pipeline.Stages)
        {
            var task = StageTask(props, stage, fail);
            if (props.LargeInputs is { } glue && glue.Stage == stage.Name)
            {
                var choice = new Choice(this, $"{stage.Name} where", new ChoiceProps
                {
                    Comment = $"Inputs over {glue.ThresholdBytes} bytes go to the Glue job {glue.JobName}.",
                });
                choice.When(Condition.And(Condition.IsPresent("$.inputSizeBytes"), Condition.NumberGreaterThan("$.inputSizeBytes", glue.ThresholdBytes)),
                        GlueTask(glue, stage, fail))
                    .Otherwise(task);
                chain = chain is null ? Chain.Start(choice) : chain.Next(choice);
                var joined = choice.Afterwards();
                chain = Chain.Custom(chain.StartState, joined.EndStates, choice);
            }
            else
            {
                chain = chain is null ? Chain.Start(task) : chain.Next(task);
            }
        }

        chain = chain!.Next(complete);
        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            DefinitionBody = DefinitionBody.FromChainable(chain),
            Comment = props.Pipeline.ToString(),
        });
    }

    public StateMachine StateMachine { get; }

    private LambdaInvoke StageTask(PipelineStateMachineProps props, StageDeclaration stage, IChainable fail)
    {
        var task = new LambdaInvoke(this, stage.Name, new LambdaInvokeProps
        {
            LambdaFunction = props.Worker,
            Comment = stage.Description,
            PayloadResponseOnly = true,
            Payload = TaskInput.FromObject(new Dictionary<string, object> { ["jobId.$"] = "$.jobId", ["stage"] = stage.Name }),
            ResultPath = JsonPath.DISCARD,
            RetryOnServiceExceptions = false,
        });
        task.AddRetry(Retry(stage.Retry));
        task.AddCatch(fail, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.error" });
        return task;
    }

    private GlueStartJobRun GlueTask(GlueRoute glue, StageDeclaration stage, IChainable fail)
    {
        var arguments = new Dictionary<string, object> { ["--job-id.$"] = "$.jobId" };
        foreach (var (name, value) in glue.Arguments) arguments[name] = value;
        var task = new GlueStartJobRun(this, $"{stage.Name} on Glue", new GlueStartJobRunProps
        {
            GlueJobName = glue.JobName,
            Comment = stage.Description,
            IntegrationPattern = IntegrationPattern.RUN_JOB,
            Arguments = TaskInput.FromObject(arguments),
            ResultPath = JsonPath.DISCARD,
        });
        task.AddRetry(Retry(stage.Retry));
        task.AddCatch(fail, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.error" });
        return task;
    }

    private LambdaInvoke Action(PipelineStateMachineProps props, string id, string action, Dictionary<string, object>? extra)
    {
        var payload = new Dictionary<string, object> { ["jobId.$"] = "$.jobId", ["action"] = action };
        foreach (var (name, value) in extra ?? []) payload[name] = value;
        var task = new LambdaInvoke(this, id, new LambdaInvokeProps
        {
            LambdaFunction = props.Worker,
            PayloadResponseOnly = true,
            Payload = TaskInput.FromObject(payload),
            ResultPath = JsonPath.DISCARD,
            RetryOnServiceExceptions = false,
        });
        // The terminal moves are conditional writes, safe to repeat; only the transient failures are worth it.
        task.AddRetry(Retry(RetryPolicy.TransientOnly));
        return task;
    }

    private static RetryProps Retry(RetryPolicy policy) => new()
    {
        Errors = [.. policy.RetryOn],
        // Step Functions counts retries, the declaration counts attempts.
        MaxAttempts = policy.MaxAttempts - 1,
        Interval = Duration.Millis(policy.Interval.TotalMilliseconds),
        BackoffRate = policy.BackoffRate,
    };
}
