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

/// <summary>Where a column chunk's pages go; <see cref="Position"/> is the offset the chunk's metadata records.</summary>
internal abstract class PageSink
{
    public long Position { get; protected set; }

    public abstract void Write(ReadOnlySpan<byte> bytes);
}

/// <summary>The output stream, written forward only, with the byte count kept here (the stream may not seek).</summary>
internal sealed class OutputSink : PageSink
{
    private readonly Stream _stream;

    public OutputSink(Stream stream) => _stream = stream;

    public override void Write(ReadOnlySpan<byte> bytes)
    {
        _stream.Write(bytes);
        Position += bytes.Length;
    }
}

/// <summary>
/// A column chunk encoded in memory, positions counted from 0, until it is copied to the output (parallel
/// encoding). Kept across row groups. Segments rather than one doubling array: growing copies nothing, and a
/// chunk may pass the 2 GB limit of an array as it may when written straight to the output.
/// </summary>
internal sealed class ChunkBuffer : PageSink
{
    // Small first segments keep a narrow column cheap in a wide file; 4 MB segments keep the count low.
    private const int FirstSegment = 16 * 1024;
    private const int MaxSegmentShift = 8;

    private readonly List<byte[]> _segments = [];
    private int _current;   // the segment being filled; those before it are full
    private int _used;      // bytes in it

    public void Reset()
    {
        _current = 0;
        _used = 0;
        Position = 0;
    }

    public override void Write(ReadOnlySpan<byte> bytes)
    {
        long length = bytes.Length;
        while (!bytes.IsEmpty)
        {
            // Uninitialized: only written bytes are ever read, and zeroing a row group's worth of segments is not free.
            if (_current == _segments.Count) _segments.Add(GC.AllocateUninitializedArray<byte>(FirstSegment << Math.Min(_current, MaxSegmentShift)));
            var segment = _segments[_current];
            int n = Math.Min(segment.Length - _used, bytes.Length);
            bytes[..n].CopyTo(segment.AsSpan(_used));
            bytes = bytes[n..];
            _used += n;
            if (_used == segment.Length)
            {
                _current++;
                _used = 0;
            }
        }
        Position += length;
    }

    /// <summary>Writes the chunk's bytes to <paramref name="sink"/>.</summary>
    public void CopyTo(OutputSink sink)
    {
        for (int i = 0; i < _current; i++) sink.Write(_segments[i]);
        if (_used > 0) sink.Write(_segments[_current].AsSpan(0, _used));
    }
}
