using Amazon.S3;
using Amazon.S3.Model;
using Etl.Core.Storage;

namespace Etl.Aws.Storage;

/// <summary>
/// <see cref="IBlobStore"/> on S3. Reads are seekable streams over ranged GETs (<see cref="S3ReadStream"/>); writes go
/// through <see cref="S3UploadStream"/> and become visible in one step (PutObject, or CompleteMultipartUpload), so a
/// failed write publishes nothing and leaves the previous object in place; create-only writes publish with
/// If-None-Match: *, so of racing creators exactly one wins. The bucket of a key follows the storage layout
/// (<see cref="S3Buckets"/>). Service and network failures surface, after the SDK's retries, as <see cref="BlobIOException"/>.
/// </summary>
public sealed class S3BlobStore(IAmazonS3 s3, S3Buckets buckets, int partBytes = 8 * 1024 * 1024, int readAheadBytes = 4 * 1024 * 1024) : IBlobStore
{
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var bucket = BucketOf(key);
        var head = await HeadAsync(bucket, key, cancellationToken) ?? throw new BlobNotFoundException(key);
        return new S3ReadStream(s3, bucket, key, head.ContentLength, head.ETag, readAheadBytes);
    }

    public async Task<long> WriteAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken) =>
        (await PublishAsync(key, write, onlyIfAbsent: false, cancellationToken))!.Value;

    public async Task<long?> TryCreateAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        // A cheap early answer, so a taken key does not cost a whole upload; the conditional publish is what decides.
        return await HeadAsync(BucketOf(key), key, cancellationToken) is not null
            ? null
            : await PublishAsync(key, write, onlyIfAbsent: true, cancellationToken);
    }

    private async Task<long?> PublishAsync(string key, Func<Stream, CancellationToken, Task> write, bool onlyIfAbsent, CancellationToken cancellationToken)
    {
        var bucket = BucketOf(key);
        await using var upload = new S3UploadStream(s3, bucket, key, partBytes, onlyIfAbsent);
        try
        {
            await write(upload, cancellationToken);
            return await upload.PublishAsync(cancellationToken);
        }
        catch
        {
            await upload.AbortAsync();
            throw;
        }
    }

    public async Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken) =>
        await HeadAsync(BucketOf(key), key, cancellationToken) is { } head
            ? new BlobInfo(key, head.ContentLength, head.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.UnixEpoch)
            : null;

    public string AddressOf(string key) => $"s3://{BucketOf(key)}/{key}";

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var bucket = BucketOf(key);
        try
        {
            await s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (S3Failures.IsNotFound(e))
        {
            // Already gone (S3 itself answers 204; some emulators 404).
        }
        catch (Exception e) when (S3Failures.IsServiceOrNetwork(e))
        {
            throw S3Failures.Wrap(e, "DELETE", bucket, key);
        }
    }

    private async Task<GetObjectMetadataResponse?> HeadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (S3Failures.IsNotFound(e))
        {
            return null;
        }
        catch (Exception e) when (S3Failures.IsServiceOrNetwork(e))
        {
            throw S3Failures.Wrap(e, "HEAD", bucket, key);
        }
    }

    private string BucketOf(string key)
    {
        StorageKeys.Validate(key);
        return buckets.For(key);
    }
}
