using Etl.Core.Jobs;
using Etl.Core.Tests.Fakes;

namespace Etl.Core.Tests.Jobs;

/// <summary>The per-stage timeline the web page draws: written by the lifecycle moves as a job goes through its stages.</summary>
public class StageTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private static JobRecord Running() => JobLifecycle.Trigger(TestJobs.Pending(T0), "ndjson", T0);

    [Fact]
    public void Each_stage_records_its_start_end_and_duration()
    {
        var job = JobLifecycle.EnterStage(Running(), "validate", 0, T0.AddSeconds(1));
        Assert.Equal([new StageRun("validate", StageRunStatus.Running, T0.AddSeconds(1))], job.Stages);
        Assert.Null(job.Stages[0].DurationSeconds);

        job = JobLifecycle.FinishStage(job, "validate", 1 / 3.0, T0.AddSeconds(1.25));
        job = JobLifecycle.EnterStage(job, "convert", 1 / 3.0, T0.AddSeconds(1.25));
        job = JobLifecycle.FinishStage(job, "convert", 2 / 3.0, T0.AddSeconds(3));
        job = JobLifecycle.Complete(job, T0.AddSeconds(3));

        Assert.Equal(["validate", "convert"], job.Stages.Select(s => s.Name));
        Assert.All(job.Stages, s => Assert.Equal(StageRunStatus.Completed, s.Status));
        Assert.Equal([0.25, 1.75], job.Stages.Select(s => s.DurationSeconds!.Value));
        Assert.Equal(T0.AddSeconds(3), job.Stages[1].CompletedAt);
    }

    [Fact]
    public void A_failure_ends_the_running_stage_as_failed_and_keeps_the_finished_ones()
    {
        var job = JobLifecycle.FinishStage(JobLifecycle.EnterStage(Running(), "validate", 0, T0), "validate", 0.33, T0.AddSeconds(1));
        job = JobLifecycle.EnterStage(job, "convert", 0.33, T0.AddSeconds(1));
        job = JobLifecycle.Fail(job, "InvalidParquet", "bad page", T0.AddSeconds(2.5));

        Assert.Equal(
            [new StageRun("validate", StageRunStatus.Completed, T0, T0.AddSeconds(1)), new StageRun("convert", StageRunStatus.Failed, T0.AddSeconds(1), T0.AddSeconds(2.5))],
            job.Stages);
    }

    [Fact]
    public void A_retried_stage_keeps_its_first_start_and_counts_attempts()
    {
        var job = JobLifecycle.EnterStage(Running(), "convert", 0.33, T0);
        job = JobLifecycle.EnterStage(job, "convert", 0.33, T0.AddSeconds(2));
        job = JobLifecycle.FinishStage(job, "convert", 0.66, T0.AddSeconds(3));

        var run = Assert.Single(job.Stages);
        Assert.Equal((2, T0, 3.0), (run.Attempts, run.StartedAt, run.DurationSeconds!.Value));
    }

    [Fact]
    public void Trigger_and_crash_restart_start_an_empty_timeline()
    {
        var job = JobLifecycle.EnterStage(Running(), "validate", 0, T0);
        Assert.Empty(JobLifecycle.Restart(job, T0.AddSeconds(5)).Stages);
        Assert.Empty(Running().Stages);
        Assert.Empty(TestJobs.Pending(T0).Stages);
    }

    [Fact]
    public void Timelines_with_the_same_runs_are_equal_so_records_compare_by_value()
    {
        var a = new StageTimeline([new StageRun("validate", StageRunStatus.Completed, T0, T0.AddSeconds(1))]);
        var b = new StageTimeline([new StageRun("validate", StageRunStatus.Completed, T0.ToOffset(TimeSpan.FromHours(2)), T0.AddSeconds(1))]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, StageTimeline.Empty);
        var job = TestJobs.Pending(T0);
        Assert.Equal(job with { Stages = a }, job with { Stages = b });
    }
}
