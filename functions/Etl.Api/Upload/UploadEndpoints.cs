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

        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return Problems.BadRequest("The multipart Content-Type has no boundary; let your HTTP client build the multipart body.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.IsFileDisposition() || HeaderUtilities.RemoveQuotes(disposition.Name).Value != "file")
                {
                    continue;
                }

                var rawName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                return await StoreAsync(section.Body, rawName, section.ContentType, jobs, blobs, max, time, cancellationToken);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return UploadCopy.TooLarge(max);
        }
        catch (InvalidDataException ex)
        {
            return Problems.BadRequest($"The multipart body is malformed: {ex.Message}");
        }

        return Problems.BadRequest("The multipart body has no file field named 'file'. Send the file as -F \"file=@path/to/data.parquet\".");
    }

    private static async Task<Results<Created<UploadResponse>, Created<SignedUploadResponse>, ProblemHttpResult>> StoreAsync(
        Stream content, string? rawName, string? contentType, IJobStore jobs, IBlobStore blobs, long max, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var fileName = FileNames.Sanitize(rawName);
        var declared = FileKinds.FromName(fileName, contentType);
        if (declared.IsUnsupported)
        {
            return Problems.UnsupportedType($"'{fileName}' is not a supported file type. Upload {FileKinds.SupportedDescription}.");
        }

        var jobId = JobIds.New();
        var key = StorageKeys.Upload(jobId, fileName);
        FileKind kind = default;
        long size;
        try
        {
            size = await blobs.WriteAsync(key,
                async (target, ct) => kind = await UploadCopy.CopyCheckedAsync(content, target, declared.Kind, max, ct),
                cancellationToken);
        }
        catch (UploadRejectedException rejected)
        {
            return rejected.Problem;
        }

        var now = time.GetUtcNow();
        try
        {
            await jobs.CreateAsync(new JobRecord
            {
                JobId = jobId,
                FileName = fileName,
                CreatedAt = now,
                UpdatedAt = now,
                InputS3Key = key,
                InputFormat = kind.ToWire(),
                BytesIn = size,
            }, cancellationToken);
        }
        catch
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
            throw;
        }

        return TypedResults.Created($"/job-status/{jobId}", new UploadResponse(jobId, fileName, JobStatus.Pending.ToWire(),
            $"Uploaded {size} bytes. Start processing with POST /trigger-job {{\"jobId\": \"{jobId}\"}}."));
    }

    private static async Task<Results<Created<UploadResponse>, Created<SignedUploadResponse>, ProblemHttpResult>> SignedAsync(
        HttpRequest request, IJobStore jobs, ISignedUrlIssuer urls, ApiOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<SignedUploadRequest>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.FileName))
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

        var fileName = FileNames.Sanitize(body.FileName);
        var declared = FileKinds.FromName(fileName, body.ContentType);
        if (declared.Kind is not { } kind)
        {
            return Problems.UnsupportedType($"'{fileName}' is not a supported file type. Name the file with its extension: {FileKinds.SupportedDescription}.");
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
            $"PUT the file's bytes to uploadUrl within {seconds} seconds, then POST /trigger-job {{\"jobId\": \"{jobId}\"}}.",
            url.Url, seconds));
    }
}
