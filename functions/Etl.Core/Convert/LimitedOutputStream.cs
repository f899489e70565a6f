namespace Etl.Core.Convert;

/// <summary>
/// Passes writes through to another stream and refuses, with <see cref="OutputLimitExceededException"/>, the write
/// that would take the output past an <see cref="OutputLimit"/>. The limit holds on the output's end position, so a
/// writer that truncates and rewrites (JSON → Parquet's single pass falling back) is measured by what it keeps.
/// The inner stream stays open.
/// </summary>
public sealed class LimitedOutputStream(Stream inner, OutputLimit limit) : Stream
{
    private long _written;

    public override bool CanRead => false;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => true;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.CanSeek ? inner.Position : _written;
        set => inner.Position = value;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Admit(buffer.Length);
        inner.Write(buffer);
        _written += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Admit(buffer.Length);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => inner.SetLength(value);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Admit(int count)
    {
        var end = Position + count;
        if (end > limit.Bytes) throw new OutputLimitExceededException(limit, end);
    }
}
