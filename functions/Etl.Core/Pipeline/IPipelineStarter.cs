namespace Etl.Core.Pipeline;

/// <summary>
/// Starts the pipeline for a job that has just moved to RUNNING (a Step Functions execution on AWS, the in-process
/// queue locally). Returns once the start is durable or queued; the pipeline itself runs later.
/// </summary>
public interface IPipelineStarter
{
    Task StartAsync(string jobId, CancellationToken cancellationToken);
}
