namespace Etl.Core.Pipeline;

/// <summary>How one pipeline execution ended.</summary>
public enum PipelineOutcome
{
    Completed,
    Failed,

    /// <summary>The job was not RUNNING (finished elsewhere, or a duplicate start); nothing was done.</summary>
    Skipped,
}

/// <summary>
/// Runs the declared stages of the job's pipeline in order, retrying a stage per its declared policy and failing the job on
/// the first error that is not retried: what the Step Functions state machine does on AWS, done in-process.
/// </summary>
public sealed class PipelineExecutor(StageRunner runner, TimeProvider time)
{
    /// <summary>Called with the stage name and error before each retry; for logs.</summary>
    public Action<string, string, StageError, int>? OnRetry { get; init; }

    public async Task<(PipelineOutcome Outcome, StageError? Error)> RunAsync(string jobId, CancellationToken cancellationToken)
    {
        if (await runner.PipelineOfAsync(jobId, cancellationToken) is not { } pipeline)
        {
            return (PipelineOutcome.Skipped, null);
        }

        foreach (var declaration in pipeline.Stages)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (!await runner.RunAsync(jobId, declaration.Name, cancellationToken))
                    {
                        return (PipelineOutcome.Skipped, null);
                    }

                    break;
                }
                catch (StageFailedException failed) when (declaration.Retry.ShouldRetry(failed.Error, attempt))
                {
                    OnRetry?.Invoke(jobId, declaration.Name, failed.Error, attempt);
                    await Task.Delay(declaration.Retry.DelayAfter(attempt), time, cancellationToken);
                }
                catch (StageFailedException failed)
                {
                    return await runner.FailAsync(jobId, failed.Error, cancellationToken)
                        ? (PipelineOutcome.Failed, failed.Error)
                        : (PipelineOutcome.Skipped, null);
                }
            }
        }

        return await runner.CompleteAsync(jobId, cancellationToken)
            ? (PipelineOutcome.Completed, null)
            : (PipelineOutcome.Skipped, null);
    }
}
