using Etl.Api.Contracts;
using Etl.Api.Http;
using Etl.Core.Jobs;
using Etl.Core.Storage;
using Etl.Core.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Etl.Api.Upload;

/// <summary>POST /upload: a small file as multipart/form-data, or a JSON announcement that returns a signed upload URL.</summary>
public static class UploadEndpoints
{
    // Multipart framing (boundaries, part headers) on top of the file itself.
    private const long MultipartOverhead = 1024 * 1024;

    // RFC 2046: a boundary is 1 to 70 characters.
    private const int MaxBoundaryLength = 70;

    public static RouteGroupBuilder MapUploadEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("upload");
        group.MapPost("/upload", HandleAsync)
            .WithName("Upload")
            .WithSummary("Upload a file (multipart field 'file'), or announce one with JSON and PUT it to the returned uploadUrl.")
            .Accepts<SignedUploadRequest>("application/json", "multipart/form-data")
            .DisableAntiforgery();
        return group;
    }

    internal static async Task<Results<Created<UploadResponse>, Created<SignedUploadResponse>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, IJobStore jobs, IBlobStore blobs, ISignedUrlIssuer urls, IOptions<ApiOptions> options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType && request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            return await MultipartAsync(request, jobs, blobs, options.Value, time, cancellationToken);
        }

        if (request.HasJsonContentType())
        {
            return await SignedAsync(request, jobs, urls, options.Value, time, cancellationToken);
        }

        return Problems.UnsupportedType(
            "POST /upload takes multipart/form-data with the file in a field named 'file', or application/json {\"fileName\": \"…\", \"size\": …} to get an upload URL.");
    }

    private static async Task<Results<Created<UploadResponse>, Created<SignedUploadResponse>, ProblemHttpResult>> MultipartAsync(
        HttpRequest request, IJobStore jobs, IBlobStore blobs, ApiOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var max = options.MaxMultipartUploadBytes;
        if (request.ContentLength > max + MultipartOverhead)
        {
            return UploadCopy.TooLarge(max);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = max + MultipartOverhead;
        }

        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            ? HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value
            : null;
        if (string.IsNullOrEmpty(boundary))
        {
            return Problems.BadRequest("The multipart Content-Type has no boundary; let your HTTP client build the multipart body.");
        }

        if (boundary.Length > MaxBoundaryLength)
        {
            return Problems.BadRequest($"The multipart boundary is longer than the {MaxBoundaryLength} characters multipart allows (RFC 2046); let your HTTP client build the multipart body.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        StoredFile? stored = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || HeaderUtilities.RemoveQuotes(disposition.Name).Value != "file")
                {
                    continue;
                }

                if (!HasFileName(disposition))
                {
                    // Read it through first: a body cut off inside this part is reported as cut off, not as a text field.
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                    return await AbandonAsync(stored, blobs, Problems.BadRequest(
                        "The field 'file' was sent as text, without a filename; send it as a file: -F \"file=@path/to/data.parquet\"."));
                }

                if (stored is not null)
                {
                    return await AbandonAsync(stored, blobs, Problems.BadRequest(
                        "The multipart body has more than one field named 'file'; upload one file per request (each file becomes its own job)."));
                }

                var rawName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                var (file, problem) = await StoreAsync(section.Body, rawName, section.ContentType, blobs, max, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }

                stored = file;
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return await AbandonAsync(stored, blobs, UploadCopy.TooLarge(max));
        }
        catch (InvalidDataException ex)
        {
            return await AbandonAsync(stored, blobs, Problems.BadRequest($"The multipart body is malformed: {Problems.Quote(ex.Message)}"));
        }
        catch (IOException)
        {
            // The body ended before the multipart framing did (no closing boundary), or the client went away.
            return await AbandonAsync(stored, blobs, UploadCopy.EndedEarly());
        }

        if (stored is null)
        {
            return Problems.BadRequest("The multipart body has no file field named 'file'. Send the file as -F \"file=@path/to/data.parquet\".");
        }

        var jobId = StorageKeys.UploadJobId(stored.Key)!;
        var now = time.GetUtcNow();
        try
        {
            await jobs.CreateAsync(new JobRecord
            {
                JobId = jobId,
                FileName = stored.FileName,
                CreatedAt = now,
                UpdatedAt = now,
                InputS3Key = stored.Key,
                InputFormat = stored.Kind.ToWire(),
                BytesIn = stored.Size,
            }, cancellationToken);
        }
        catch
        {
            await blobs.DeleteAsync(stored.Key, CancellationToken.None);
            throw;
        }

        return TypedResults.Created($"/job-status/{jobId}", new UploadResponse(jobId, stored.FileName, JobStatus.Pending.ToWire(),
            $"Uploaded {stored.Size} bytes. Start processing with POST /trigger-job {{\"jobId\": \"{jobId}\"}}."));
    }

    // Stores one file part under a new job's upload key; the job record is written once the whole body has been read.
    private static async Task<(StoredFile? File, ProblemHttpResult? Problem)> StoreAsync(
        Stream content, string? rawName, string? contentType, IBlobStore blobs, long max, CancellationToken cancellationToken)
    {
        if (!FileNames.TrySanitize(rawName, out var fileName, out var nameProblem))
        {
            return (null, Problems.BadRequest(nameProblem));
        }

        var declared = FileKinds.FromName(fileName, contentType);
        if (declared.IsUnsupported)
        {
            return (null, Problems.UnsupportedType($"'{Problems.Quote(fileName)}' is not a supported file type. Upload {FileKinds.SupportedDescription}."));
        }

        var key = StorageKeys.Upload(JobIds.New(), fileName);
        FileKind kind = default;
        try
        {
            var size = await blobs.WriteAsync(key,
                async (target, ct) => kind = await UploadCopy.CopyCheckedAsync(content, target, declared.Kind, max, ct),
                cancellationToken);
            return (new StoredFile(key, fileName, kind, size), null);
        }
        catch (UploadRejectedException rejected)
        {
            return (null, rejected.Problem);
        }
    }

    // A filename parameter, even an empty one (a browser's form with no file chosen), makes the part a file.
    private static bool HasFileName(ContentDispositionHeaderValue disposition)
    {
        foreach (var parameter in disposition.Parameters)
        {
            if (parameter.Name.Equals("filename", StringComparison.OrdinalIgnoreCase) || parameter.Name.Equals("filename*", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<ProblemHttpResult> AbandonAsync(StoredFile? stored, IBlobStore blobs, ProblemHttpResult problem)
    {
        if (stored is not null)
        {
            await blobs.DeleteAsync(stored.Key, CancellationToken.None);
        }

        return problem;
    }

    private sealed record StoredFile(string Key, string FileName, FileKind Kind, long Size);

    private static async Task<Results<Created<UploadResponse>, Created<SignedUploadResponse>, ProblemHttpResult>> SignedAsync(
        HttpRequest request, IJobStore jobs, ISignedUrlIssuer urls, ApiOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<SignedUploadRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.FileName is null)
        {
            return Problems.BadRequest("fileName is required, e.g. {\"fileName\": \"sales.parquet\", \"size\": 1048576}.");
        }

        if (body.Size is < 0)
        {
            return Problems.BadRequest("size must be the file's length in bytes (0 or more).");
        }

        if (body.Size > options.MaxSignedUploadBytes)
        {
            return Problems.TooLarge($"The file ({body.Size} bytes) is larger than the {UploadCopy.Describe(options.MaxSignedUploadBytes)} this service accepts.");
        }

        if (!FileNames.TrySanitize(body.FileName, out var fileName, out var nameProblem))
        {
            return Problems.BadRequest($"fileName is not usable: {nameProblem}");
        }

        var declared = FileKinds.FromName(fileName, body.ContentType);
        if (declared.Kind is not { } kind)
        {
            return Problems.UnsupportedType($"'{Problems.Quote(fileName)}' is not a supported file type. Name the file with its extension: {FileKinds.SupportedDescription}.");
        }

        var jobId = JobIds.New();
        var key = StorageKeys.Upload(jobId, fileName);
        var now = time.GetUtcNow();
        await jobs.CreateAsync(new JobRecord
        {
            JobId = jobId,
            FileName = fileName,
            CreatedAt = now,
            UpdatedAt = now,
            InputS3Key = key,
            InputFormat = kind.ToWire(),
            BytesIn = body.Size,
        }, cancellationToken);

        var url = urls.IssueUpload(key, body.Size ?? options.MaxSignedUploadBytes, options.UploadUrlLifetime);
        var seconds = (int)url.Lifetime.TotalSeconds;
        return TypedResults.Created($"/job-status/{jobId}", new SignedUploadResponse(jobId,
            url.Headers.Count == 0
                ? $"PUT the file's bytes to uploadUrl within {seconds} seconds, then POST /trigger-job {{\"jobId\": \"{jobId}\"}}."
                : $"PUT the file's bytes to uploadUrl within {seconds} seconds with the headers in uploadHeaders, then POST /trigger-job {{\"jobId\": \"{jobId}\"}}.",
            url.Url, seconds, url.Headers));
    }
}
