using System.Collections.Concurrent;
using Etl.Core.Pipeline;

namespace Etl.Lambda.Tests;

/// <summary>Plays the Step Functions StartExecution: records each job whose pipeline was started.</summary>
public sealed class RecordingStarter : IPipelineStarter
{
    public ConcurrentQueue<string> Started { get; } = new();

    public Task StartAsync(string jobId, CancellationToken cancellationToken)
    {
        Started.Enqueue(jobId);
        return Task.CompletedTask;
    }
}
