using Etl.Core.Storage;

namespace Etl.Adapters.Local.Storage;

/// <summary>
/// <see cref="IBlobStore"/> over a directory. A key maps to a file below the root and can never leave it; a write
/// goes to a temporary name in the target directory, is flushed to disk, then renamed over the target, so readers see
/// the old file or the new one and a crash leaves at most a stray temporary file.
/// </summary>
public sealed class DiskBlobStore : IBlobStore
{
    private const string TempSuffix = ".partial";
    private const int BufferSize = 1 << 20;

    private readonly string _root;

    public DiskBlobStore(string rootDirectory)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory)) + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(_root);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(key);
        }
    }

    public async Task<long> WriteAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var directory = Path.GetDirectoryName(path)!;
        var createdDirectory = !Directory.Exists(directory);
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TempSuffix}");
        try
        {
            long length;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                await write(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                length = file.Length;
            }

            File.Move(temp, path, overwrite: true);
            return length;
        }
        catch
        {
            TryDelete(temp);
            // A failed first write (output/{jobId}/ of a failed job) leaves no empty folder behind either.
            if (createdDirectory) TryDeleteEmptyDirectory(directory);
            throw;
        }
    }

    public Task<BlobInfo?> GetInfoAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists
            ? new BlobInfo(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero))
            : null);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        TryDelete(PathOf(key));
        return Task.CompletedTask;
    }

    /// <summary>The file a key names; throws <see cref="InvalidStorageKeyException"/> for any key that would resolve outside the root.</summary>
    public string PathOf(string key)
    {
        StorageKeys.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(_root, StringComparison.Ordinal))
        {
            throw new InvalidStorageKeyException(key, "it resolves outside the data directory");
        }

        return path;
    }

    private static void TryDeleteEmptyDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: false);
        }
        catch (IOException)
        {
            // Not empty (another blob landed there meanwhile) or already gone: leave it.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a stray file is harmless and never resolves from a valid key.
        }
    }
}
