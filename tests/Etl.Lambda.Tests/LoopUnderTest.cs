using Etl.Lambda.Bootstrap;
using Etl.Lambda.Client;
using Etl.Lambda.Logging;

namespace Etl.Lambda.Tests;

/// <summary>The real Runtime API loop around a handler the test builds, against a fake Runtime API.</summary>
public sealed class LoopUnderTest : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _run = Task.CompletedTask;

    public required FakeRuntimeApi Api { get; init; }

    public LogLines Log { get; } = new();

    public static async Task<LoopUnderTest> StartAsync(IInvocationHandler handler, TimeSpan? margin = null)
    {
        var loop = new LoopUnderTest { Api = await FakeRuntimeApi.StartAsync() };
        var client = new RuntimeApiClient(loop.Api.HostAndPort);
        var runtime = new RuntimeLoop(client, handler, new JsonLog(loop.Log, TimeProvider.System), margin ?? TimeSpan.FromSeconds(1), TimeProvider.System);
        loop._run = Task.Run(async () =>
        {
            using (client)
            {
                await runtime.RunAsync(loop._stopping.Token);
            }
        });
        return loop;
    }

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(Api.Violations);
        await _stopping.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromMinutes(1));
        await Api.DisposeAsync();
        _stopping.Dispose();
    }
}
