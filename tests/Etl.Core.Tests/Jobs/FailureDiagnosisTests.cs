using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Tests.Fakes;

namespace Etl.Core.Tests.Jobs;

public class FailureDiagnosisTests
{
    [Theory]
    [InlineData("InvalidJson", "input", "fix-input")]
    [InlineData("InvalidParquet", "input", "fix-input")]
    [InlineData("MissingInput", "input", "fix-input")]
    [InlineData("SchemaChangeRejected", "schema", "review-change")]
    [InlineData("InvalidOptions", "schema", "fix-input")]
    [InlineData("OutputLimitExceeded", "limit", "raise-limit")]
    [InlineData("RowGroupTooLarge", "limit", "raise-limit")]
    [InlineData("TransientError", "transient", "retry")]
    [InlineData("PipelineStartFailed", "transient", "retry")]
    [InlineData("AgentSourceUnavailable", "input", "fix-input")]
    [InlineData("InvalidProject", "input", "fix-input")]
    [InlineData("InternalError", "internal", "escalate")]
    [InlineData("SomethingNew", "internal", "escalate")]
    public void Each_error_type_gets_a_category_and_an_action(string errorType, string category, string action)
    {
        var (c, a, resolution) = FailureDiagnosis.Of(errorType, "whatever");
        Assert.Equal((category, action), (c, a));
        Assert.False(string.IsNullOrWhiteSpace(resolution));
    }

    [Fact]
    public void Bad_json_is_to_be_fixed_at_the_line_and_column_the_error_names()
    {
        var (_, _, resolution) = FailureDiagnosis.Of("InvalidJson",
            "The JSON file cannot be converted: invalid JSON at line 3, column 17 (byte offset 40): expected ','.");
        Assert.Contains("line 3, column 17", resolution, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_that_fails_carries_its_diagnosis_through_the_runner()
    {
        var jobs = new InMemoryJobStore();
        var job = TestJobs.Pending();
        await jobs.CreateAsync(job, default);
        await jobs.TryUpdateAsync(JobLifecycle.Trigger(job, "ndjson", DateTimeOffset.UtcNow), JobStatus.Pending, default);
        var runner = new StageRunner(jobs, PipelineDeclaration.Convert.Stages.Select(s => (IPipelineStage)new FailingStage(s.Name)), TimeProvider.System);

        await new PipelineExecutor(runner, TimeProvider.System).RunAsync(job.JobId, default);

        var failed = (await jobs.GetAsync(job.JobId, default))!;
        Assert.Equal((JobStatus.Failed, "OutputLimitExceeded", "limit", "raise-limit"), (failed.Status, failed.ErrorType, failed.ErrorCategory, failed.SuggestedAction));
        Assert.NotNull(failed.Resolution);
    }

    private sealed class FailingStage(string name) : IPipelineStage
    {
        public string Name => name;

        public Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken) =>
            throw new Convert.OutputLimitExceededException(new Convert.OutputLimit(10, "ETL_MAX_OUTPUT_BYTES"), 11);
    }
}
