using System.Text.Json;
using Etl.Api.Contracts;
using Etl.Api.Http;
using Etl.Core.Datasets;
using Etl.Core.Jobs;
using Etl.Core.Normalize;
using Etl.Core.Pipeline;
using Etl.Core.Storage;
using Etl.Core.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Etl.Api.Trigger;

/// <summary>
/// POST /trigger-job: moves a PENDING job to RUNNING (once) and starts the pipeline; with <c>dataset</c>, the job loads
/// the next version of that dataset (its catalog stage registers it).
/// </summary>
public static class TriggerEndpoints
{
    /// <summary>The job's errorType when the pipeline starter refused to start it.</summary>
    public const string PipelineStartFailedErrorType = "PipelineStartFailed";

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
        if (await blobs.GetInfoAsync(job.InputS3Key, cancellationToken) is not { } sealedInput)
        {
            return Problems.Conflict($"The file for job {job.JobId} has not been uploaded yet. PUT its bytes to the uploadUrl from POST /upload, then trigger again.");
        }

        if (DatasetProblem(body, input, body.OutputFormat is null ? null : outputFormat) is { } datasetProblem)
        {
            return Problems.BadRequest(datasetProblem);
        }

        var running = JobLifecycle.Trigger(job, outputFormat, time.GetUtcNow()) with
        {
            Dataset = body.Dataset,
            Normalize = body.Normalize,
            Options = body.Options is { ValueKind: JsonValueKind.Object } options ? options.GetRawText() : null,
            // The sealed bytes, not the size announced at upload (which is optional): the pipeline routes on it.
            BytesIn = sealedInput.Size,
        };
        if (!await jobs.TryUpdateAsync(running, JobStatus.Pending, cancellationToken))
        {
            // Someone else triggered it between our read and our write; theirs is the one run.
            return AlreadyTriggered(await jobs.GetAsync(job.JobId, cancellationToken) ?? job);
        }

        try
        {
            await pipeline.StartAsync(job.JobId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The job is RUNNING and nothing will run it (the state machine refused, a wrong ARN, a missing permission):
            // record why, so it never sits RUNNING for ever, and say it is the service's fault, not the request's.
            var message = $"The pipeline could not be started: {e.Message} The upload is kept; trigger a new upload of the file once the service is fixed.";
            await jobs.TryUpdateAsync(JobLifecycle.Fail(running, PipelineStartFailedErrorType, message, time.GetUtcNow()), JobStatus.Running, CancellationToken.None);
            return Problems.Unavailable($"Job {job.JobId} could not be started, and is FAILED with errorType {PipelineStartFailedErrorType}: {e.Message}");
        }

        var into = running.Dataset is { } dataset ? $", into dataset '{dataset}'" : string.Empty;
        return TypedResults.Accepted($"/job-status/{job.JobId}", new TriggerResponse(job.JobId, running.Status.ToWire(),
            $"Processing started ({job.InputFormat} → {outputFormat}{into}). Poll GET /job-status/{job.JobId} until status is COMPLETED or FAILED."));
    }

    /// <summary>The most JSON text <c>options</c> may hold: settings per path, not data.</summary>
    public const int MaxOptionsBytes = 16 * 1024;

    // Null when dataset, normalize and options fit the job; otherwise what to change.
    private static string? DatasetProblem(TriggerRequest body, FileKind input, string? explicitOutputFormat)
    {
        if (body.Dataset is { } dataset && DatasetNames.Problem(dataset) is { } nameProblem)
        {
            return $"dataset '{Problems.Quote(dataset)}' is not a valid name: {nameProblem}. Dataset names are lower-case letters, digits and '_', " +
                $"1 to {TableNamer.MaxLength} characters, not starting with a digit or '{ReservedColumns.Prefix}'; for example \"{DatasetNames.Suggest(dataset)}\".";
        }

        if (body.Normalize == true && input == FileKind.Parquet)
        {
            return "normalization is for JSON: it splits nested JSON into related tables, and this upload is Parquet (already tables). Leave normalize out, or false, for Parquet files.";
        }

        if (body.Options is { } options)
        {
            if (options.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                return "options must be a JSON object of settings, e.g. {\"options\": {\"maxTableNesting\": 3}}.";
            }

            if (options.ValueKind == JsonValueKind.Object && System.Text.Encoding.UTF8.GetByteCount(options.GetRawText()) > MaxOptionsBytes)
            {
                return $"options is larger than {MaxOptionsBytes} bytes; it holds settings, not data.";
            }
        }

        if (body.Dataset is not null && input != FileKind.Parquet && body.Normalize != true
            && explicitOutputFormat is not null and not OutputFormats.Parquet)
        {
            return $"a dataset's tables are stored as Parquet, and outputFormat \"{explicitOutputFormat}\" would write none for this JSON file. " +
                "Leave outputFormat out (Parquet is the default for JSON) or set normalize: true.";
        }

        return null;
    }

    private static ProblemHttpResult AlreadyTriggered(JobRecord job) => Problems.Conflict(
        $"Job {job.JobId} is already {job.Status.ToWire()}; a job runs once. Upload the file again to process it again.");
}
