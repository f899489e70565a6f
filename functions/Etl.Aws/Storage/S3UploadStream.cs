using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;

namespace Etl.Aws.Storage;

/// <summary>
/// The write side of one blob write. Bytes are buffered into parts of <c>partBytes</c>; the first full part starts a
/// multipart upload and each part is sent while the next fills (one in flight). Nothing is visible under the key until
/// <see cref="PublishAsync"/>: a blob that fits in one part is a single PutObject, a larger one is published by
/// CompleteMultipartUpload. <see cref="AbortAsync"/> throws the parts away. Conditional publishing (If-None-Match: *) makes
/// the write create-only. Bodies are sent plain (UseChunkEncoding = false): emulators such as s3rver would otherwise
/// store the aws-chunked framing as content.
/// </summary>
internal sealed class S3UploadStream(IAmazonS3 s3, string bucket, string key, int partBytes, bool onlyIfAbsent) : Stream
{
    private const int ConflictAttempts = 5;

    private readonly List<PartETag> _parts = [];
    private byte[]? _buffer;
    private int _filled;
    private string? _uploadId;
    private Task? _inFlight;
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    // Writers that write synchronously (the JSON and Parquet encoders) block here while a full part is handed over.
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Fill(buffer);
            buffer = buffer[taken..];
            if (_filled == partBytes)
            {
                SendPartAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Fill(buffer.Span);
            buffer = buffer[taken..];
            if (_filled == partBytes)
            {
                await SendPartAsync(cancellationToken);
            }
        }
    }

    private int Fill(ReadOnlySpan<byte> source)
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(partBytes);
        var taken = Math.Min(source.Length, partBytes - _filled);
        source[..taken].CopyTo(_buffer.AsSpan(_filled));
        _filled += taken;
        _length += taken;
        return taken;
    }

    private async Task SendPartAsync(CancellationToken cancellationToken)
    {
        if (_inFlight is { } previous)
        {
            _inFlight = null;
            await previous;
        }

        if (_uploadId is null)
        {
            var created = await Call("CreateMultipartUpload", () => s3.InitiateMultipartUploadAsync(
                new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, cancellationToken));
            _uploadId = created.UploadId;
        }

        var part = _buffer!;
        var size = _filled;
        var number = _parts.Count + 1;
        _parts.Add(null!); // reserved: filled in when the part's upload returns its ETag
        _buffer = null;
        _filled = 0;
        _inFlight = UploadPartAsync(number, part, size, cancellationToken);
    }

    private async Task UploadPartAsync(int number, byte[] part, int size, CancellationToken cancellationToken)
    {
        try
        {
            using var body = new MemoryStream(part, 0, size, writable: false);
            var response = await Call($"UploadPart {number}", () => s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = _uploadId,
                PartNumber = number,
                InputStream = body,
                PartSize = size,
                UseChunkEncoding = false,
            }, cancellationToken));
            _parts[number - 1] = new PartETag(number, response.ETag);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(part);
        }
    }

    /// <summary>Makes the written bytes the blob; returns the length, or null when create-only and the key was taken.</summary>
    public async Task<long?> PublishAsync(CancellationToken cancellationToken)
    {
        if (_uploadId is null)
        {
            return await PutSingleAsync(cancellationToken) ? _length : null;
        }

        if (_filled > 0)
        {
            await SendPartAsync(cancellationToken);
        }

        if (_inFlight is { } last)
        {
            _inFlight = null;
            await last;
        }

        var complete = new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = _uploadId, PartETags = _parts };
        if (onlyIfAbsent)
        {
            complete.IfNoneMatch = "*";
        }

        if (!await ConditionalAsync("CompleteMultipartUpload", () => s3.CompleteMultipartUploadAsync(complete, cancellationToken)))
        {
            // S3 keeps the parts of an upload whose completion was refused; nothing else will ever complete it.
            await AbortAsync();
            return null;
        }

        _uploadId = null;
        return _length;
    }

    private Task<bool> PutSingleAsync(CancellationToken cancellationToken) =>
        ConditionalAsync("PutObject", () =>
        {
            var request = new PutObjectRequest
            {
                BucketName = bucket,
                Key = key,
                InputStream = new MemoryStream(_buffer ?? [], 0, _filled, writable: false),
                AutoCloseStream = true,
                UseChunkEncoding = false,
            };
            if (onlyIfAbsent)
            {
                request.IfNoneMatch = "*";
            }

            return s3.PutObjectAsync(request, cancellationToken);
        });

    /// <summary>
    /// Runs a publishing call; false when a create-only publish found the key taken (412). S3 answers 409
    /// ConditionalRequestConflict while another conditional write to the key is in progress: the call is repeated, and
    /// then either wins or sees 412.
    /// </summary>
    private async Task<bool> ConditionalAsync<T>(string operation, Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Call(operation, call);
                return true;
            }
            catch (BlobIOException e) when (e.InnerException is AmazonS3Exception s3Error && onlyIfAbsent && S3Failures.IsPreconditionFailed(s3Error))
            {
                return false;
            }
            catch (BlobIOException e) when (e.InnerException is AmazonS3Exception s3Error && S3Failures.IsConditionalConflict(s3Error) && attempt < ConflictAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt));
            }
        }
    }

    /// <summary>Throws away the parts sent so far (best effort: the caller is already failing with the real error).</summary>
    public async Task AbortAsync()
    {
        if (_inFlight is { } pending)
        {
            _inFlight = null;
            try
            {
                await pending;
            }
            catch (Exception)
            {
                // The write is failing already; this part's own error adds nothing.
            }
        }

        if (_uploadId is { } uploadId)
        {
            _uploadId = null;
            try
            {
                await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, CancellationToken.None);
            }
            catch (Exception e) when (S3Failures.IsServiceOrNetwork(e))
            {
                // Unreachable S3: the parts stay invisible (never completed) until the bucket's AbortIncompleteMultipartUpload rule removes them.
            }
        }
    }

    private async Task<T> Call<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (S3Failures.IsServiceOrNetwork(e))
        {
            throw S3Failures.Wrap(e, operation, bucket, key, ". Nothing was published; the previous object, if any, is unchanged.");
        }
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }
}
