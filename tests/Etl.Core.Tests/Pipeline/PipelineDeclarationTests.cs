using Etl.Core.Pipeline;

namespace Etl.Core.Tests.Pipeline;

public class PipelineDeclarationTests
{
    [Fact]
    public void Stages_are_validate_convert_profile_catalog_in_that_order()
    {
        Assert.Equal([StageNames.Validate, StageNames.Convert, StageNames.Profile, StageNames.Catalog], PipelineDeclaration.Convert.Stages.Select(s => s.Name));
    }

    [Fact]
    public void Every_stage_retries_only_transient_errors_a_bounded_number_of_times()
    {
        foreach (var stage in PipelineDeclaration.Convert.Stages)
        {
            Assert.InRange(stage.Retry.MaxAttempts, 1, 5);
            Assert.Equal([StageErrorTypes.Transient], stage.Retry.RetryOn);
            Assert.False(stage.Retry.ShouldRetry(new StageError("InvalidParquet", "x"), 1));
        }
    }

    [Fact]
    public void Retry_waits_grow_by_the_backoff_rate()
    {
        var policy = RetryPolicy.TransientOnly;
        Assert.Equal(TimeSpan.FromSeconds(1), policy.DelayAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.DelayAfter(2));
    }

    [Fact]
    public void Overall_progress_spans_the_stages()
    {
        Assert.Equal(0, PipelineDeclaration.Convert.OverallProgress(StageNames.Validate, 0));
        Assert.Equal(0.375, PipelineDeclaration.Convert.OverallProgress(StageNames.Convert, 0.5), 6);
        Assert.Equal(0.75, PipelineDeclaration.Convert.OverallProgress(StageNames.Profile, 1), 6);
        Assert.Equal(1, PipelineDeclaration.Convert.OverallProgress(StageNames.Catalog, 1));
    }
}
