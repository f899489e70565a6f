namespace Etl.Core.Storage;

/// <summary>
/// Issues expiring URLs through which clients move blob bytes directly (S3 presigned URLs on AWS; HMAC-signed URLs
/// of the local host). Whoever holds the URL may do exactly one thing with exactly one key until it expires.
/// </summary>
public interface ISignedUrlIssuer
{
    /// <summary>A URL that accepts one HTTP PUT of at most <paramref name="maxBytes"/> bytes to <paramref name="key"/>.</summary>
    SignedUrl IssueUpload(string key, long maxBytes, TimeSpan lifetime);

    /// <summary>A URL that answers HTTP GET with the blob, offered to the browser as <paramref name="downloadFileName"/>.</summary>
    SignedUrl IssueDownload(string key, string downloadFileName, TimeSpan lifetime);
}

/// <summary>A signed URL, how long it stays valid, and the headers its request must carry.</summary>
/// <param name="Headers">
/// Headers the signature covers beyond the URL, which the client must send as given (an S3 upload URL that seals the
/// input signs <c>If-None-Match: *</c>); empty when none.
/// </param>
public sealed record SignedUrl(Uri Url, DateTimeOffset ExpiresAt, TimeSpan Lifetime, IReadOnlyDictionary<string, string> Headers)
{
    public SignedUrl(Uri url, DateTimeOffset expiresAt, TimeSpan lifetime) : this(url, expiresAt, lifetime, NoHeaders)
    {
    }

    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();
}
