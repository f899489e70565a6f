using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Etl.Lambda.Http;

/// <summary>
/// The response side of one bridged request: status, headers and a buffered body (a proxy response is one
/// document, so nothing streams). OnStarting callbacks run before the first body byte, as under Kestrel.
/// </summary>
internal sealed class ResponseCapture : IHttpResponseFeature, IHttpResponseBodyFeature, IDisposable
{
    private readonly MemoryStream _buffer = new();
    private readonly StartingStream _stream;
    private readonly List<(Func<object, Task> Callback, object State)> _onStarting = [];
    private readonly List<(Func<object, Task> Callback, object State)> _onCompleted = [];
    private PipeWriter? _writer;

    public ResponseCapture()
    {
        _stream = new StartingStream(this, _buffer);
    }

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    public Stream Body
    {
        get => _stream;
        set => throw new NotSupportedException("The bridge buffers the response body itself.");
    }

    public bool HasStarted { get; private set; }

    public Stream Stream => _stream;

    public PipeWriter Writer => _writer ??= PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));

    public void OnStarting(Func<object, Task> callback, object state) => _onStarting.Add((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => _onCompleted.Add((callback, state));

    public void DisableBuffering()
    {
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted)
        {
            return;
        }

        // Registered last runs first, as in Kestrel.
        for (var i = _onStarting.Count - 1; i >= 0; i--)
        {
            await _onStarting[i].Callback(_onStarting[i].State);
        }

        HasStarted = true;
    }

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken);
        await using var file = File.OpenRead(path);
        file.Seek(offset, SeekOrigin.Begin);
        if (count is { } limit)
        {
            var remaining = new byte[limit];
            await file.ReadExactlyAsync(remaining, cancellationToken);
            await _buffer.WriteAsync(remaining, cancellationToken);
        }
        else
        {
            await file.CopyToAsync(_buffer, cancellationToken);
        }
    }

    public async Task CompleteAsync()
    {
        await StartAsync();
        if (_writer is not null)
        {
            await _writer.FlushAsync();
        }
    }

    /// <summary>The application is done: flush what it wrote and run the completion callbacks.</summary>
    public async Task<BridgeResponse> FinishAsync()
    {
        await CompleteAsync();
        var response = new BridgeResponse(StatusCode, Headers, _buffer.GetBuffer().AsMemory(0, (int)_buffer.Length));
        for (var i = _onCompleted.Count - 1; i >= 0; i--)
        {
            await _onCompleted[i].Callback(_onCompleted[i].State);
        }

        return response;
    }

    public void Dispose()
    {
        _stream.Dispose();
        _buffer.Dispose();
    }

    /// <summary>The application failed before it answered: a bare 500, as Kestrel sends.</summary>
    public BridgeResponse Failed()
    {
        var headers = new HeaderDictionary { ["Content-Length"] = "0" };
        return new BridgeResponse(StatusCodes.Status500InternalServerError, headers, ReadOnlyMemory<byte>.Empty);
    }

    // Starts the response (OnStarting callbacks) before the first byte reaches the buffer.
    private sealed class StartingStream(ResponseCapture owner, MemoryStream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => owner.StartAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            owner.StartAsync().GetAwaiter().GetResult();
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await owner.StartAsync(cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
