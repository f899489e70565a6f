using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Tests.Fakes;
using Etl.Core.Validation;
using Etl.Parquet;

namespace Etl.Core.Tests.Pipeline;

public class PipelineExecutorTests
{
    private readonly InMemoryJobStore _jobs = new();
    private readonly List<string> _calls = [];

    private sealed class ScriptedStage(string name, List<string> calls, Func<int, StageOutput>? behaviour = null) : IPipelineStage
    {
        private int _attempts;

        public string Name => name;

        public Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken)
        {
            calls.Add(name);
            progress.Report(0.5);
            return Task.FromResult(behaviour?.Invoke(++_attempts) ?? StageOutput.None);
        }
    }

    private PipelineExecutor Executor(params IPipelineStage[] overrides)
    {
        var stages = PipelineDeclaration.Convert.Stages
            .Select(d => overrides.FirstOrDefault(o => o.Name == d.Name) ?? new ScriptedStage(d.Name, _calls))
            .ToList();
        return new PipelineExecutor(new StageRunner(_jobs, stages, TimeProvider.System), TimeProvider.System);
    }

    private async Task<string> RunningJobAsync()
    {
        var job = TestJobs.Pending();
        await _jobs.CreateAsync(job, default);
        await _jobs.TryUpdateAsync(JobLifecycle.Trigger(job, "ndjson", DateTimeOffset.UtcNow), JobStatus.Pending, default);
        return job.JobId;
    }

    [Fact]
    public async Task Runs_every_declared_stage_in_order_and_completes()
    {
        var id = await RunningJobAsync();
        var convert = new ScriptedStage(StageNames.Convert, _calls, _ => new StageOutput(RowCount: 8, BytesOut: 100, OutputKey: "output/x/y.ndjson"));
        var (outcome, _) = await Executor(convert).RunAsync(id, default);

        Assert.Equal(PipelineOutcome.Completed, outcome);
        Assert.Equal(PipelineDeclaration.Convert.Stages.Select(s => s.Name), _calls);
        var job = (await _jobs.GetAsync(id, default))!;
        Assert.Equal((JobStatus.Completed, 8L, 100L, "output/x/y.ndjson", StageNames.Catalog), (job.Status, job.RowCount!.Value, job.BytesOut!.Value, job.OutputS3Key, job.Stage));
        Assert.NotNull(job.ProcessingTime);
    }

    [Fact]
    public async Task Every_stage_is_recorded_on_the_job_with_its_start_and_end()
    {
        var id = await RunningJobAsync();
        await Executor().RunAsync(id, default);

        var job = (await _jobs.GetAsync(id, default))!;
        Assert.Equal(PipelineDeclaration.Convert.Stages.Select(s => s.Name), job.Stages.Select(s => s.Name));
        Assert.All(job.Stages, s =>
        {
            Assert.Equal(StageRunStatus.Completed, s.Status);
            Assert.True(s.CompletedAt >= s.StartedAt);
            Assert.Equal(1, s.Attempts);
        });
        for (var i = 1; i < job.Stages.Count; i++)
        {
            Assert.True(job.Stages[i].StartedAt >= job.Stages[i - 1].CompletedAt, "stages run one after the other");
        }
    }

    [Fact]
    public async Task The_failing_stage_is_recorded_as_failed_and_later_stages_are_not_recorded()
    {
        var id = await RunningJobAsync();
        var broken = new ScriptedStage(StageNames.Convert, _calls, _ => throw new ParquetFormatException("bad page"));
        await Executor(broken).RunAsync(id, default);

        var job = (await _jobs.GetAsync(id, default))!;
        Assert.Equal([(StageNames.Validate, StageRunStatus.Completed), (StageNames.Convert, StageRunStatus.Failed)], job.Stages.Select(s => (s.Name, s.Status)));
        Assert.NotNull(job.Stages[1].CompletedAt);
    }

    [Fact]
    public async Task A_retried_stage_counts_its_attempts()
    {
        var id = await RunningJobAsync();
        var flaky = new ScriptedStage(StageNames.Profile, _calls, attempt => attempt == 1 ? throw new IOException("disk hiccup") : StageOutput.None);
        await Executor(flaky).RunAsync(id, default);

        var profile = (await _jobs.GetAsync(id, default))!.Stages.Single(s => s.Name == StageNames.Profile);
        Assert.Equal((2, StageRunStatus.Completed), (profile.Attempts, profile.Status));
    }

    [Fact]
    public async Task A_transient_error_is_retried_and_then_succeeds()
    {
        var id = await RunningJobAsync();
        var flaky = new ScriptedStage(StageNames.Validate, _calls, attempt => attempt == 1 ? throw new IOException("disk hiccup") : StageOutput.None);
        var (outcome, _) = await Executor(flaky).RunAsync(id, default);

        Assert.Equal(PipelineOutcome.Completed, outcome);
        Assert.Equal(2, _calls.Count(c => c == StageNames.Validate));
    }

    [Fact]
    public async Task Bad_input_fails_at_once_without_retry_and_names_the_problem()
    {
        var id = await RunningJobAsync();
        var broken = new ScriptedStage(StageNames.Convert, _calls,
            _ => throw new ParquetFormatException("page header is truncated").At(rowGroup: 0, column: "id", offset: 4));
        var (outcome, error) = await Executor(broken).RunAsync(id, default);

        Assert.Equal(PipelineOutcome.Failed, outcome);
        Assert.Equal([StageNames.Validate, StageNames.Convert], _calls);
        var job = (await _jobs.GetAsync(id, default))!;
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(InputErrorTypes.InvalidParquet, job.ErrorType);
        Assert.Contains("page header is truncated", job.ErrorMessage);
        Assert.Contains("column 'id'", job.ErrorMessage);
        Assert.Equal(error!.Message, job.ErrorMessage);
    }

    [Fact]
    public async Task A_job_that_is_not_running_is_skipped()
    {
        var job = TestJobs.Pending();
        await _jobs.CreateAsync(job, default);
        var (outcome, _) = await Executor().RunAsync(job.JobId, default);
        Assert.Equal(PipelineOutcome.Skipped, outcome);
        Assert.Empty(_calls);
        Assert.Equal(JobStatus.Pending, (await _jobs.GetAsync(job.JobId, default))!.Status);
    }

    [Fact]
    public async Task Terminal_moves_are_conditional_so_a_late_retry_changes_nothing()
    {
        var id = await RunningJobAsync();
        await Executor().RunAsync(id, default);
        var runner = new StageRunner(_jobs, PipelineDeclaration.Convert.Stages.Select(d => new ScriptedStage(d.Name, _calls)), TimeProvider.System);

        Assert.False(await runner.FailAsync(id, new StageError("X", "late"), default));
        Assert.False(await runner.RunAsync(id, StageNames.Convert, default));
        Assert.Equal(JobStatus.Completed, (await _jobs.GetAsync(id, default))!.Status);
    }

    [Fact]
    public void A_runner_without_an_implementation_for_a_declared_stage_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new StageRunner(_jobs, [new ScriptedStage(StageNames.Validate, _calls)], TimeProvider.System));
    }
}
