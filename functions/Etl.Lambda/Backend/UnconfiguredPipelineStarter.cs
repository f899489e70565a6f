using Etl.Core.Pipeline;

namespace Etl.Lambda.Backend;

/// <summary>The starter of a role that never starts jobs on AWS (no ETL_STATE_MACHINE_ARN): a start is a bug, said plainly.</summary>
internal sealed class UnconfiguredPipelineStarter(string role) : IPipelineStarter
{
    public Task StartAsync(string jobId, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"The {role} function has no ETL_STATE_MACHINE_ARN, so it cannot start job {jobId}'s pipeline.");
}
