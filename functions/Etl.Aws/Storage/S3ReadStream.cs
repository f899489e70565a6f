using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;

namespace Etl.Aws.Storage;

/// <summary>
/// A seekable read-only view of one S3 object through ranged GETs. A read that misses the buffered window fetches a
/// window of <c>readAhead</c> bytes (shifted back when it would run past the end, so the first read of a Parquet footer
/// also fetches the metadata before it); a read of a window or more goes straight into the caller's buffer; a read that
/// continues where the last window ended starts fetching the next window in the background. So a Parquet conversion
/// streams from S3, fetching each byte about once and never the whole file first. Every GET carries the ETag seen when
/// the stream opened (If-Match), so an object replaced mid-read fails the read instead of mixing two versions.
/// </summary>
internal sealed class S3ReadStream : Stream
{
    private readonly IAmazonS3 _s3;
    private readonly string _bucket;
    private readonly string _key;
    private readonly string? _etag;
    private readonly int _readAhead;
    private readonly CancellationTokenSource _disposed = new();
    private Window? _window;
    private Task<Window>? _next;
    private long _position;

    public S3ReadStream(IAmazonS3 s3, string bucket, string key, long length, string? etag, int readAhead)
    {
        _s3 = s3;
        _bucket = bucket;
        _key = key;
        _etag = etag;
        _readAhead = readAhead;
        Length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    // The Parquet reader reads synchronously; the SDK is async only. Blocking here costs a pool thread per reading
    // stage, which the in-process runner and a Lambda worker can afford.
    public override int Read(Span<byte> buffer)
    {
        var copied = CopyCovered(buffer);
        if (copied > 0 || _position >= Length || buffer.IsEmpty)
        {
            return copied;
        }

        var rented = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length, Length - _position));
        try
        {
            var n = ReadAsync(rented.AsMemory(0, (int)Math.Min(buffer.Length, Length - _position)), CancellationToken.None).AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (_position >= Length || buffer.IsEmpty)
        {
            return 0;
        }

        if (CopyCovered(buffer.Span) is var copied and > 0)
        {
            return copied;
        }

        var wanted = (int)Math.Min(buffer.Length, Length - _position);
        if (wanted >= _readAhead)
        {
            // Large reads (a whole column chunk) go straight to the caller: no copy, no window.
            await FetchAsync(_position, buffer[..wanted], cancellationToken);
            _position += wanted;
            return wanted;
        }

        await LoadWindowAsync(cancellationToken);
        return CopyCovered(buffer.Span);
    }

    /// <summary>Copies what the current window holds at the position (0 on a miss) and moves past it.</summary>
    private int CopyCovered(Span<byte> destination)
    {
        if (_window is not { } w || _position < w.Start || _position >= w.End)
        {
            return 0;
        }

        var count = (int)Math.Min(destination.Length, w.End - _position);
        w.Buffer.AsSpan((int)(_position - w.Start), count).CopyTo(destination);
        _position += count;
        return count;
    }

    private async Task LoadWindowAsync(CancellationToken cancellationToken)
    {
        var sequential = _window is { } previous && previous.End == _position;
        Window next;
        if (_next is { } prefetch && (await SettleAsync(prefetch)) is { } fetched && fetched.Start <= _position && _position < fetched.End)
        {
            next = fetched;
        }
        else
        {
            (_next is null ? null : await SettleAsync(_next))?.Release();
            var start = Math.Max(0, Math.Min(_position, Length - _readAhead));
            next = await LoadAsync(start, cancellationToken);
        }

        _next = null;
        _window?.Release();
        _window = next;
        if (sequential && next.End < Length)
        {
            _next = LoadAsync(next.End, _disposed.Token);
        }
    }

    private async Task<Window> LoadAsync(long start, CancellationToken cancellationToken)
    {
        var length = (int)Math.Min(_readAhead, Length - start);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await FetchAsync(start, buffer.AsMemory(0, length), cancellationToken);
            return new Window(start, buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    // A prefetch that failed or was cancelled is simply not used; the read fetches again and reports its own error.
    private static async Task<Window?> SettleAsync(Task<Window> prefetch)
    {
        try
        {
            return await prefetch;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private async Task FetchAsync(long start, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest
        {
            BucketName = _bucket,
            Key = _key,
            ByteRange = new ByteRange(start, start + destination.Length - 1),
            EtagToMatch = _etag,
        };
        try
        {
            using var response = await _s3.GetObjectAsync(request, cancellationToken);
            var filled = 0;
            while (filled < destination.Length)
            {
                var n = await response.ResponseStream.ReadAsync(destination[filled..], cancellationToken);
                if (n == 0)
                {
                    throw new EndOfStreamException($"S3 returned {filled} of the {destination.Length} bytes requested at offset {start} of '{_key}' in bucket '{_bucket}'.");
                }

                filled += n;
            }
        }
        catch (AmazonS3Exception e) when (S3Failures.IsPreconditionFailed(e) || S3Failures.IsNotFound(e))
        {
            throw new BlobIOException($"'{_key}' in bucket '{_bucket}' was replaced or deleted while it was being read; read it again.", e);
        }
        catch (Exception e) when (S3Failures.IsServiceOrNetwork(e) && !cancellationToken.IsCancellationRequested)
        {
            throw S3Failures.Wrap(e, $"GET (bytes {start}–{start + destination.Length - 1})", _bucket, _key);
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => Length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
            _window?.Release();
            _window = null;
            if (_next is { } prefetch)
            {
                // The buffer of a prefetch still in flight goes back to the pool when it lands.
                _ = prefetch.ContinueWith(t => t.Result.Release(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                _next = null;
            }
        }

        base.Dispose(disposing);
    }

    private sealed class Window(long start, byte[] buffer, int length)
    {
        public long Start { get; } = start;

        public long End { get; } = start + length;

        public byte[] Buffer { get; } = buffer;

        public void Release() => ArrayPool<byte>.Shared.Return(Buffer);
    }
}
