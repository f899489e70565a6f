using System.Collections.Concurrent;
using Etl.Core.Storage;

namespace Etl.Core.Tests.Fakes;

/// <summary>Hand-written IBlobStore; it passes the same contract tests as the disk store.</summary>
public sealed class InMemoryBlobStore : IBlobStore
{
    private readonly ConcurrentDictionary<string, (byte[] Bytes, DateTimeOffset At)> _blobs = new();

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        StorageKeys.Validate(key);
        return _blobs.TryGetValue(key, out var blob)
            ? Task.FromResult<Stream>(new MemoryStream(blob.Bytes, writable: false))
            : throw new BlobNotFoundException(key);
    }

    public async Task<long> WriteAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        StorageKeys.Validate(key);
        using var buffer = new MemoryStream();
        await write(buffer, cancellationToken);
        _blobs[key] = (buffer.ToArray(), DateTimeOffset.UtcNow);
        return buffer.Length;
    }

    public async Task<long?> TryCreateAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        StorageKeys.Validate(key);
        using var buffer = new MemoryStream();
        await write(buffer, cancellationToken);
        return _blobs.TryAdd(key, (buffer.ToArray(), DateTimeOffset.UtcNow)) ? buffer.Length : null;
    }

    public Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        StorageKeys.Validate(key);
        return Task.FromResult(_blobs.TryGetValue(key, out var blob) ? new BlobInfo(key, blob.Bytes.Length, blob.At) : null);
    }

    public string AddressOf(string key)
    {
        StorageKeys.Validate(key);
        return key;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        StorageKeys.Validate(key);
        _blobs.TryRemove(key, out _);
        return Task.CompletedTask;
    }
}
