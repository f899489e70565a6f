using Microsoft.Win32.SafeHandles;

namespace Etl.Parquet.File;

/// <summary>
/// Positional reads of a Parquet file. The seam through which local files, seekable streams and (later)
/// S3 ranged GETs feed the reader; positional so column chunks can be read from several threads at once.
/// </summary>
public interface IRandomAccessSource : IDisposable
{
    long Length { get; }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; throws if the source ends first.</summary>
    void ReadExactly(long offset, Span<byte> destination);
}

/// <summary>A file on disk, read with positional I/O (thread-safe, no shared file position).</summary>
public sealed class FileSource : IRandomAccessSource
{
    private readonly SafeFileHandle _handle;

    public FileSource(string path)
    {
        _handle = System.IO.File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        Length = RandomAccess.GetLength(_handle);
    }

    public long Length { get; }

    public void ReadExactly(long offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var n = RandomAccess.Read(_handle, destination, offset);
            if (n <= 0) throw new ParquetFormatException($"the file ended while reading {destination.Length} bytes").At(offset: offset);
            destination = destination[n..];
            offset += n;
        }
    }

    public void Dispose() => _handle.Dispose();
}

/// <summary>Any seekable stream; reads are serialized because a stream has one position.</summary>
public sealed class StreamSource : IRandomAccessSource
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Lock _gate = new();

    public StreamSource(Stream stream, bool leaveOpen = false)
    {
        if (!stream.CanSeek || !stream.CanRead) throw new ArgumentException("Parquet needs a readable, seekable stream: its footer is at the end.", nameof(stream));
        _stream = stream;
        _leaveOpen = leaveOpen;
        Length = stream.Length;
    }

    public long Length { get; }

    public void ReadExactly(long offset, Span<byte> destination)
    {
        lock (_gate)
        {
            _stream.Position = offset;
            var total = 0;
            while (total < destination.Length)
            {
                var n = _stream.Read(destination[total..]);
                if (n <= 0) throw new ParquetFormatException($"the file ended while reading {destination.Length} bytes").At(offset: offset + total);
                total += n;
            }
        }
    }

    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }
}
