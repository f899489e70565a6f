using System.Collections.Concurrent;
using Etl.Core.Pipeline;

namespace Etl.Lambda.Tests;

/// <summary>Plays the Step Functions StartExecution: records each job whose pipeline was started.</summary>
public sealed class RecordingStarter : IPipelineStarter
{
    public ConcurrentQueue<string> Started { get; } = new();

    /// <summary>When set, every start is refused with it (as Step Functions refuses a wrong ARN or a missing permission).</summary>
    public Exception? Refusal { get; set; }

    public Task StartAsync(string jobId, CancellationToken cancellationToken)
    {
        if (Refusal is { } refusal) throw refusal;
        Started.Enqueue(jobId);
        return Task.CompletedTask;
    }
}
