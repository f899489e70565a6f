using Etl.Api.Contracts;
using Etl.Api.Http;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Storage;
using Etl.Core.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Etl.Api.Trigger;

/// <summary>POST /trigger-job: moves a PENDING job to RUNNING (once) and starts the pipeline.</summary>
public static class TriggerEndpoints
{
    public static RouteGroupBuilder MapTriggerEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("trigger");
        group.MapPost("/trigger-job", HandleAsync)
            .WithName("TriggerJob")
            .WithSummary("Start processing an uploaded file. A job runs once: a second trigger answers 409.")
            .Accepts<TriggerRequest>("application/json");
        return group;
    }

    internal static async Task<Results<Accepted<TriggerResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, IJobStore jobs, IBlobStore blobs, IPipelineStarter pipeline, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<TriggerRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.JobId))
        {
            return Problems.BadRequest("jobId is required, e.g. {\"jobId\": \"…\", \"outputFormat\": \"ndjson\"}.");
        }

        var job = JobIds.IsWellFormed(body.JobId) ? await jobs.GetAsync(body.JobId, cancellationToken) : null;
        if (job is null)
        {
            return Problems.UnknownJob(body.JobId);
        }

        if (job.Status != JobStatus.Pending)
        {
            return AlreadyTriggered(job);
        }

        var input = FileKinds.ParseWire(job.InputFormat);
        var outputFormat = body.OutputFormat?.Trim().ToLowerInvariant() ?? OutputFormats.DefaultFor(input);
        // Quoting first only shortens a value too long to be a format anyway, so the verdict is the same and the echo short.
        if (OutputFormats.Problem(input, Problems.Quote(outputFormat)) is { } formatProblem)
        {
            return Problems.BadRequest(formatProblem);
        }

        // This check seals the input. An input is written once (a multipart upload before its job exists, a signed PUT
        // with IBlobStore.TryCreateAsync), so the bytes that exist now are the bytes the job converts, and a PUT still
        // streaming will find the key taken and get 409.
        if (await blobs.GetInfoAsync(job.InputS3Key, cancellationToken) is null)
        {
            return Problems.Conflict($"The file for job {job.JobId} has not been uploaded yet. PUT its bytes to the uploadUrl from POST /upload, then trigger again.");
        }

        var running = JobLifecycle.Trigger(job, outputFormat, time.GetUtcNow());
        if (!await jobs.TryUpdateAsync(running, JobStatus.Pending, cancellationToken))
        {
            // Someone else triggered it between our read and our write; theirs is the one run.
            return AlreadyTriggered(await jobs.GetAsync(job.JobId, cancellationToken) ?? job);
        }

        await pipeline.StartAsync(job.JobId, cancellationToken);
        return TypedResults.Accepted($"/job-status/{job.JobId}", new TriggerResponse(job.JobId, running.Status.ToWire(),
            $"Processing started ({job.InputFormat} → {outputFormat}). Poll GET /job-status/{job.JobId} until status is COMPLETED or FAILED."));
    }

    private static ProblemHttpResult AlreadyTriggered(JobRecord job) => Problems.Conflict(
        $"Job {job.JobId} is already {job.Status.ToWire()}; a job runs once. Upload the file again to process it again.");
}
