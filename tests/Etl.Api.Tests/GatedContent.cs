using System.Net;

namespace Etl.Api.Tests;

/// <summary>
/// A request body sent in two parts: the first <c>headLength</c> bytes at once, the rest only after <see cref="Release"/>.
/// It lets a test hold an upload mid-stream while something else happens, without timing.
/// </summary>
public sealed class GatedContent(byte[] bytes, int headLength) : HttpContent
{
    private readonly TaskCompletionSource _headSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first part has been flushed to the connection.</summary>
    public Task HeadSent => _headSent.Task;

    public void Release() => _released.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(bytes.AsMemory(0, headLength));
        await stream.FlushAsync();
        _headSent.TrySetResult();
        await _released.Task;
        await stream.WriteAsync(bytes.AsMemory(headLength));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = bytes.Length;
        return true;
    }
}
