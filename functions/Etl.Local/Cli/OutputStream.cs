namespace Etl.Local.Cli;

/// <summary>
/// OUT as the converters see it: a failed write or flush (disk full, reader gone, device error) becomes a
/// <see cref="CliOutputException"/> naming OUT rather than the temporary file or an "I/O error"; a device or pipe
/// is not seekable, whatever lseek says of /dev/null, so no converter tries to truncate or rewind it.
/// </summary>
internal sealed class OutputStream(Stream inner, string name, bool seekable) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => seekable;
    public override bool CanWrite => true;
    public override long Length => seekable ? inner.Length : throw new NotSupportedException();

    public override long Position
    {
        get => seekable ? inner.Position : throw new NotSupportedException();
        set
        {
            if (!seekable) throw new NotSupportedException();
            inner.Position = value;
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            inner.Write(buffer);
        }
        catch (IOException e)
        {
            throw CliOutputException.Writing(name, e);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush() => Flush(toDisk: false);

    /// <summary>Flushes the buffer, and with <paramref name="toDisk"/> a file's pages too.</summary>
    public void Flush(bool toDisk)
    {
        try
        {
            if (toDisk && inner is FileStream file) file.Flush(flushToDisk: true);
            else inner.Flush();
        }
        catch (IOException e)
        {
            throw CliOutputException.Writing(name, e);
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => seekable ? inner.Seek(offset, origin) : throw new NotSupportedException();

    public override void SetLength(long value)
    {
        if (!seekable) throw new NotSupportedException();
        inner.SetLength(value);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                inner.Dispose();
            }
            catch (IOException)
            {
                // Only after a failure is anything left to flush here (success flushes first), and that failure
                // is the one to report.
            }
        }
        base.Dispose(disposing);
    }
}
