using System.Text;
using Xunit.Abstractions;
using Etl.Core.Convert;
using Etl.Core.Json;

namespace Etl.Core.Tests.Json;

/// <summary>Memory-heavy tests run alone, so their measurements are not disturbed by (nor disturb) other tests.</summary>
[CollectionDefinition(nameof(LargeRecordCollection), DisableParallelization = true)]
public sealed class LargeRecordCollection;

/// <summary>A single 100 MB NDJSON line: read within bounded memory, or refused clearly past the limit.</summary>
[Collection(nameof(LargeRecordCollection))]
public sealed class LargeRecordTests(ITestOutputHelper output)
{
    private const long LineBytes = 100L * 1024 * 1024;

    [Fact]
    public void A_100_MB_line_is_inferred_in_a_few_hundred_MB()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var schema = JsonToParquet.Infer(new HugeLineStream(LineBytes));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"inference allocated {allocated / (1024 * 1024)} MiB");
        Assert.Equal(1, schema.RecordCount);
        Assert.Equal(["id", "text", "values", "values[]", "tail"], schema.Paths());
        Assert.Equal("INT64", schema.Column("values[]").Type);
        // The record buffer doubles up to 128 MiB: about 256 MiB allocated in all, 192 MiB live at most.
        Assert.True(allocated < 400L * 1024 * 1024, $"inference allocated {allocated / (1024 * 1024)} MiB");
    }

    [Fact]
    public void A_100_MB_line_is_converted_in_bounded_memory()
    {
        using var sampler = new HeapSampler();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var sink = new CountingStream();
        var result = JsonToParquet.Convert(new HugeLineStream(LineBytes, seekable: true), sink);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(1, result.RowCount);
        Assert.True(sink.Length > 1024 * 1024);
        var peak = sampler.Stop();
        output.WriteLine($"conversion: {allocated / (1024 * 1024)} MiB allocated in all, managed heap peak {peak / (1024 * 1024)} MiB (sampled), {sink.Length} bytes written");
        // Two passes each grow the record buffer to 128 MiB (about 256 MiB allocated per pass); the batches hold the
        // 50 MB string and 7 million integers with their levels. The sampled peak depends on when the GC runs, so it
        // gets a wide margin; the total allocated is deterministic and bounds the peak from above.
        Assert.True(allocated < 1536L * 1024 * 1024, $"the conversion allocated {allocated / (1024 * 1024)} MiB");
        Assert.True(peak < 1024L * 1024 * 1024, $"the managed heap peaked at {peak / (1024 * 1024)} MiB");
    }

    [Fact]
    public void A_line_past_the_limit_is_refused_without_reading_it_all()
    {
        var stream = new HugeLineStream(LineBytes);
        var e = Assert.Throws<JsonInputException>(() =>
            JsonToParquet.Infer(stream, new JsonToParquetOptions { Read = new JsonReadOptions { MaxRecordBytes = 16 * 1024 * 1024 } }));
        Assert.Equal(JsonInputErrorKind.RecordTooLarge, e.Kind);
        Assert.Contains("16 MiB", e.Message);
        Assert.Equal(1L, e.Line);
        Assert.True(stream.Position < 20L * 1024 * 1024, $"read {stream.Position} bytes");
    }

    /// <summary>
    /// Generates <c>{"id":1,"text":"abc…","values":[0,1,2,…],"tail":true}\n</c> of about the requested size on the
    /// fly (half text, half numbers), so the test itself never holds it.
    /// </summary>
    private sealed class HugeLineStream(long size, bool seekable = false) : Stream
    {
        private static readonly byte[] Head = Encoding.UTF8.GetBytes("{\"id\":1,\"text\":\"");
        private static readonly byte[] Middle = Encoding.UTF8.GetBytes("\",\"values\":[0");
        private static readonly byte[] Tail = Encoding.UTF8.GetBytes("],\"tail\":true}\n");
        private readonly long _textEnd = size / 2;
        private readonly long _numbersEnd = size;
        private long _position;
        private long _next = 1;
        private readonly byte[] _chunk = new byte[32 * 1000];
        private byte[] _pending = [];
        private int _pendingLength;
        private int _pendingAt;

        public override bool CanRead => true;
        public override bool CanSeek => seekable;
        public override bool CanWrite => false;
        public override long Length => seekable ? Total : throw new NotSupportedException();
        private long Total => _numbersEnd + Tail.Length + 16;

        public override long Position
        {
            get => _position;
            set
            {
                if (!seekable || value != 0) throw new NotSupportedException();
                _position = 0;
                _next = 1;
                _pending = [];
                _pendingLength = 0;
                _pendingAt = 0;
                _phase = 0;
            }
        }

        private int _phase;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count)
            {
                if (_pendingAt < _pendingLength)
                {
                    var n = Math.Min(count - written, _pendingLength - _pendingAt);
                    _pending.AsSpan(_pendingAt, n).CopyTo(buffer.AsSpan(offset + written));
                    _pendingAt += n;
                    written += n;
                    _position += n;
                    continue;
                }
                switch (_phase)
                {
                    case 0:
                        Queue(Head);
                        _phase = 1;
                        break;
                    case 1:
                        if (_position >= _textEnd)
                        {
                            Queue(Middle);
                            _phase = 2;
                            break;
                        }
                        var text = (int)Math.Min(count - written, _textEnd - _position);
                        for (var i = 0; i < text; i++) buffer[offset + written + i] = (byte)('a' + (int)((_position + i) % 26));
                        written += text;
                        _position += text;
                        break;
                    case 2:
                        if (_position >= _numbersEnd)
                        {
                            Queue(Tail);
                            _phase = 3;
                            break;
                        }
                        // Allocation-free, so the measurement sees only what the reader allocates.
                        var length = 0;
                        for (var i = 0; i < 1000; i++)
                        {
                            _chunk[length++] = (byte)',';
                            _next++.TryFormat(_chunk.AsSpan(length), out var digits, default, System.Globalization.CultureInfo.InvariantCulture);
                            length += digits;
                        }
                        _pending = _chunk;
                        _pendingLength = length;
                        _pendingAt = 0;
                        break;
                    default:
                        return written;
                }
            }
            return written;
        }

        private void Queue(byte[] bytes)
        {
            _pending = bytes;
            _pendingLength = bytes.Length;
            _pendingAt = 0;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A write-only sink that only counts.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }

    /// <summary>Samples the managed heap size every few milliseconds and keeps the peak.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public HeapSampler()
        {
            GC.Collect();
            _timer = new Timer(_ => Sample(), null, 0, 5);
        }

        private void Sample()
        {
            var now = GC.GetTotalMemory(forceFullCollection: false);
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen) { }
        }

        public long Stop()
        {
            _timer.Dispose();
            Sample();
            return Interlocked.Read(ref _peak);
        }

        public void Dispose() => _timer.Dispose();
    }
}
