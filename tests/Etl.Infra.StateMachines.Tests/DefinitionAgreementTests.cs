using System.Text.Json.Nodes;
using Etl.Core.Pipeline;

namespace Etl.Infra.StateMachines.Tests;

/// <summary>
/// The synthesized definitions and the core's declarations agree, stage for stage and retry for retry: walking each
/// definition from StartAt (Next, and a Choice's Default) meets one worker Task per declared stage in the declared
/// order, each with the declared retry schedule, each caught into the fail action, the last one followed by complete.
/// </summary>
public sealed class DefinitionAgreementTests
{
    public static TheoryData<string> Pipelines => new(PipelineDeclaration.All.Select(p => p.JobType));

    private static SynthesizedStateMachines Synthesized => SynthesizedStateMachines.Instance;

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void The_task_sequence_is_the_declared_stages_each_invoking_the_worker_with_its_stage(string jobType)
    {
        var pipeline = PipelineDeclaration.For(jobType);
        var states = States(pipeline);

        var walked = StageTasks(pipeline);

        Assert.Equal(pipeline.Stages.Select(s => s.Name), walked.Select(w => w.Name));
        foreach (var (name, task) in walked)
        {
            Assert.Equal("Task", Text(task, "Type"));
            Assert.Equal(Synthesized.WorkerArn, Text(task, "Resource"));
            Assert.True(JsonNode.DeepEquals(new JsonObject { ["jobId.$"] = "$.jobId", ["stage"] = name }, task["Parameters"]),
                $"{name}'s payload is {task["Parameters"]?.ToJsonString()}");
            // The worker's answer is discarded: the state carries {jobId, inputSizeBytes} from stage to stage.
            Assert.True(task.ContainsKey("ResultPath") && task["ResultPath"] is null, $"{name} keeps its result");
            Assert.True(task["TimeoutSeconds"]?.GetValue<int>() > 0, $"{name} has no TimeoutSeconds");
        }

        Assert.Equal(PipelineStateMachine.CompleteTaskName, Text(walked[^1].Task, "Next"));
        var complete = states[PipelineStateMachine.CompleteTaskName]!.AsObject();
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["jobId.$"] = "$.jobId", ["action"] = "complete" }, complete["Parameters"]));
        Assert.Equal("Succeed", Text(states[Text(complete, "Next")]!.AsObject(), "Type"));
        var fail = states[PipelineStateMachine.FailTaskName]!.AsObject();
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["jobId.$"] = "$.jobId", ["action"] = "fail", ["error.$"] = "$.error" }, fail["Parameters"]));
        Assert.Equal("Fail", Text(states[Text(fail, "Next")]!.AsObject(), "Type"));
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Each_stage_retries_as_its_policy_declares_and_the_Lambda_service_errors_as_AWS_advises(string jobType)
    {
        var pipeline = PipelineDeclaration.For(jobType);
        var walked = StageTasks(pipeline);

        for (var i = 0; i < pipeline.Stages.Count; i++)
        {
            var (name, task) = walked[i];
            var retry = task["Retry"]!.AsArray();
            Assert.Equal(2, retry.Count);
            AssertRetrier(pipeline.Stages[i].Retry, retry[0]!.AsObject(), name);
            AssertRetrier(PipelineStateMachine.LambdaServiceRetry, retry[1]!.AsObject(), name);
        }
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Every_task_but_the_fail_action_is_caught_into_the_fail_action_with_the_error_at_error(string jobType)
    {
        var states = States(PipelineDeclaration.For(jobType));

        var tasks = states.Where(s => Text(s.Value!.AsObject(), "Type") == "Task" && s.Key != PipelineStateMachine.FailTaskName).ToList();

        Assert.NotEmpty(tasks);
        foreach (var (name, task) in tasks)
        {
            var catcher = Assert.Single(task!["Catch"]!.AsArray())!.AsObject();
            Assert.True(JsonNode.DeepEquals(new JsonArray("States.ALL"), catcher["ErrorEquals"]), name);
            Assert.Equal(PipelineStateMachine.FailTaskName, Text(catcher, "Next"));
            Assert.Equal("$.error", Text(catcher, "ResultPath"));
        }
    }

    [Fact]
    public void Convert_runs_on_the_Glue_job_when_the_input_is_larger_than_the_threshold_and_rejoins_the_pipeline()
    {
        var states = States(PipelineDeclaration.Convert);
        var convert = PipelineDeclaration.Convert.Stages.Single(s => s.Name == StageNames.Convert);

        var choice = states[PipelineStateMachine.ChoiceName(StageNames.Convert)]!.AsObject();
        var glue = states[PipelineStateMachine.GlueTaskName(StageNames.Convert)]!.AsObject();

        Assert.Equal("Choice", Text(choice, "Type"));
        Assert.Equal(StageNames.Convert, Text(choice, "Default"));
        var rule = Assert.Single(choice["Choices"]!.AsArray())!.AsObject();
        Assert.Equal(PipelineStateMachine.GlueTaskName(StageNames.Convert), Text(rule, "Next"));
        var greater = rule["And"]!.AsArray().Single(c => c!["NumericGreaterThan"] is not null)!;
        Assert.Equal("$.inputSizeBytes", Text(greater.AsObject(), "Variable"));
        Assert.Equal(SynthesizedStateMachines.GlueThresholdBytes, greater["NumericGreaterThan"]!.GetValue<long>());

        Assert.Equal("arn:aws:states:::glue:startJobRun.sync", Text(glue, "Resource"));
        Assert.Equal(SynthesizedStateMachines.GlueJob, Text(glue["Parameters"]!.AsObject(), "JobName"));
        Assert.Equal("$.jobId", Text(glue["Parameters"]!["Arguments"]!.AsObject(), "--job-id.$"));
        Assert.Equal(Text(states[StageNames.Convert]!.AsObject(), "Next"), Text(glue, "Next"));
        // A large file may take hours: neither the run (Glue's Timeout, minutes) nor the state is cut at the Lambda-sized
        // task timeout; the Glue job's own timeout bounds it.
        Assert.Null(glue["Parameters"]!["Timeout"]);
        Assert.Null(glue["TimeoutSeconds"]);
        var retrier = Assert.Single(glue["Retry"]!.AsArray())!.AsObject();
        AssertRetrier(convert.Retry with { RetryOn = PipelineStateMachine.GlueTransientErrors }, retrier, "convert on Glue");
    }

    [Fact]
    public void The_agent_pipeline_has_no_Glue_route()
    {
        Assert.DoesNotContain(States(PipelineDeclaration.Agent), s => Text(s.Value!.AsObject(), "Type") == "Choice");
    }

    /// <summary>
    /// The deployed schedule itself, pinned: changing a declaration's policy changes what runs on AWS, so it must be a
    /// deliberate change of this test (and of the README's description of the retries) too.
    /// </summary>
    [Theory]
    [MemberData(nameof(Pipelines))]
    public void Every_stage_is_tried_three_times_1_s_then_2_s_apart_on_TransientError(string jobType)
    {
        foreach (var (name, task) in StageTasks(PipelineDeclaration.For(jobType)))
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"ErrorEquals":["TransientError"],"IntervalSeconds":1,"MaxAttempts":2,"BackoffRate":2}"""),
                task["Retry"]![0]), $"{name}: {task["Retry"]![0]!.ToJsonString()}");
        }
    }

    /// <summary>The local runner reads the same policy through <see cref="RetryPolicy.ShouldRetry"/> and <see cref="RetryPolicy.DelayAfter"/>: both schedules are the same.</summary>
    [Theory]
    [MemberData(nameof(Pipelines))]
    public void The_local_runner_s_retry_schedule_is_the_state_machine_s(string jobType)
    {
        var pipeline = PipelineDeclaration.For(jobType);
        var walked = StageTasks(pipeline);
        for (var i = 0; i < pipeline.Stages.Count; i++)
        {
            var policy = pipeline.Stages[i].Retry;
            var retrier = walked[i].Task["Retry"]![0]!.AsObject();
            var transient = new StageError(StageErrorTypes.Transient, "a hiccup");
            var localRetries = 0;
            while (policy.ShouldRetry(transient, localRetries + 1))
            {
                localRetries++;
                var stepFunctionsWait = retrier["IntervalSeconds"]!.GetValue<double>() * Math.Pow(retrier["BackoffRate"]!.GetValue<double>(), localRetries - 1);
                Assert.Equal(stepFunctionsWait, policy.DelayAfter(localRetries).TotalSeconds, 6);
            }

            Assert.Equal(retrier["MaxAttempts"]!.GetValue<int>(), localRetries);
            Assert.False(policy.ShouldRetry(new StageError("InvalidParquet", "bad"), 1));
            Assert.DoesNotContain("InvalidParquet", retrier["ErrorEquals"]!.AsArray().Select(e => e!.GetValue<string>()));
        }
    }

    private static void AssertRetrier(RetryPolicy policy, JsonObject retrier, string state)
    {
        Assert.True(policy.RetryOn.SequenceEqual(retrier["ErrorEquals"]!.AsArray().Select(e => e!.GetValue<string>())),
            $"{state} retries on {retrier["ErrorEquals"]!.ToJsonString()}, the policy on [{string.Join(", ", policy.RetryOn)}]");
        Assert.Equal(policy.Interval.TotalSeconds, retrier["IntervalSeconds"]!.GetValue<double>());
        // ASL's MaxAttempts counts retries after the first attempt; the declaration counts attempts.
        Assert.Equal(policy.MaxAttempts - 1, retrier["MaxAttempts"]!.GetValue<int>());
        Assert.Equal(policy.BackoffRate, retrier["BackoffRate"]!.GetValue<double>());
    }

    private static JsonObject States(PipelineDeclaration pipeline) => Synthesized.DefinitionOf(pipeline)["States"]!.AsObject();

    // From StartAt, following Next and a Choice's Default, up to the complete action: the stage Tasks met on the way.
    private static List<(string Name, JsonObject Task)> StageTasks(PipelineDeclaration pipeline)
    {
        var definition = Synthesized.DefinitionOf(pipeline);
        var states = definition["States"]!.AsObject();
        var walked = new List<(string, JsonObject)>();
        var name = Text(definition, "StartAt");
        var seen = new HashSet<string>();
        while (name != PipelineStateMachine.CompleteTaskName)
        {
            Assert.True(seen.Add(name), $"the walk from StartAt loops at {name}");
            var state = states[name]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"no state {name}");
            switch (Text(state, "Type"))
            {
                case "Task":
                    walked.Add((name, state));
                    name = Text(state, "Next");
                    break;
                case "Choice":
                    name = Text(state, "Default");
                    break;
                default:
                    throw new Xunit.Sdk.XunitException($"the walk from StartAt meets {name}, a {Text(state, "Type")} state, before {PipelineStateMachine.CompleteTaskName}");
            }
        }

        return walked;
    }

    private static string Text(JsonObject state, string property) =>
        state[property]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"no {property} in {state.ToJsonString()}");
}
