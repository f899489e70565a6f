using System.Buffers;

namespace Etl.Parquet.File.Writer;

/// <summary>A reusable growable byte buffer (an <see cref="IBufferWriter{T}"/> whose written bytes stay writable).</summary>
internal sealed class PageBuffer : IBufferWriter<byte>
{
    private byte[] _buffer;

    public PageBuffer(int capacity = 64 * 1024) => _buffer = new byte[Math.Max(16, capacity)];

    public int Length { get; private set; }

    public byte[] Buffer => _buffer;

    public Span<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public void Reset() => Length = 0;

    public void Advance(int count)
    {
        if (count < 0 || count > _buffer.Length - Length) throw new ArgumentOutOfRangeException(nameof(count));
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(Length);
    }

    private void Ensure(int sizeHint)
    {
        if (sizeHint < 1) sizeHint = 1;
        if (_buffer.Length - Length >= sizeHint) return;
        long need = (long)Length + sizeHint;
        if (need > Array.MaxLength) throw new InvalidOperationException($"a page would exceed {Array.MaxLength} bytes");
        var grown = new byte[(int)Math.Min(Array.MaxLength, Math.Max(need, _buffer.Length * 2L))];
        _buffer.AsSpan(0, Length).CopyTo(grown);
        _buffer = grown;
    }
}

/// <summary>The output stream, written forward only, with the byte count kept here (the stream may not seek).</summary>
internal sealed class OutputSink
{
    private readonly Stream _stream;

    public OutputSink(Stream stream) => _stream = stream;

    public long Position { get; private set; }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        Position += bytes.Length;
    }
}
