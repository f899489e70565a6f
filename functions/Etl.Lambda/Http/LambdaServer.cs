using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Etl.Lambda.Http;

/// <summary>
/// An ASP.NET Core server without a socket: each API Gateway event becomes one feature collection run through the
/// application's pipeline (routing, endpoints, problem details), exactly as Kestrel would run a request.
/// </summary>
public sealed class LambdaServer : IServer
{
    private Func<BridgeRequest, CancellationToken, Task<BridgeResponse>>? _process;

    public IFeatureCollection Features { get; } = CreateServerFeatures();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        _process = (request, token) => ProcessAsync(application, request, token);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _process = null;
        return Task.CompletedTask;
    }

    public void Dispose() => _process = null;

    /// <summary>Runs one request through the application; cancelled with <paramref name="cancellationToken"/> (RequestAborted).</summary>
    public Task<BridgeResponse> InvokeAsync(BridgeRequest request, CancellationToken cancellationToken) =>
        (_process ?? throw new InvalidOperationException("The application has not started (or has stopped)."))(request, cancellationToken);

    private static async Task<BridgeResponse> ProcessAsync<TContext>(
        IHttpApplication<TContext> application, BridgeRequest request, CancellationToken cancellationToken)
        where TContext : notnull
    {
        using var response = new ResponseCapture();
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Method = request.Method,
            Scheme = request.Scheme,
            Protocol = request.Protocol,
            PathBase = request.PathBase.Value ?? string.Empty,
            Path = request.Path.Value ?? "/",
            QueryString = request.QueryString.Length == 0 ? string.Empty : "?" + request.QueryString,
            RawTarget = request.RawTarget,
            Headers = request.Headers,
            Body = new MemoryStream(request.Body, writable: false),
        });
        features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(request.Body.Length > 0));
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(response);
        features.Set<IHttpRequestIdentifierFeature>(new HttpRequestIdentifierFeature { TraceIdentifier = request.TraceIdentifier ?? Guid.NewGuid().ToString("N") });
        features.Set<IHttpRequestLifetimeFeature>(new RequestLifetime(aborted));
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = request.TraceIdentifier ?? string.Empty,
            RemoteIpAddress = IPAddress.TryParse(request.RemoteAddress, out var remote) ? remote : null,
            LocalIpAddress = IPAddress.Loopback,
        });

        var context = application.CreateContext(features);
        try
        {
            await application.ProcessRequestAsync(context);
        }
        catch (Exception ex)
        {
            application.DisposeContext(context, ex);
            return response.HasStarted ? await response.FinishAsync() : response.Failed();
        }

        var result = await response.FinishAsync();
        application.DisposeContext(context, null);
        return result;
    }

    private static FeatureCollection CreateServerFeatures()
    {
        var features = new FeatureCollection();
        features.Set<IServerAddressesFeature>(new ServerAddressesFeature());
        return features;
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody { get; } = canHaveBody;
    }

    private sealed class RequestLifetime(CancellationTokenSource source) : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; } = source.Token;

        public void Abort() => source.Cancel();
    }
}
