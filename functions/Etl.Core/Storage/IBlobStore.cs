namespace Etl.Core.Storage;

/// <summary>
/// Named byte blobs (S3 on AWS, files under the data directory locally). Keys are '/'-separated relative paths
/// checked by <see cref="StorageKeys.Validate"/>. Writes are atomic: a reader sees the old content or the new, never a part.
/// </summary>
public interface IBlobStore
{
    /// <summary>Opens a blob for reading; seekable where the backend allows. Throws <see cref="BlobNotFoundException"/>.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a blob by letting <paramref name="write"/> fill a stream, then publishes it under <paramref name="key"/>
    /// in one step. If <paramref name="write"/> throws, nothing is published and any previous content stays.
    /// Returns the number of bytes written.
    /// </summary>
    Task<long> WriteAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="WriteAsync"/>, but publishes only if no blob has the key yet, atomically with respect to every
    /// other writer (S3: PUT with If-None-Match: *). Returns the number of bytes written, or null when the key was
    /// already taken: then nothing is published and the existing blob is unchanged. Write-once keys (a job's input)
    /// use it so that bytes a reader has seen can never be replaced underneath it.
    /// </summary>
    Task<long?> TryCreateAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken);

    /// <summary>Size and time of a blob, or null when it does not exist.</summary>
    Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes a blob; no error when it does not exist.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Where a reader outside the product (Athena, Glue, DuckDB) finds the blob: a local path on disk,
    /// <c>s3://bucket/key</c> on S3. ddl.sql's LOCATIONs are made from it.
    /// </summary>
    string AddressOf(string key);
}

/// <summary>What a blob store knows about one blob.</summary>
public sealed record BlobInfo(string Key, long Size, DateTimeOffset LastModified);

/// <summary>No blob has the requested key.</summary>
public sealed class BlobNotFoundException(string key) : FileNotFoundException($"No stored object has the key '{key}'.")
{
    public string Key { get; } = key;
}

/// <summary>Conveniences over <see cref="IBlobStore"/> that every backend gets for free.</summary>
public static class BlobStoreExtensions
{
    public static Task<long> WriteAsync(this IBlobStore store, string key, Stream content, CancellationToken cancellationToken) =>
        store.WriteAsync(key, (target, ct) => content.CopyToAsync(target, ct), cancellationToken);

    public static Task<long> WriteAsync(this IBlobStore store, string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        store.WriteAsync(key, (target, ct) => target.WriteAsync(content, ct).AsTask(), cancellationToken);
}
