using Etl.Core.Jobs;

namespace Etl.Core.Pipeline;

/// <summary>The work of one declared stage. Stages are idempotent: running one again from the same input gives the same result.</summary>
public interface IPipelineStage
{
    /// <summary>The declared stage this implements; one of <see cref="StageNames"/>.</summary>
    string Name { get; }

    /// <summary>Does the stage's work for <paramref name="job"/>, reporting its own progress (0–1).</summary>
    Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken);
}

/// <summary>What a stage learned that belongs on the job record; null fields leave the record as it is.</summary>
/// <param name="DatasetVersion">The dataset version the catalog stage registered.</param>
/// <param name="Review"><c>pending</c> when the version is held for review.</param>
/// <param name="Tokens">An agent stage: the model tokens the job has spent so far (input + output, all stages).</param>
/// <param name="CostUsd">An agent stage: what those tokens cost so far.</param>
public sealed record StageOutput(long? RowCount = null, long? BytesIn = null, long? BytesOut = null, string? OutputKey = null,
    int? DatasetVersion = null, string? Review = null, long? Tokens = null, decimal? CostUsd = null)
{
    public static StageOutput None { get; } = new();
}
