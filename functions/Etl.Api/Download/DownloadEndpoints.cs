using Etl.Core.Agents;
using Etl.Api.Contracts;
using Etl.Api.Http;
using Etl.Core.Datasets.Changes;
using Etl.Core.Jobs;
using Etl.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Etl.Api.Download;

/// <summary>
/// GET /download/{jobId}?artifact=output|profile|schema|tables|changes|ddl: a signed, expiring URL to a finished job's
/// artifact. A job a frozen dataset refused (FAILED, SchemaChangeRejected) still offers its tables and changes.
/// </summary>
public static class DownloadEndpoints
{
    // An agent job's artifacts: the project zip, the plan and the whole run log.
    private static readonly string[] AgentArtifacts = ["dbt", "plan", "log"];

    // What a frozen dataset's refusal leaves to read: the job FAILED, and these say why.
    private static readonly string[] KeptWhenRejected = ["tables", "changes"];

    public static RouteGroupBuilder MapDownloadEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("download");
        group.MapGet("/download/{jobId}", HandleAsync)
            .WithName("Download")
            .WithSummary("A signed URL to the converted output (default), the profile (artifact=profile), a JSON upload's inferred schema (artifact=schema), a dataset load's tables.json, changes.json or ddl.sql (artifact=tables|changes|ddl), or an agent job's dbt project zip, plan or run log (artifact=dbt|plan|log).");
        return group;
    }

    internal static async Task<Results<Ok<DownloadResponse>, ProblemHttpResult>> HandleAsync(
        string jobId, IJobStore jobs, IBlobStore blobs, ISignedUrlIssuer urls, IOptions<ApiOptions> options,
        CancellationToken cancellationToken, string? artifact = null)
    {
        artifact = string.IsNullOrEmpty(artifact) ? "output" : artifact.ToLowerInvariant();
        if (artifact is not ("output" or "profile" or "schema" or "tables" or "changes" or "ddl") && !AgentArtifacts.Contains(artifact))
        {
            return Problems.BadRequest($"artifact '{Problems.Quote(artifact)}' is not known; use 'output' (default), 'profile', 'schema' (JSON uploads), " +
                "for a job that loads a dataset 'tables', 'changes' or 'ddl', and for an agent job 'dbt', 'plan' or 'log'.");
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
            case JobStatus.Failed when !(job.ErrorType == PolicyDecision.RejectedErrorType && KeptWhenRejected.Contains(artifact)):
                return Problems.Conflict($"Job {jobId} FAILED ({job.ErrorType}): {job.ErrorMessage} There is nothing to download.");
        }

        var key = job.RunId is { } runId && job.Type == JobTypes.Agent ? artifact switch
        {
            "output" or "dbt" => job.OutputS3Key,
            "plan" => StorageKeys.RunFile(runId, AgentRuns.Planning),
            "log" => StorageKeys.RunFile(runId, AgentRuns.Log),
            _ => null,
        }
        : artifact switch
        {
            "output" => job.OutputS3Key,
            "profile" => StorageKeys.Profile(jobId),
            "schema" => StorageKeys.Schema(jobId),
            "tables" => StorageKeys.Tables(jobId),
            "changes" => StorageKeys.Changes(jobId),
            "ddl" => StorageKeys.Ddl(jobId),
            _ => null,
        };
        if (key is null || await blobs.GetInfoAsync(key, cancellationToken) is null)
        {
            return Problems.NotFound($"Job {jobId} has no '{artifact}' artifact; a convert job has 'output', 'profile' and, for JSON uploads, 'schema'; " +
                "'tables', 'changes' and 'ddl' exist for jobs triggered with a dataset; 'dbt', 'plan' and 'log' for agent jobs.");
        }

        var fileName = key[(key.LastIndexOf('/') + 1)..];
        var url = urls.IssueDownload(key, fileName, options.Value.DownloadUrlLifetime);
        return TypedResults.Ok(new DownloadResponse(url.Url, fileName, (int)url.Lifetime.TotalSeconds));
    }
}
