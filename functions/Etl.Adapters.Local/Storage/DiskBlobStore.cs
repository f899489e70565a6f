using Etl.Core.Storage;

namespace Etl.Adapters.Local.Storage;

/// <summary>
/// <see cref="IBlobStore"/> over a directory. A key maps to a file below the root and can never leave it; a write
/// goes to a temporary name in the target directory, is flushed to disk, then renamed over the target, so readers see
/// the old file or the new one. A failed write leaves no folder behind; a crash leaves at most a stray temporary file
/// (<see cref="TemporaryFiles"/>), which the host removes at its next start along with the folders it leaves empty
/// (<see cref="RemoveEmptyFolders"/>).
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

    public async Task<long> WriteAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken) =>
        (await PublishAsync(key, write, overwrite: true, cancellationToken))!.Value;

    public Task<long?> TryCreateAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken) =>
        PublishAsync(key, write, overwrite: false, cancellationToken);

    // Writes into a temporary file beside the target, then renames it into place: over the target (overwrite), or only if
    // the target does not exist (NewNamePublisher: link(2), which fails atomically when the name is taken). Whatever does
    // not get published is removed, and so is any folder the write created and left empty.
    private async Task<long?> PublishAsync(string key, Func<Stream, CancellationToken, Task> write, bool overwrite, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        var directory = Path.GetDirectoryName(path)!;
        var temp = TemporaryFiles.Beside(path);
        var published = false;
        try
        {
            long length;
            await using (var file = CreateTemporary(directory, temp))
            {
                await write(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
                length = file.Length;
            }

            if (overwrite)
            {
                File.Move(temp, path, overwrite: true);
            }
            else if (!NewNamePublisher.TryPublish(temp, path))
            {
                return null;
            }

            published = true;
            return length;
        }
        finally
        {
            if (!published)
            {
                TryDelete(temp);
                PruneEmptyFolders(directory);
            }
        }
    }

    private static FileStream CreateTemporary(string directory, string temp)
    {
        for (var attempt = 1; ; attempt++)
        {
            Directory.CreateDirectory(directory);
            try
            {
                return new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            }
            catch (DirectoryNotFoundException) when (attempt < 5)
            {
                // Another write's cleanup removed the folder between our create and our open; create it again.
            }
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
        var path = PathOf(key);
        TryDelete(path);
        PruneEmptyFolders(Path.GetDirectoryName(path)!);
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

    public string AddressOf(string key) => PathOf(key);

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

    // Removes the folder and its parents up to (not including) the root while they are empty; a folder that is not
    // empty, or that another writer just used, stops the walk.
    private void PruneEmptyFolders(string directory)
    {
        for (var dir = directory; dir.Length > _root.Length && dir.StartsWith(_root, StringComparison.Ordinal); dir = Path.GetDirectoryName(dir)!)
        {
            try
            {
                Directory.Delete(dir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return;
            }
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
