namespace Etl.Core.Jobs;

/// <summary>
/// Durable job records (DynamoDB on AWS, SQLite locally). Status changes are conditional writes: an update only
/// lands when the stored status still equals the status the caller read.
/// </summary>
public interface IJobStore
{
    /// <summary>Stores a new job; throws <see cref="DuplicateJobException"/> if the id exists.</summary>
    Task CreateAsync(JobRecord job, CancellationToken cancellationToken);

    /// <summary>The job, or null when no job has that id.</summary>
    Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stored record with <paramref name="updated"/> if, and only if, the stored status is
    /// <paramref name="expectedStatus"/>. Returns false (and writes nothing) otherwise or when the job does not exist.
    /// </summary>
    Task<bool> TryUpdateAsync(JobRecord updated, JobStatus expectedStatus, CancellationToken cancellationToken);

    /// <summary>Jobs newest first (createdAt, then jobId, descending), one page at a time.</summary>
    Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// A page request: at most <see cref="Limit"/> jobs after <see cref="NextToken"/>, optionally of one status, one type
/// (<see cref="JobTypes"/>) and one dataset (the agent runs of a dataset, for the page's agents panel).
/// </summary>
public sealed record JobQuery(int Limit = 20, string? NextToken = null, JobStatus? Status = null, string? Type = null, string? Dataset = null);

/// <summary>One page of jobs; <see cref="NextToken"/> is null on the last page and opaque to callers.</summary>
public sealed record JobPage(IReadOnlyList<JobRecord> Jobs, string? NextToken);

/// <summary>A job with this id already exists.</summary>
public sealed class DuplicateJobException(string jobId) : InvalidOperationException($"Job {jobId} already exists.");

/// <summary>The nextToken of a job listing was not produced by this store.</summary>
public sealed class InvalidPageTokenException(string message) : ArgumentException(message);
