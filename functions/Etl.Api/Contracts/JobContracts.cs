using Etl.Core.Jobs;

namespace Etl.Api.Contracts;

/// <summary>GET /job-status/{jobId}: the job record as clients see it, timestamps in ISO-8601 UTC.</summary>
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
    string? OutputS3Key)
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
        job.OutputS3Key);
}

/// <summary>GET /jobs: one page, newest first; pass <see cref="NextToken"/> back for the next page (null on the last).</summary>
public sealed record JobListResponse(IReadOnlyList<JobStatusResponse> Jobs, string? NextToken);
