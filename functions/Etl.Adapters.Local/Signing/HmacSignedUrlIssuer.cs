using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Etl.Core.Storage;

namespace Etl.Adapters.Local.Signing;

/// <summary>
/// Local stand-in for S3 presigned URLs: /blobs/{key}?expires=…&amp;max=…&amp;sig=… where sig is an HMAC-SHA256 over
/// the method, the key, the expiry and the limits. Anyone holding the URL may do that one thing until it expires;
/// changing any part of it breaks the signature.
/// </summary>
public sealed class HmacSignedUrlIssuer(byte[] secret, Func<Uri> baseAddress, TimeProvider time) : ISignedUrlIssuer
{
    /// <summary>The path prefix the host serves signed blob requests under.</summary>
    public const string PathPrefix = "/blobs/";

    public SignedUrl IssueUpload(string key, long maxBytes, TimeSpan lifetime)
    {
        StorageKeys.Validate(key);
        var expires = Expiry(lifetime);
        var max = maxBytes.ToString(CultureInfo.InvariantCulture);
        var signature = Sign("PUT", key, expires, max);
        return Url(key, $"expires={expires}&max={max}&sig={signature}", lifetime);
    }

    public SignedUrl IssueDownload(string key, string downloadFileName, TimeSpan lifetime)
    {
        StorageKeys.Validate(key);
        var expires = Expiry(lifetime);
        var signature = Sign("GET", key, expires, downloadFileName);
        return Url(key, $"expires={expires}&name={Uri.EscapeDataString(downloadFileName)}&sig={signature}", lifetime);
    }

    /// <summary>Checks a signed request. <paramref name="detail"/> is the max (PUT) or name (GET) parameter.</summary>
    public SignatureCheck Verify(string method, string key, string? expires, string? detail, string? signature)
    {
        if (expires is null || detail is null || signature is null
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt))
        {
            return SignatureCheck.Invalid("The link is incomplete: it lacks its expires, limit or sig parameter. Use the whole URL the API returned.");
        }

        var expected = Encoding.ASCII.GetBytes(Sign(method, key, expires, detail));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return SignatureCheck.Invalid("The link's signature does not match: it was changed after it was issued, or issued by another data directory. Request a new link from the API.");
        }

        var expiry = DateTimeOffset.FromUnixTimeSeconds(expiresAt);
        return time.GetUtcNow() >= expiry
            ? SignatureCheck.Invalid($"The link expired at {expiry:yyyy-MM-dd'T'HH:mm:ss'Z'}. Request a new one (POST /upload or GET /download/{{jobId}}).")
            : SignatureCheck.Valid;
    }

    private string Expiry(TimeSpan lifetime) =>
        time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private string Sign(string method, string key, string expires, string detail)
    {
        var message = Encoding.UTF8.GetBytes($"{method}\n{key}\n{expires}\n{detail}");
        return Base64Url.EncodeToString(HMACSHA256.HashData(secret, message));
    }

    private SignedUrl Url(string key, string query, TimeSpan lifetime)
    {
        var path = string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        // Relative to the base, so a base with a path (a proxy's https://example.com/etl/) keeps it.
        var root = baseAddress();
        var url = new Uri(root.AbsolutePath.EndsWith('/') ? root : new Uri(root.AbsoluteUri + "/"), $"{PathPrefix[1..]}{path}?{query}");
        return new SignedUrl(url, time.GetUtcNow().Add(lifetime), lifetime);
    }
}

/// <summary>The result of <see cref="HmacSignedUrlIssuer.Verify"/>: valid, or why not in words a person can act on.</summary>
public sealed record SignatureCheck(bool IsValid, string? Problem)
{
    public static SignatureCheck Valid { get; } = new(true, null);

    public static SignatureCheck Invalid(string problem) => new(false, problem);
}
