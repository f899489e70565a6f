using Etl.Core.Convert;
using Etl.Core.Normalize;
using Etl.Core.Storage;

namespace Etl.Core.Pipeline.Stages;

/// <summary>
/// The tables of a normalization job, first written to a local scratch folder (each held to the output limit), then
/// uploaded one by one to <c>output/{jobId}/tables/{table}/{table}.parquet</c>; tables.json names those keys.
/// </summary>
internal sealed class StagedTableSink(string jobId, string folder, OutputLimit limit) : ITableSink, IDisposable
{
    private readonly DirectoryTableSink _local = new(folder);
    private readonly List<string> _tables = [];
    private readonly List<Stream> _files = [];

    public Stream Create(string table)
    {
        _tables.Add(table);
        var file = _local.Create(table);
        // LimitedOutputStream leaves its inner stream open: the files are closed here, before they are uploaded.
        _files.Add(file);
        return new LimitedOutputStream(file, limit);
    }

    public string FileOf(string table) => StorageKeys.Table(jobId, table);

    /// <summary>Uploads every table; returns the bytes. On failure the tables already uploaded are deleted.</summary>
    public async Task<long> UploadAsync(IBlobStore blobs, CancellationToken cancellationToken)
    {
        CloseFiles();
        long total = 0;
        foreach (var table in _tables) total += new FileInfo(_local.PathOf(table)).Length;
        if (total > limit.Bytes) throw new OutputLimitExceededException(limit, total);
        var uploaded = new List<string>(_tables.Count);
        try
        {
            foreach (var table in _tables)
            {
                await using var file = new FileStream(_local.PathOf(table), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                var key = FileOf(table);
                await blobs.WriteAsync(key, file, cancellationToken);
                uploaded.Add(key);
            }
            return total;
        }
        catch
        {
            foreach (var key in uploaded) await DeleteQuietlyAsync(blobs, key);
            throw;
        }
    }

    /// <summary>Deletes the uploaded tables (when a later step of the stage fails).</summary>
    public async Task DeleteUploadedAsync(IBlobStore blobs)
    {
        foreach (var table in _tables) await DeleteQuietlyAsync(blobs, FileOf(table));
    }

    private static async Task DeleteQuietlyAsync(IBlobStore blobs, string key)
    {
        try
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception)
        {
            // Best effort: the job fails with the first error anyway.
        }
    }

    private void CloseFiles()
    {
        foreach (var file in _files) file.Dispose();
        _files.Clear();
    }

    public void Dispose()
    {
        CloseFiles();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
