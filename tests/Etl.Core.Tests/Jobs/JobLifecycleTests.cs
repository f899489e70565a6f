using Etl.Core.Jobs;
using Etl.Core.Tests.Fakes;

namespace Etl.Core.Tests.Jobs;

public class JobLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Pending_runs_then_completes_with_its_processing_time()
    {
        var running = JobLifecycle.Trigger(TestJobs.Pending(T0), "ndjson", T0.AddSeconds(1));
        Assert.Equal(JobStatus.Running, running.Status);
        Assert.Equal("ndjson", running.OutputFormat);

        var done = JobLifecycle.Complete(JobLifecycle.EnterStage(running, "convert", 0.5, T0.AddSeconds(2)), T0.AddSeconds(3.5));
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(1, done.Progress);
        Assert.Equal(2.5, done.ProcessingTime);
    }

    [Fact]
    public void Failure_records_type_and_message()
    {
        var failed = JobLifecycle.Fail(JobLifecycle.Trigger(TestJobs.Pending(T0), "json", T0), "InvalidParquet", "bad footer", T0.AddSeconds(1));
        Assert.Equal((JobStatus.Failed, "InvalidParquet", "bad footer"), (failed.Status, failed.ErrorType, failed.ErrorMessage));
    }

    [Fact]
    public void Moves_from_the_wrong_status_are_refused()
    {
        var pending = TestJobs.Pending(T0);
        var completed = JobLifecycle.Complete(JobLifecycle.Trigger(pending, "ndjson", T0), T0);
        Assert.Throws<InvalidJobTransitionException>(() => JobLifecycle.Trigger(completed, "ndjson", T0));
        Assert.Throws<InvalidJobTransitionException>(() => JobLifecycle.Complete(pending, T0));
        Assert.Throws<InvalidJobTransitionException>(() => JobLifecycle.Fail(completed, "x", "y", T0));
        Assert.Throws<InvalidJobTransitionException>(() => JobLifecycle.EnterStage(completed, "convert", 0, T0));
    }

    [Theory]
    [InlineData(JobStatus.Pending, "PENDING")]
    [InlineData(JobStatus.Running, "RUNNING")]
    [InlineData(JobStatus.Completed, "COMPLETED")]
    [InlineData(JobStatus.Failed, "FAILED")]
    public void Status_wire_names_round_trip(JobStatus status, string wire)
    {
        Assert.Equal(wire, status.ToWire());
        Assert.Equal(status, JobStatusNames.Parse(wire));
    }

    [Fact]
    public void Timestamps_are_iso8601_utc_and_sort_as_text()
    {
        var text = Timestamps.Format(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)));
        Assert.Equal("2025-01-02T01:04:05.0000000Z", text);
        Assert.True(string.CompareOrdinal(Timestamps.Format(T0), Timestamps.Format(T0.AddTicks(1))) < 0);
    }
}
