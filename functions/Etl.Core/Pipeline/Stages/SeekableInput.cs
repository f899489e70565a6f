using Etl.Core.Storage;

namespace Etl.Core.Pipeline.Stages;

/// <summary>
/// Parquet is read from its footer backwards, so the readers need a seekable stream. Local blobs are files and seek;
/// a backend that streams (S3) is spooled to a temporary file that deletes itself when closed.
/// </summary>
public static class SeekableInput
{
    /// <summary>The blob at <paramref name="key"/> as a seekable stream (spooled to a self-deleting temporary file when the store streams).</summary>
    public static async Task<Stream> OpenAsync(IBlobStore blobs, string key, CancellationToken cancellationToken)
    {
        var stream = await blobs.OpenReadAsync(key, cancellationToken);
        if (stream.CanSeek)
        {
            return stream;
        }

        await using (stream)
        {
            var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None,
                1 << 20, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await stream.CopyToAsync(spool, cancellationToken);
            spool.Position = 0;
            return spool;
        }
    }
}
