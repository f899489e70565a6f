using Amazon.CDK;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using Constructs;
using Etl.Core.Pipeline;
using Etl.Lambda.Worker;

namespace Etl.Infra.StateMachines;

/// <summary>
/// A Step Functions state machine built from a <see cref="PipelineDeclaration"/>: one Task per stage invoking the
/// worker with <c>{jobId, stage}</c>, each stage's Retry taken from its <see cref="RetryPolicy"/> (plus a retrier for
/// the Lambda service's own transient errors), a Catch on every Task into the worker's <c>fail</c> action, and the
/// <c>complete</c> action after the last stage. With a <see cref="GlueRoute"/>, a Choice before that stage sends inputs
/// above the threshold (the execution input's <c>inputSizeBytes</c>) to the Glue job instead.
/// </summary>
public sealed class PipelineStateMachine : Construct
{
    /// <summary>The state that records the failure (the worker's <c>fail</c> action); every other Task catches into it.</summary>
    public const string FailTaskName = "Fail";

    /// <summary>The state that marks the job COMPLETED (the worker's <c>complete</c> action), after the last stage.</summary>
    public const string CompleteTaskName = "Complete";

    /// <summary>
    /// Errors of the Lambda service itself (not of our function) that AWS advises retrying on every Lambda Task: the
    /// invocation never ran or its answer was lost, so running it again is safe (every stage is idempotent).
    /// </summary>
    public static IReadOnlyList<string> LambdaServiceErrors { get; } =
    [
        "Lambda.ServiceException",
        "Lambda.AWSLambdaException",
        "Lambda.SdkClientException",
        "Lambda.TooManyRequestsException",
        "Lambda.ClientExecutionTimeoutException",
    ];

    /// <summary>The retrier for <see cref="LambdaServiceErrors"/>: 6 retries, 2 s doubling (the schedule CDK and AWS use).</summary>
    public static RetryPolicy LambdaServiceRetry { get; } = new(7, TimeSpan.FromSeconds(2), 2.0, LambdaServiceErrors);

    /// <summary>
    /// What a transient failure of <c>glue:startJobRun.sync</c> is called: the Glue API's throttling and capacity
    /// errors (the job never started). A job run that starts and fails is <c>States.TaskFailed</c> and is not retried:
    /// the Glue job records its own failure on the job, and Glue's own MaxRetries covers a lost worker.
    /// </summary>
    public static IReadOnlyList<string> GlueTransientErrors { get; } =
    [
        "Glue.ConcurrentRunsExceededException",
        "Glue.ThrottlingException",
        "Glue.InternalServiceException",
        "Glue.OperationTimeoutException",
        "Glue.ResourceNumberLimitExceededException",
    ];

    public PipelineStateMachine(Construct scope, string id, PipelineStateMachineProps props) : base(scope, id)
    {
        var fail = Action(props, FailTaskName, WorkerPayload.Fail, new Dictionary<string, object> { ["error.$"] = "$.error" }, catchInto: null)
            .Next(new Fail(this, "Failed", new FailProps { Error = "JobFailed", Cause = "A stage failed; the job record holds the error." }));
        var complete = Action(props, CompleteTaskName, WorkerPayload.Complete, null, catchInto: fail);
        complete.Next(new Succeed(this, "Completed"));

        // Each stage's states are linked to the next stage's entry; the Glue branch joins the Lambda task's successor.
        IChainable? next = complete;
        for (var i = props.Pipeline.Stages.Count - 1; i >= 0; i--)
        {
            var stage = props.Pipeline.Stages[i];
            var task = StageTask(props, stage, fail);
            task.Next(next);
            if (props.LargeInputs is { } glue && glue.Stage == stage.Name)
            {
                var onGlue = GlueTask(props, glue, stage, fail);
                onGlue.Next(next);
                next = new Choice(this, ChoiceName(stage.Name), new ChoiceProps
                {
                    Comment = $"Inputs over {glue.ThresholdBytes} bytes (ETL_GLUE_THRESHOLD_BYTES) run {stage.Name} as the Glue job {glue.JobName}.",
                })
                    .When(Condition.And(Condition.IsPresent("$.inputSizeBytes"), Condition.IsNumeric("$.inputSizeBytes"),
                        Condition.NumberGreaterThan("$.inputSizeBytes", glue.ThresholdBytes)), onGlue)
                    .Otherwise(task);
            }
            else
            {
                next = task;
            }
        }

        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            DefinitionBody = DefinitionBody.FromChainable(next),
            Comment = props.Pipeline.ToString(),
            StateMachineName = props.StateMachineName,
        });
    }

    public StateMachine StateMachine { get; }

    /// <summary>The Choice in front of a stage that may run on Glue.</summary>
    public static string ChoiceName(string stage) => $"{stage}: Lambda or Glue";

    /// <summary>The Task that runs a stage as the Glue job.</summary>
    public static string GlueTaskName(string stage) => $"{stage} on Glue";

    private LambdaInvoke StageTask(PipelineStateMachineProps props, StageDeclaration stage, IChainable fail)
    {
        var task = new LambdaInvoke(this, stage.Name, new LambdaInvokeProps
        {
            LambdaFunction = props.Worker,
            Comment = stage.Description,
            PayloadResponseOnly = true,
            Payload = TaskInput.FromObject(new Dictionary<string, object> { ["jobId.$"] = "$.jobId", ["stage"] = stage.Name }),
            // The worker's answer is a receipt; the state stays the execution input ({jobId, inputSizeBytes}).
            ResultPath = JsonPath.DISCARD,
            RetryOnServiceExceptions = false,
            TaskTimeout = Amazon.CDK.AWS.StepFunctions.Timeout.Duration(props.TaskTimeout),
        });
        task.AddRetry(Retry(stage.Retry));
        task.AddRetry(Retry(LambdaServiceRetry));
        task.AddCatch(fail, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.error" });
        return task;
    }

    private GlueStartJobRun GlueTask(PipelineStateMachineProps props, GlueRoute glue, StageDeclaration stage, IChainable fail)
    {
        var arguments = new Dictionary<string, object> { ["--job-id.$"] = "$.jobId" };
        foreach (var (name, value) in glue.Arguments) arguments[name] = value;
        var task = new GlueStartJobRun(this, GlueTaskName(stage.Name), new GlueStartJobRunProps
        {
            GlueJobName = glue.JobName,
            Comment = stage.Description,
            IntegrationPattern = IntegrationPattern.RUN_JOB,
            Arguments = TaskInput.FromObject(arguments),
            ResultPath = JsonPath.DISCARD,
            // CDK passes a Glue task's timeout to the job run (Glue's Timeout, minutes), not to the state: unset, the run
            // is bounded by the Glue job's own timeout, never by the Lambda-sized TaskTimeout.
            TaskTimeout = glue.Timeout is { } timeout ? Amazon.CDK.AWS.StepFunctions.Timeout.Duration(timeout) : null,
        });
        // The stage's schedule, on the names Glue's transient failures have (it never raises TransientError).
        task.AddRetry(Retry(stage.Retry with { RetryOn = GlueTransientErrors }));
        task.AddCatch(fail, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.error" });
        return task;
    }

    private LambdaInvoke Action(PipelineStateMachineProps props, string id, string action, Dictionary<string, object>? extra, IChainable? catchInto)
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
            TaskTimeout = Amazon.CDK.AWS.StepFunctions.Timeout.Duration(props.TaskTimeout),
        });
        // The terminal moves are conditional writes, safe to repeat; only the transient failures are worth it.
        task.AddRetry(Retry(RetryPolicy.TransientOnly));
        task.AddRetry(Retry(LambdaServiceRetry));
        if (catchInto is not null)
        {
            // A job that cannot be marked COMPLETED is marked FAILED, never left RUNNING.
            task.AddCatch(catchInto, new CatchProps { Errors = [Errors.ALL], ResultPath = "$.error" });
        }

        return task;
    }

    private static RetryProps Retry(RetryPolicy policy)
    {
        var seconds = policy.Interval.TotalSeconds;
        if (seconds < 1 || seconds != Math.Floor(seconds))
        {
            throw new ArgumentException($"A Step Functions retry waits whole seconds (IntervalSeconds ≥ 1); the policy's interval is {policy.Interval}. Declare it in whole seconds.", nameof(policy));
        }

        return new RetryProps
        {
            Errors = [.. policy.RetryOn],
            // Step Functions counts retries, the declaration counts attempts.
            MaxAttempts = policy.MaxAttempts - 1,
            Interval = Duration.Seconds(seconds),
            BackoffRate = policy.BackoffRate,
        };
    }
}
