using Etl.Api.Contracts;
using Etl.Api.Http;
using Etl.Core.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Etl.Api.Jobs;

/// <summary>GET /job-status/{jobId} and GET /jobs.</summary>
public static class JobEndpoints
{
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapJobEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("status");
        group.MapGet("/job-status/{jobId}", GetAsync).WithName("JobStatus").WithSummary("One job: status, stage, progress, errors, counts.");
        group.MapGet("/jobs", ListAsync).WithName("ListJobs").WithSummary("Jobs newest first, a page at a time.");
        return group;
    }

    internal static async Task<Results<Ok<JobStatusResponse>, ProblemHttpResult>> GetAsync(
        string jobId, IJobStore jobs, CancellationToken cancellationToken)
    {
        var job = JobIds.IsWellFormed(jobId) ? await jobs.GetAsync(jobId, cancellationToken) : null;
        return job is null ? Problems.UnknownJob(jobId) : TypedResults.Ok(JobStatusResponse.From(job));
    }

    internal static async Task<Results<Ok<JobListResponse>, ProblemHttpResult>> ListAsync(
        IJobStore jobs, CancellationToken cancellationToken, string? limit = null, string? nextToken = null, string? status = null)
    {
        var pageSize = 20;
        if (limit is not null && (!int.TryParse(limit, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return Problems.BadRequest($"limit must be a whole number from 1 to {MaxPageSize}.");
        }

        JobStatus? filter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!JobStatusNames.TryParse(status, out var parsed))
            {
                return Problems.BadRequest("status must be one of PENDING, RUNNING, COMPLETED, FAILED.");
            }

            filter = parsed;
        }

        try
        {
            var page = await jobs.ListAsync(new JobQuery(pageSize, string.IsNullOrEmpty(nextToken) ? null : nextToken, filter), cancellationToken);
            return TypedResults.Ok(new JobListResponse([.. page.Jobs.Select(JobStatusResponse.From)], page.NextToken));
        }
        catch (InvalidPageTokenException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
    }
}
