using System.Net;
using Amazon.Runtime;
using Amazon.S3;

namespace Etl.Aws.Storage;

/// <summary>
/// How S3 failures reach the core: after the SDK's own retries, anything the service or the network did becomes an
/// <see cref="IOException"/> naming the operation, bucket and key (the pipeline treats IOException as transient).
/// </summary>
internal static class S3Failures
{
    public static bool IsNotFound(AmazonS3Exception e) => e.StatusCode == HttpStatusCode.NotFound;

    /// <summary>A conditional write lost: the key exists (412), or another conditional write to it is in progress (409).</summary>
    public static bool IsPreconditionFailed(AmazonS3Exception e) => e.StatusCode == HttpStatusCode.PreconditionFailed;

    public static bool IsConditionalConflict(AmazonS3Exception e) =>
        e.StatusCode == HttpStatusCode.Conflict && e.ErrorCode == "ConditionalRequestConflict";

    public static bool IsServiceOrNetwork(Exception e) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException && e is not BlobIOException;

    public static IOException Wrap(Exception e, string operation, string bucket, string key) =>
        new BlobIOException($"S3 {operation} of '{key}' in bucket '{bucket}' failed after the SDK's retries: {Describe(e)}", e);

    private static string Describe(Exception e) => e switch
    {
        AmazonServiceException service => $"{(int)service.StatusCode} {service.ErrorCode}: {service.Message}",
        _ when e.InnerException is { } inner && e.Message.Contains("inner", StringComparison.OrdinalIgnoreCase) => $"{e.Message} ({inner.Message})",
        _ => e.Message,
    };
}

/// <summary>An S3 operation failed; the message says which and why.</summary>
public sealed class BlobIOException(string message, Exception inner) : IOException(message, inner);
