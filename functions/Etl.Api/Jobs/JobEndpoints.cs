using Etl.Core.Datasets;
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
        IJobStore jobs, CancellationToken cancellationToken, string? limit = null, string? nextToken = null, string? status = null,
        string? type = null, string? dataset = null)
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

        type = string.IsNullOrEmpty(type) ? null : type;
        if (type is not (null or JobTypes.Convert or JobTypes.Agent))
        {
            return Problems.BadRequest($"type must be {JobTypes.Convert} or {JobTypes.Agent}, not '{Problems.Quote(type)}'.");
        }

        dataset = string.IsNullOrEmpty(dataset) ? null : dataset;
        if (dataset is not null && DatasetNames.Problem(dataset) is not null)
        {
            return Problems.BadRequest($"dataset '{Problems.Quote(dataset)}' is not a dataset name (lower-case letters, digits and '_'); list datasets with GET /datasets.");
        }

        try
        {
            var page = await jobs.ListAsync(new JobQuery(pageSize, string.IsNullOrEmpty(nextToken) ? null : nextToken, filter, type, dataset), cancellationToken);
            return TypedResults.Ok(new JobListResponse([.. page.Jobs.Select(JobStatusResponse.From)], page.NextToken));
        }
        catch (InvalidPageTokenException ex)
        {
            return Problems.BadRequest(ex.Message);
        }
    }
}
