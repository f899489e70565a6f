using Etl.Api.Contracts;
using Etl.Api.Http;
using Etl.Core.Jobs;
using Etl.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Etl.Api.Download;

/// <summary>GET /download/{jobId}?artifact=output|profile|schema: a signed, expiring URL to a finished job's artifact.</summary>
public static class DownloadEndpoints
{
    private static readonly string[] LaterArtifacts = ["changes", "dbt", "plan"];

    public static RouteGroupBuilder MapDownloadEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("download");
        group.MapGet("/download/{jobId}", HandleAsync)
            .WithName("Download")
            .WithSummary("A signed URL to the converted output (default), the profile (artifact=profile) or a JSON upload's inferred schema (artifact=schema).");
        return group;
    }

    internal static async Task<Results<Ok<DownloadResponse>, ProblemHttpResult>> HandleAsync(
        string jobId, IJobStore jobs, IBlobStore blobs, ISignedUrlIssuer urls, IOptions<ApiOptions> options,
        CancellationToken cancellationToken, string? artifact = null)
    {
        artifact = string.IsNullOrEmpty(artifact) ? "output" : artifact.ToLowerInvariant();
        if (artifact is not ("output" or "profile" or "schema") && !LaterArtifacts.Contains(artifact))
        {
            return Problems.BadRequest($"artifact '{Problems.Quote(artifact)}' is not known; use 'output' (default), 'profile' or 'schema' (JSON uploads).");
        }

        var job = JobIds.IsWellFormed(jobId) ? await jobs.GetAsync(jobId, cancellationToken) : null;
        if (job is null)
        {
            return Problems.UnknownJob(jobId);
        }

        switch (job.Status)
        {
            case JobStatus.Pending:
                return Problems.Conflict($"Job {jobId} has not been triggered; POST /trigger-job first, then download when it is COMPLETED.");
            case JobStatus.Running:
                return Problems.Conflict($"Job {jobId} is still RUNNING (stage {job.Stage ?? "queued"}, {job.Progress:P0}). Poll GET /job-status/{jobId} and download when it is COMPLETED.");
            case JobStatus.Failed:
                return Problems.Conflict($"Job {jobId} FAILED ({job.ErrorType}): {job.ErrorMessage} There is nothing to download.");
        }

        var key = artifact switch
        {
            "output" => job.OutputS3Key,
            "profile" => StorageKeys.Profile(jobId),
            "schema" => StorageKeys.Schema(jobId),
            _ => null,
        };
        if (key is null || await blobs.GetInfoAsync(key, cancellationToken) is null)
        {
            return Problems.NotFound($"Job {jobId} has no '{artifact}' artifact; this version produces 'output', 'profile' and, for JSON uploads, 'schema'.");
        }

        var fileName = key[(key.LastIndexOf('/') + 1)..];
        var url = urls.IssueDownload(key, fileName, options.Value.DownloadUrlLifetime);
        return TypedResults.Ok(new DownloadResponse(url.Url, fileName, (int)url.Lifetime.TotalSeconds));
    }
}
