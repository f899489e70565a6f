using Etl.Core.Pipeline;
using Etl.Lambda.Logging;

namespace Etl.Lambda.Backend;

/// <summary>
/// The local backend's pipeline start: nothing runs the stages inside a function but the worker role, so a start
/// is a log line; whatever plays the state machine (a test, a local Step Functions interpreter) sends the worker
/// payloads for the job.
/// </summary>
public sealed class LoggedPipelineStarter(JsonLog log) : IPipelineStarter
{
    public Task StartAsync(string jobId, CancellationToken cancellationToken)
    {
        log.Info("pipeline start requested; drive it with worker payloads {jobId, stage}", ("startedJobId", jobId));
        return Task.CompletedTask;
    }
}
