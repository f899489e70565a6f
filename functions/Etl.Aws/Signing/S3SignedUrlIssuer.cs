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
/// <param name="unannouncedUploadBytes">
/// The limit the API passes when the client announced no size (ApiOptions.MaxSignedUploadBytes). A presigned PUT can
/// only fix the size exactly, never cap it, so such a URL is issued without a signed Content-Length: S3's own 5 GiB
/// limit of a single PUT applies, and the validate stage sees the real size.
/// </param>
public sealed class S3SignedUrlIssuer(IAmazonS3 s3, S3Buckets buckets, TimeProvider time, long unannouncedUploadBytes, Uri? endpoint = null) : ISignedUrlIssuer
{
    public SignedUrl IssueUpload(string key, long maxBytes, TimeSpan lifetime)
    {
        var request = Request(key, HttpVerb.PUT, lifetime);
        if (maxBytes != unannouncedUploadBytes)
        {
            request.Headers.ContentLength = maxBytes;
        }

        return Issue(request, lifetime);
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
            // Whole seconds: the SDK counts X-Amz-Expires from a whole-second X-Amz-Date and rounds up, so a fraction here
            // would make the URL live a second longer than the lifetime.
            Expires = WholeSeconds(time.GetUtcNow().Add(lifetime)).UtcDateTime,
            // The SDK writes the scheme from Protocol, not from the endpoint: an http emulator needs HTTP.
            Protocol = endpoint?.Scheme == "http" ? Protocol.HTTP : Protocol.HTTPS,
        };
    }

    private SignedUrl Issue(GetPreSignedUrlRequest request, TimeSpan lifetime) =>
        new(new Uri(s3.GetPreSignedURL(request)), WholeSeconds(time.GetUtcNow().Add(lifetime)), lifetime);

    private static DateTimeOffset WholeSeconds(DateTimeOffset value) => DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());
}
