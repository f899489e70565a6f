using Amazon.S3;
using Amazon.S3.Model;
using Etl.Aws.Storage;
using Etl.Core.Storage;

namespace Etl.Aws.Signing;

/// <summary>
/// <see cref="ISignedUrlIssuer"/> as S3 presigned URLs (SigV4, query-string signed). An upload URL is a PUT whose signature
/// covers Content-Length, so S3 refuses a body of any other size than the one announced; a download URL is a GET whose
/// signature covers response-content-disposition, so the browser saves the file under its name.
/// </summary>
/// <remarks>
/// With <paramref name="createOnly"/> (the default on AWS) the upload URL's signature also covers <c>If-None-Match: *</c>:
/// S3 then stores only the first PUT and answers 412 to any later one, which seals a job's input as the local host does.
/// A signed header must be sent, so the URL carries it in <see cref="SignedUrl.Headers"/> and <c>POST /upload</c> hands
/// it to the client as <c>uploadHeaders</c>; off, a second PUT within the URL's lifetime replaces the object (a read in
/// progress then fails rather than mixing the two: reads pin the ETag).
/// </remarks>
/// <param name="unannouncedUploadBytes">
/// The limit the API passes when the client announced no size (ApiOptions.MaxSignedUploadBytes). A presigned PUT can
/// only fix the size exactly, never cap it, so such a URL is issued without a signed Content-Length: S3's own 5 GiB
/// limit of a single PUT applies, and the validate stage sees the real size.
/// </param>
/// <param name="createOnly">Sign If-None-Match: * into upload URLs (ETL_S3_UPLOAD_CREATE_ONLY).</param>
public sealed class S3SignedUrlIssuer(
    IAmazonS3 s3, S3Buckets buckets, TimeProvider time, long unannouncedUploadBytes, Uri? endpoint = null, bool createOnly = false) : ISignedUrlIssuer
{
    private const string CreateOnlyHeader = "If-None-Match";

    public SignedUrl IssueUpload(string key, long maxBytes, TimeSpan lifetime)
    {
        var request = Request(key, HttpVerb.PUT, lifetime);
        if (maxBytes != unannouncedUploadBytes)
        {
            request.Headers.ContentLength = maxBytes;
        }

        if (!createOnly)
        {
            return Issue(request, lifetime);
        }

        request.Headers[CreateOnlyHeader] = "*";
        var url = Issue(request, lifetime);
        return url with { Headers = new Dictionary<string, string> { [CreateOnlyHeader] = "*" } };
    }

    public SignedUrl IssueDownload(string key, string downloadFileName, TimeSpan lifetime)
    {
        var request = Request(key, HttpVerb.GET, lifetime);
        request.ResponseHeaderOverrides.ContentDisposition = ContentDisposition.Attachment(downloadFileName);
        return Issue(request, lifetime);
    }

    private GetPreSignedUrlRequest Request(string key, HttpVerb verb, TimeSpan lifetime)
    {
        StorageKeys.Validate(key);
        return new GetPreSignedUrlRequest
        {
            BucketName = buckets.For(key),
            Key = key,
            Verb = verb,
            // Whole seconds, as X-Amz-Expires counts them (from the SDK's clock, corrected by the server's Date header).
            Expires = WholeSeconds(time.GetUtcNow().Add(lifetime)).UtcDateTime,
            // The SDK writes the scheme from Protocol, not from the endpoint: an http emulator needs HTTP.
            Protocol = endpoint?.Scheme == "http" ? Protocol.HTTP : Protocol.HTTPS,
        };
    }

    private SignedUrl Issue(GetPreSignedUrlRequest request, TimeSpan lifetime) =>
        new(new Uri(s3.GetPreSignedURL(request)), WholeSeconds(time.GetUtcNow().Add(lifetime)), lifetime);

    private static DateTimeOffset WholeSeconds(DateTimeOffset value) => DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());
}
