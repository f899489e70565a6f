using Etl.Core.Storage;

namespace Etl.Adapters.Local.Storage;

/// <summary>
/// <see cref="IBlobStore"/> over a directory. A key maps to a file below the root and can never leave it; a write
/// goes to a temporary name in the target directory, is flushed to disk, then renamed over the target, so readers see
/// the old file or the new one and a crash leaves at most a stray temporary file (<see cref="TemporaryFiles"/>), which
/// the host removes at its next start along with the folders it leaves empty (<see cref="RemoveEmptyFolders"/>).
/// </summary>
public sealed class DiskBlobStore : IBlobStore
{
    private const int BufferSize = 1 << 20;

    // Symbolic links are skipped, never followed; hidden entries count (our temporary files start with '.').
    private static readonly EnumerationOptions RealFoldersOnly = new() { AttributesToSkip = FileAttributes.ReparsePoint };
    private static readonly EnumerationOptions AnyEntry = new() { AttributesToSkip = 0 };

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
        Directory.CreateDirectory(directory);
        var temp = TemporaryFiles.Beside(path);
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

    /// <summary>
    /// Removes the empty folders below each top-level key folder (uploads/{jobId}/ of an upload a crash cut off), which
    /// S3 would not have either; the top-level folders stay. Call it at start-up, before any write. Symbolic links are
    /// not followed. Returns how many were removed.
    /// </summary>
    public int RemoveEmptyFolders()
    {
        var removed = 0;
        foreach (var area in new DirectoryInfo(_root).EnumerateDirectories("*", RealFoldersOnly))
        {
            // Folders starting with '.' are not key folders (keys never start with '.'): the host's state lives there.
            if (!area.Name.StartsWith('.'))
            {
                foreach (var folder in area.EnumerateDirectories("*", RealFoldersOnly))
                {
                    removed += RemoveIfEmpty(folder);
                }
            }
        }

        return removed;
    }

    // Depth first, so a folder whose only content was empty folders goes too.
    private static int RemoveIfEmpty(DirectoryInfo folder)
    {
        var removed = 0;
        foreach (var child in folder.EnumerateDirectories("*", RealFoldersOnly))
        {
            removed += RemoveIfEmpty(child);
        }

        try
        {
            if (!folder.EnumerateFileSystemInfos("*", AnyEntry).Any())
            {
                folder.Delete(recursive: false);
                removed++;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Filled or locked meanwhile: it stays.
        }

        return removed;
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
