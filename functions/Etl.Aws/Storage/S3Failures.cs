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

    /// <summary>A conditional request's condition did not hold: on a create-only write, the key exists.</summary>
    public static bool IsPreconditionFailed(AmazonS3Exception e) => e.StatusCode == HttpStatusCode.PreconditionFailed;

    /// <summary>Another conditional write to the same key is in progress; S3 asks to try again.</summary>
    public static bool IsConditionalConflict(AmazonS3Exception e) =>
        e.StatusCode == HttpStatusCode.Conflict && e.ErrorCode == "ConditionalRequestConflict";

    public static bool IsServiceOrNetwork(Exception e) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException && e is not BlobIOException;

    public static IOException Wrap(Exception e, string operation, string bucket, string key, string? consequence = null) =>
        new BlobIOException($"S3 {operation} of '{key}' in bucket '{bucket}' failed after the SDK's retries: {Describe(e)}{consequence}", e);

    private static string Describe(Exception e) => e switch
    {
        AmazonServiceException service => $"{(int)service.StatusCode} {service.ErrorCode}: {service.Message}",
        // Network failures say what happened in the inner exception ("Connection refused (127.0.0.1:4568)").
        { InnerException: { } inner } when !e.Message.Contains(inner.Message, StringComparison.Ordinal) => $"{e.Message} ({inner.Message})",
        _ => e.Message,
    };
}

/// <summary>An S3 operation failed; the message says which and why.</summary>
public sealed class BlobIOException(string message, Exception inner) : IOException(message, inner);
