using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Etl.Lambda.Tests;

/// <summary>
/// The Lambda Runtime API (2018-06-01) on a free 127.0.0.1 port, over Kestrel: serves queued events on /next and
/// records what the runtime posts back. Anything the protocol does not allow (an unknown request id, a second answer,
/// an error without its error-type header or without the error document's fields, an unknown path) is recorded as a
/// violation, which every test checks is empty.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    public const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:etl-test";
    private const string Prefix = "/2018-06-01/runtime";

    private readonly WebApplication _app;
    private readonly Channel<QueuedEvent> _queue = Channel.CreateUnbounded<QueuedEvent>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RuntimeOutcome>> _pending = new();
    private readonly TaskCompletionSource<RuntimeOutcome> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next;

    private FakeRuntimeApi(WebApplication app)
    {
        _app = app;
    }

    /// <summary>host:port, the value of AWS_LAMBDA_RUNTIME_API.</summary>
    public string HostAndPort { get; private set; } = string.Empty;

    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Completes when the runtime posts /runtime/init/error.</summary>
    public Task<RuntimeOutcome> InitError => _initError.Task;

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeRuntimeApi(app);
        app.MapGet(Prefix + "/invocation/next", fake.NextAsync);
        app.MapPost(Prefix + "/invocation/{requestId}/response", (Delegate)fake.ResponseAsync);
        app.MapPost(Prefix + "/invocation/{requestId}/error", (Delegate)fake.ErrorAsync);
        app.MapPost(Prefix + "/init/error", (Delegate)fake.InitErrorAsync);
        app.MapFallback((HttpContext context) =>
        {
            fake.Violations.Enqueue($"unknown request {context.Request.Method} {context.Request.Path}");
            return Results.NotFound();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.HostAndPort = new Uri(address).Authority;
        return fake;
    }

    /// <summary>Queues an event and waits for the runtime's answer to it.</summary>
    public async Task<RuntimeOutcome> InvokeAsync(byte[] payload, TimeSpan? timeLimit = null, string? traceId = null)
    {
        var requestId = $"req-{Interlocked.Increment(ref _next):D4}-{Guid.NewGuid():N}";
        var outcome = new TaskCompletionSource<RuntimeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[requestId] = outcome;
        var deadline = DateTimeOffset.UtcNow + (timeLimit ?? TimeSpan.FromMinutes(5));
        await _queue.Writer.WriteAsync(new QueuedEvent(requestId, deadline, traceId ?? NewTraceId(), payload));
        // A safety net against a hung runtime, not a measurement.
        return await outcome.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>An X-Ray trace header: Root=1-{time, 8 hex}-{24 hex};Sampled=1.</summary>
    public static string NewTraceId()
    {
        var hex = Guid.NewGuid().ToString("N");
        return $"Root=1-{DateTimeOffset.UtcNow.ToUnixTimeSeconds():x8}-{hex[..24]};Sampled=1";
    }

    public Task<RuntimeOutcome> InvokeAsync(string json, TimeSpan? timeLimit = null, string? traceId = null) =>
        InvokeAsync(System.Text.Encoding.UTF8.GetBytes(json), timeLimit, traceId);

    private async Task NextAsync(HttpContext context)
    {
        QueuedEvent next;
        try
        {
            next = await _queue.Reader.ReadAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = next.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = FunctionArn;
        headers["Lambda-Runtime-Trace-Id"] = next.TraceId;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(next.Payload, context.RequestAborted);
    }

    private async Task<IResult> ResponseAsync(string requestId, HttpContext context)
    {
        var body = await ReadAsync(context.Request);
        return Complete(requestId, new RuntimeOutcome(requestId, false, body, null));
    }

    private async Task<IResult> ErrorAsync(string requestId, HttpContext context)
    {
        var body = await ReadAsync(context.Request);
        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        CheckErrorDocument($"error of {requestId}", errorType, body);
        return Complete(requestId, new RuntimeOutcome(requestId, true, body, errorType));
    }

    private async Task<IResult> InitErrorAsync(HttpContext context)
    {
        var body = await ReadAsync(context.Request);
        var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
        CheckErrorDocument("init error", errorType, body);
        if (!_initError.TrySetResult(new RuntimeOutcome("init", true, body, errorType)))
        {
            Violations.Enqueue("a second init error");
        }

        return Results.Accepted();
    }

    private IResult Complete(string requestId, RuntimeOutcome outcome)
    {
        if (!_pending.TryRemove(requestId, out var waiting))
        {
            Violations.Enqueue($"an answer for {requestId}, which is not an open invocation");
            return Results.BadRequest();
        }

        waiting.SetResult(outcome);
        return Results.Accepted();
    }

    private void CheckErrorDocument(string what, string errorType, byte[] body)
    {
        if (string.IsNullOrEmpty(errorType))
        {
            Violations.Enqueue($"{what} without a Lambda-Runtime-Function-Error-Type header");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.GetProperty("errorMessage").ValueKind != JsonValueKind.String
                || root.GetProperty("errorType").GetString() != errorType
                || root.GetProperty("stackTrace").ValueKind != JsonValueKind.Array)
            {
                Violations.Enqueue($"{what}: the document's fields are not errorMessage (string), errorType (= the header), stackTrace (array)");
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            Violations.Enqueue($"{what}: the body is not the error document ({ex.Message})");
        }
    }

    private static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record QueuedEvent(string RequestId, DateTimeOffset Deadline, string TraceId, byte[] Payload);
}

/// <summary>What the runtime posted for one invocation: its response, or its error (with the error-type header).</summary>
public sealed record RuntimeOutcome(string RequestId, bool IsError, byte[] Body, string? ErrorType)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
