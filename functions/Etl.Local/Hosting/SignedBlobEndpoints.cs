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

        // Unlike S3, the local host knows the job: once it has been triggered its input is no longer replaceable,
        // so a late or repeated PUT cannot change what a running or finished job was made from.
        if (StorageKeys.UploadJobId(key) is { } jobId
            && await jobs.GetAsync(jobId, cancellationToken) is { } job
            && job.Status != JobStatus.Pending)
        {
            return Problems.Conflict($"Job {jobId} is {job.Status.ToWire()}; its input can no longer be replaced. Upload the file as a new job.");
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

        try
        {
            await blobs.WriteAsync(key, async (target, ct) =>
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

        return TypedResults.Ok();
    }

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
            return TypedResults.File(stream, ContentTypeOf(key), FileNames.Sanitize(query["name"]), enableRangeProcessing: true);
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
