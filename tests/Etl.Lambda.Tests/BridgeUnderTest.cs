using Etl.Lambda.Backend;
using Etl.Lambda.Bootstrap;
using Etl.Lambda.Client;
using Etl.Lambda.Http;
using Etl.Lambda.Logging;
using Etl.Lambda.Roles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Etl.Lambda.Tests;

/// <summary>
/// The API Gateway bridge over an application with the test's own endpoints (an echo of what the request became),
/// built by the production <see cref="ApiApplication"/> and driven through the real loop and the fake Runtime API.
/// </summary>
public sealed class BridgeUnderTest : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TempDirectory _data = new();
    private WebApplication? _app;
    private Task _run = Task.CompletedTask;

    public required FakeRuntimeApi Api { get; init; }

    public static async Task<BridgeUnderTest> StartAsync(Action<IEndpointRouteBuilder> map)
    {
        var bridge = new BridgeUnderTest { Api = await FakeRuntimeApi.StartAsync() };
        var environment = LambdaFunction.Environment(HandlerRoles.Api, bridge._data.Path, bridge.Api.HostAndPort);
        var settings = LambdaSettings.FromEnvironment(name => environment.GetValueOrDefault(name));
        var log = new JsonLog(new LogLines(), TimeProvider.System);
        var (app, server) = await ApiApplication.StartAsync(map, LambdaBackend.Local(settings, log), settings, log, CancellationToken.None);
        bridge._app = app;
        var client = new RuntimeApiClient(bridge.Api.HostAndPort);
        var loop = new RuntimeLoop(client, new ApiGatewayHandler(server), log, TimeSpan.FromSeconds(1), TimeProvider.System);
        bridge._run = Task.Run(async () =>
        {
            using (client)
            {
                await loop.RunAsync(bridge._stopping.Token);
            }
        });
        return bridge;
    }

    public async Task<System.Text.Json.JsonElement> SendAsync(System.Text.Json.Nodes.JsonNode e)
    {
        var outcome = await Api.InvokeAsync(e.ToJsonString());
        Assert.False(outcome.IsError, outcome.Text);
        return outcome.Json;
    }

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(Api.Violations);
        await _stopping.CancelAsync();
        await _run.WaitAsync(TimeSpan.FromMinutes(1));
        await Api.DisposeAsync();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _data.Dispose();
        _stopping.Dispose();
    }
}
