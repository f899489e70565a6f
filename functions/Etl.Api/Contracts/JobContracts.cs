using System.Text.Json;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;

namespace Etl.Api.Contracts;

/// <summary>
/// GET /job-status/{jobId}: the job record as clients see it, timestamps in ISO-8601 UTC. <see cref="StartedAt"/> and
/// <see cref="Stages"/> were added after the first contract (additive): every declared stage in pipeline order, with its
/// start, end, duration and outcome as far as the job got. The dataset fields (<see cref="Dataset"/>, <see cref="Normalize"/>,
/// <see cref="Options"/>, <see cref="DatasetVersion"/>, <see cref="Review"/>) are null for a job that loads no dataset;
/// the agent fields (<see cref="Prompt"/> … <see cref="CostEstimateUsd"/>) for a convert job; the diagnosis
/// (<see cref="ErrorCategory"/>, <see cref="SuggestedAction"/>, <see cref="Resolution"/>) until a job fails.
/// </summary>
public sealed record JobStatusResponse(
    string JobId,
    string Type,
    string FileName,
    string Status,
    string? Stage,
    double Progress,
    string CreatedAt,
    string UpdatedAt,
    double? ProcessingTime,
    string? ErrorMessage,
    string? ErrorType,
    long? RowCount,
    string InputFormat,
    string? OutputFormat,
    long? BytesIn,
    long? BytesOut,
    string InputS3Key,
    string? OutputS3Key,
    string? StartedAt,
    string? Dataset,
    bool? Normalize,
    JsonElement? Options,
    int? DatasetVersion,
    string? Review,
    IReadOnlyList<JobStageResponse> Stages,
    string? Prompt = null,
    string? RunId = null,
    string? Agent = null,
    long? Tokens = null,
    decimal? CostUsd = null,
    decimal? CostEstimateUsd = null,
    string? ErrorCategory = null,
    string? SuggestedAction = null,
    string? Resolution = null)
{
    public static JobStatusResponse From(JobRecord job) => new(
        job.JobId,
        job.Type,
        job.FileName,
        job.Status.ToWire(),
        job.Stage,
        Math.Round(job.Progress, 4),
        Timestamps.Format(job.CreatedAt),
        Timestamps.Format(job.UpdatedAt),
        job.ProcessingTime,
        job.ErrorMessage,
        job.ErrorType,
        job.RowCount,
        job.InputFormat,
        job.OutputFormat,
        job.BytesIn,
        job.BytesOut,
        job.InputS3Key,
        job.OutputS3Key,
        job.StartedAt is { } started ? Timestamps.Format(started) : null,
        job.Dataset,
        job.Normalize,
        job.Options is { } options ? JsonElement.Parse(options) : null,
        job.DatasetVersion,
        job.Review,
        JobStageResponse.ListFor(job),
        job.Prompt,
        job.RunId,
        job.Agent,
        job.Tokens,
        job.CostUsd,
        job.CostEstimateUsd,
        job.ErrorCategory,
        job.SuggestedAction,
        job.Resolution);
}

/// <summary>
/// One stage of a job. <see cref="Status"/> is RUNNING, COMPLETED or FAILED for a stage the job entered, PENDING for one
/// it has not reached yet, SKIPPED for one it never ran because an earlier stage failed. Times are null until they happen.
/// </summary>
public sealed record JobStageResponse(string Name, string Status, string? StartedAt, string? CompletedAt, double? DurationSeconds, int Attempts)
{
    /// <summary>
    /// The declared stages in order, merged with what the job recorded (a recorded stage the declaration no longer lists
    /// is kept, in its place). A finished job that recorded nothing (it ran before stages were recorded) shows none.
    /// </summary>
    public static IReadOnlyList<JobStageResponse> ListFor(JobRecord job)
    {
        var finished = job.Status is JobStatus.Completed or JobStatus.Failed;
        if (finished && job.Stages.Count == 0)
        {
            return [];
        }

        var recorded = job.Stages.ToDictionary(r => r.Name);
        var names = new List<string>();
        foreach (var run in job.Stages)
        {
            names.Add(run.Name);
        }

        // Declared stages the job has not entered go after the last entered stage that precedes them in the declaration.
        var declared = PipelineDeclaration.For(job.Type).Stages.Select(s => s.Name).ToList();
        foreach (var name in declared.Where(n => !recorded.ContainsKey(n)))
        {
            var position = declared.IndexOf(name);
            var insertAt = names.FindLastIndex(n => declared.IndexOf(n) is var i && i >= 0 && i < position) + 1;
            names.Insert(insertAt, name);
        }

        var notReached = job.Status == JobStatus.Failed ? StageRunStatus.Skipped : StageRunStatus.Pending;
        return [.. names.Select(name => recorded.TryGetValue(name, out var run)
            ? new JobStageResponse(run.Name, run.Status, Timestamps.Format(run.StartedAt),
                run.CompletedAt is { } done ? Timestamps.Format(done) : null, run.DurationSeconds, run.Attempts)
            : new JobStageResponse(name, notReached, null, null, null, 0))];
    }
}

/// <summary>GET /jobs: one page, newest first; pass <see cref="NextToken"/> back for the next page (null on the last).</summary>
public sealed record JobListResponse(IReadOnlyList<JobStatusResponse> Jobs, string? NextToken);
