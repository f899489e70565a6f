using System.Collections.Concurrent;
using Etl.Core.Jobs;

namespace Etl.Core.Tests.Fakes;

/// <summary>Hand-written IJobStore for pipeline tests; it passes the same contract tests as the real stores.</summary>
public sealed class InMemoryJobStore : IJobStore
{
    private readonly ConcurrentDictionary<string, JobRecord> _jobs = new();
    private readonly Lock _gate = new();

    public int Updates { get; private set; }

    public Task CreateAsync(JobRecord job, CancellationToken cancellationToken) =>
        _jobs.TryAdd(job.JobId, job) ? Task.CompletedTask : throw new DuplicateJobException(job.JobId);

    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken) =>
        Task.FromResult(_jobs.TryGetValue(jobId, out var job) ? job : null);

    public Task<bool> TryUpdateAsync(JobRecord updated, JobStatus expectedStatus, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_jobs.TryGetValue(updated.JobId, out var current) || current.Status != expectedStatus)
            {
                return Task.FromResult(false);
            }

            _jobs[updated.JobId] = updated;
            Updates++;
            return Task.FromResult(true);
        }
    }

    public Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken)
    {
        IEnumerable<JobRecord> jobs = _jobs.Values
            .Where(j => (query.Status is null || j.Status == query.Status) && (query.Type is null || j.Type == query.Type)
                && (query.Dataset is null || j.Dataset == query.Dataset))
            .OrderByDescending(j => Timestamps.Format(j.CreatedAt), StringComparer.Ordinal)
            .ThenByDescending(j => j.JobId, StringComparer.Ordinal);
        if (query.NextToken is { } token)
        {
            var (createdAt, jobId) = JobPageToken.Decode(token);
            jobs = jobs.Where(j => string.CompareOrdinal(Timestamps.Format(j.CreatedAt), createdAt) < 0
                || (Timestamps.Format(j.CreatedAt) == createdAt && string.CompareOrdinal(j.JobId, jobId) < 0));
        }

        var page = jobs.Take(query.Limit + 1).ToList();
        if (page.Count <= query.Limit)
        {
            return Task.FromResult(new JobPage(page, null));
        }

        page.RemoveAt(query.Limit);
        return Task.FromResult(new JobPage(page, JobPageToken.Encode(page[^1].CreatedAt, page[^1].JobId)));
    }
}
