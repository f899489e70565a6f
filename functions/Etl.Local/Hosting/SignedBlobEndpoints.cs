using Etl.Adapters.Local.Signing;
using Etl.Api.Http;
using Etl.Core.Jobs;
using Etl.Core.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Etl.Local.Hosting;

/// <summary>
/// PUT and GET /blobs/{key}: what S3 does for presigned URLs, for the local host. Only requests carrying a valid,
/// unexpired signature for exactly this method and key get through; anything else is a 403 problem.
/// </summary>
internal static class SignedBlobEndpoints
{
    public static void MapSignedBlobEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(HmacSignedUrlIssuer.PathPrefix.TrimEnd('/')).WithTags("signed-urls").ExcludeFromDescription();
        group.MapPut("/{**key}", PutAsync);
        group.MapGet("/{**key}", GetAsync);
    }

    private static async Task<Results<Ok, ProblemHttpResult>> PutAsync(
        string key, HttpRequest request, HmacSignedUrlIssuer signer, IBlobStore blobs, IJobStore jobs, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var check = Check(signer, "PUT", key, query["expires"], query["max"], query["sig"]);
        if (check is not null)
        {
            return check;
        }

        // A job's input is written once: the first complete PUT publishes it (create-if-absent, atomic in the store),
        // and a trigger only starts a job whose input exists. So the bytes a job converts can never be replaced, whatever
        // order PUTs and the trigger arrive in; a later PUT, even one that started streaming before the trigger, gets 409.
        if (StorageKeys.UploadJobId(key) is { } jobId
            && await jobs.GetAsync(jobId, cancellationToken) is { } job
            && job.Status != JobStatus.Pending)
        {
            return Sealed(jobId, job.Status);
        }

        if (await blobs.GetInfoAsync(key, cancellationToken) is not null)
        {
            return AlreadyUploaded(key);
        }

        var max = long.Parse(query["max"]!, System.Globalization.CultureInfo.InvariantCulture);
        if (request.ContentLength > max)
        {
            return Problems.TooLarge($"The body has {request.ContentLength} bytes; this upload URL accepts at most {max}. Announce the real size in POST /upload.");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = max;
        }

        long? written;
        try
        {
            written = await blobs.TryCreateAsync(key, async (target, ct) =>
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > max)
                    {
                        throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
                    }

                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge($"The body is larger than the {max} bytes this upload URL accepts. Announce the real size in POST /upload.");
        }
        catch (BadHttpRequestException)
        {
            return Problems.BadRequest("The body ended before its announced length (Content-Length). Nothing was stored; PUT the whole file again.");
        }

        if (written is null)
        {
            // Another PUT published first while this one streamed; if the job was triggered meanwhile, say so.
            return StorageKeys.UploadJobId(key) is { } id && await jobs.GetAsync(id, CancellationToken.None) is { Status: not JobStatus.Pending } sealedJob
                ? Sealed(id, sealedJob.Status)
                : AlreadyUploaded(key);
        }

        return TypedResults.Ok();
    }

    private static ProblemHttpResult Sealed(string jobId, JobStatus status) => Problems.Conflict(
        $"Job {jobId} is {status.ToWire()}; its input was sealed when it was triggered and can no longer be replaced. Upload the file as a new job.");

    private static ProblemHttpResult AlreadyUploaded(string key) => Problems.Conflict(
        $"The file for job {StorageKeys.UploadJobId(key)} has already been uploaded; an upload URL takes one file, once, and the first complete upload is kept. " +
        "Trigger the job to process it, or announce a new upload with POST /upload to send a different file.");

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetAsync(
        string key, HttpRequest request, HmacSignedUrlIssuer signer, IBlobStore blobs, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var check = Check(signer, "GET", key, query["expires"], query["name"], query["sig"]);
        if (check is not null)
        {
            return check;
        }

        try
        {
            var stream = await blobs.OpenReadAsync(key, cancellationToken);
            var name = FileNames.TrySanitize(query["name"], out var safe, out _) ? safe : key[(key.LastIndexOf('/') + 1)..];
            return TypedResults.File(stream, ContentTypeOf(key), name, enableRangeProcessing: true);
        }
        catch (BlobNotFoundException)
        {
            return Problems.NotFound("The object this link points to no longer exists.");
        }
    }

    private static ProblemHttpResult? Check(HmacSignedUrlIssuer signer, string method, string key, string? expires, string? detail, string? signature)
    {
        try
        {
            StorageKeys.Validate(key);
        }
        catch (InvalidStorageKeyException)
        {
            return Problems.Forbidden("The link does not name a stored object. Use the URL exactly as the API returned it.");
        }

        var result = signer.Verify(method, key, expires, detail, signature);
        return result.IsValid ? null : Problems.Forbidden(result.Problem!);
    }

    private static string ContentTypeOf(string key) => Path.GetExtension(key).ToLowerInvariant() switch
    {
        ".ndjson" => "application/x-ndjson",
        ".json" => "application/json",
        ".parquet" => "application/vnd.apache.parquet",
        _ => "application/octet-stream",
    };
}
