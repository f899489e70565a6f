using Etl.Core.Agents;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Tests.Fakes;

namespace Etl.Core.Tests.Pipeline;

/// <summary>The agent pipeline beside the convert one: declared once, looked up through the job's type.</summary>
public class AgentPipelineTests
{
    private readonly InMemoryJobStore _jobs = new();
    private readonly List<string> _calls = [];

    private sealed class RecordingStage(string pipeline, string name, List<string> calls, long tokens = 0) : IPipelineStage
    {
        public string Name => name;

        public Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken)
        {
            calls.Add(pipeline + ":" + name);
            return Task.FromResult(new StageOutput(Tokens: (job.Tokens ?? 0) + tokens, CostUsd: (job.CostUsd ?? 0) + tokens / 1000m));
        }
    }

    private IReadOnlyList<IPipelineStage> Stages(PipelineDeclaration pipeline, long tokens = 0) =>
        [.. pipeline.Stages.Select(s => new RecordingStage(pipeline.JobType, s.Name, _calls, tokens))];

    private async Task<string> AgentJobAsync()
    {
        var job = AgentJobs.Create(JobIds.New(), new AgentRequest("staging models", "shop", 1), "shop", "offline", 0m, DateTimeOffset.UtcNow);
        await _jobs.CreateAsync(job, default);
        return job.JobId;
    }

    [Fact]
    public void The_agent_pipeline_is_plan_generate_refine_validate_deliver()
    {
        Assert.Equal([StageNames.Plan, StageNames.Generate, StageNames.Refine, StageNames.Validate, StageNames.Deliver],
            PipelineDeclaration.Agent.Stages.Select(s => s.Name));
        Assert.Same(PipelineDeclaration.Agent, PipelineDeclaration.For(JobTypes.Agent));
        Assert.Same(PipelineDeclaration.Convert, PipelineDeclaration.For(JobTypes.Convert));
        Assert.Throws<ArgumentException>(() => PipelineDeclaration.For("backup"));
        Assert.Equal(0.5, PipelineDeclaration.Agent.OverallProgress(StageNames.Refine, 0.5), 6);
    }

    [Fact]
    public async Task An_agent_job_runs_the_agent_stages_not_the_convert_ones_although_both_have_a_validate()
    {
        var id = await AgentJobAsync();
        var runner = new StageRunner(_jobs, [new PipelineStages(PipelineDeclaration.Convert, Stages(PipelineDeclaration.Convert)),
            new PipelineStages(PipelineDeclaration.Agent, Stages(PipelineDeclaration.Agent, tokens: 100))], TimeProvider.System);

        var (outcome, _) = await new PipelineExecutor(runner, TimeProvider.System).RunAsync(id, default);

        Assert.Equal(PipelineOutcome.Completed, outcome);
        Assert.Equal(["agent:plan", "agent:generate", "agent:refine", "agent:validate", "agent:deliver"], _calls);
        var job = (await _jobs.GetAsync(id, default))!;
        Assert.Equal((JobStatus.Completed, 500L, 0.5m), (job.Status, job.Tokens!.Value, job.CostUsd!.Value));
        Assert.Equal(PipelineDeclaration.Agent.Stages.Select(s => s.Name), job.Stages.Select(s => s.Name));
    }

    [Fact]
    public async Task A_host_without_agent_stages_fails_an_agent_job_saying_so()
    {
        var id = await AgentJobAsync();
        var runner = new StageRunner(_jobs, Stages(PipelineDeclaration.Convert), TimeProvider.System);

        var (outcome, error) = await new PipelineExecutor(runner, TimeProvider.System).RunAsync(id, default);

        Assert.Equal(PipelineOutcome.Failed, outcome);
        Assert.Equal(StageErrorTypes.NotSupportedYet, error!.ErrorType);
        Assert.Contains("agent jobs", error.Message, StringComparison.Ordinal);
        Assert.Empty(_calls);
    }

    [Fact]
    public async Task A_stage_of_the_other_pipeline_is_refused_for_a_job()
    {
        var id = await AgentJobAsync();
        var runner = new StageRunner(_jobs, [new PipelineStages(PipelineDeclaration.Convert, Stages(PipelineDeclaration.Convert)),
            new PipelineStages(PipelineDeclaration.Agent, Stages(PipelineDeclaration.Agent))], TimeProvider.System);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(id, StageNames.Convert, default));

        Assert.Contains("plan → generate", error.Message, StringComparison.Ordinal);
        Assert.Empty(_calls);
    }

    [Fact]
    public void A_pipeline_missing_a_declared_stage_is_refused_when_the_runner_is_built()
    {
        var partial = PipelineDeclaration.Agent.Stages.Take(3).Select(s => (IPipelineStage)new RecordingStage("agent", s.Name, _calls)).ToList();
        var error = Assert.Throws<ArgumentException>(() => new StageRunner(_jobs, [new PipelineStages(PipelineDeclaration.Agent, partial)], TimeProvider.System));
        Assert.Contains("validate, deliver", error.Message, StringComparison.Ordinal);
    }
}

public class RemoteServiceErrorTests
{
    [Fact]
    public void A_remote_service_failing_past_its_retries_is_transient_so_the_state_machine_retries_the_stage()
    {
        var error = StageError.From(new HttpRequestException("Bedrock InvokeModel failed with HTTP 429 after 5 attempt(s)"), StageNames.Plan);
        Assert.True(error.IsTransient);
        Assert.Contains("HTTP 429", error.Message, StringComparison.Ordinal);
        var (category, action, _) = FailureDiagnosis.Of(error.ErrorType, error.Message);
        Assert.Equal((FailureDiagnosis.Transient, FailureDiagnosis.Retry), (category, action));
    }
}
