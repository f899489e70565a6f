using Etl.Core.Jobs;
using Etl.Core.Pipeline;

namespace Etl.Local.Pipeline;

/// <summary>Test hook (ETL_TEST_STAGE_DELAY_MS): pauses before a stage so a test can catch a job RUNNING.</summary>
internal sealed class DelayedStage(IPipelineStage inner, TimeSpan delay) : IPipelineStage
{
    public string Name => inner.Name;

    public async Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        return await inner.RunAsync(job, progress, cancellationToken);
    }
}
