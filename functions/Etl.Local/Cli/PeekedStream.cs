namespace Etl.Local.Cli;

/// <summary>
/// A pipe whose first bytes were already read to tell its format: gives those bytes back first, then the rest,
/// so sniffing a non-seekable input consumes nothing.
/// </summary>
internal sealed class PeekedStream(byte[] head, int headLength, Stream rest) : Stream
{
    private int _served;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        if (_served == headLength) return rest.Read(buffer);
        var n = Math.Min(buffer.Length, headLength - _served);
        head.AsSpan(_served, n).CopyTo(buffer);
        _served += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) rest.Dispose();
        base.Dispose(disposing);
    }
}
