using System.Text;
using System.Text.Json;
using Etl.Lambda.Bootstrap;
using Etl.Lambda.Client;
using Etl.Lambda.Context;
using Etl.Lambda.Logging;

namespace Etl.Lambda.Tests;

/// <summary>The Runtime API loop against the fake Runtime API, with small handlers standing in for the roles.</summary>
public sealed class RuntimeLoopTests
{
    [Fact]
    public async Task A_response_is_posted_for_its_request_id_and_the_handler_sees_the_invocation_headers()
    {
        await using var loop = await LoopUnderTest.StartAsync(new EchoContext());
        var trace = FakeRuntimeApi.NewTraceId();

        var outcome = await loop.Api.InvokeAsync("{\"hello\":1}", TimeSpan.FromMinutes(3), trace);

        Assert.False(outcome.IsError);
        var echo = outcome.Json;
        Assert.Equal(outcome.RequestId, echo.GetProperty("requestId").GetString());
        Assert.Equal(FakeRuntimeApi.FunctionArn, echo.GetProperty("functionArn").GetString());
        Assert.Equal(trace, echo.GetProperty("traceId").GetString());
        Assert.Equal(trace, echo.GetProperty("traceVariable").GetString());
        Assert.Equal("{\"hello\":1}", echo.GetProperty("payload").GetString());
        var remaining = echo.GetProperty("remainingSeconds").GetDouble();
        Assert.InRange(remaining, 1, 180);
    }

    [Fact]
    public async Task Each_invocation_sets_its_own_trace_header()
    {
        await using var loop = await LoopUnderTest.StartAsync(new EchoContext());
        var first = FakeRuntimeApi.NewTraceId();
        var second = FakeRuntimeApi.NewTraceId();

        var a = await loop.Api.InvokeAsync("{}", traceId: first);
        var b = await loop.Api.InvokeAsync("{}", traceId: second);

        Assert.Equal(first, a.Json.GetProperty("traceVariable").GetString());
        Assert.Equal(second, b.Json.GetProperty("traceVariable").GetString());
    }

    [Fact]
    public async Task A_handler_exception_is_posted_to_error_with_its_type_and_the_loop_goes_on()
    {
        await using var loop = await LoopUnderTest.StartAsync(new Throwing());

        var plain = await loop.Api.InvokeAsync("{\"throw\":\"plain\"}");
        var named = await loop.Api.InvokeAsync("{\"throw\":\"named\"}");

        Assert.True(plain.IsError);
        Assert.Equal("InvalidOperationException", plain.ErrorType);
        Assert.Equal("The handler broke.", plain.Json.GetProperty("errorMessage").GetString());
        Assert.NotEqual(0, plain.Json.GetProperty("stackTrace").GetArrayLength());
        Assert.True(named.IsError);
        Assert.Equal("TransientError", named.ErrorType);
        Assert.Equal("TransientError", named.Json.GetProperty("errorType").GetString());
        Assert.Contains(loop.Log.Objects, line => line.GetProperty("level").GetString() == "ERROR"
            && line.GetProperty("requestId").GetString() == plain.RequestId);
    }

    [Fact]
    public async Task A_handler_that_ignores_its_token_is_reported_as_a_timeout_before_the_deadline_and_the_next_event_is_served()
    {
        var release = new TaskCompletionSource<byte[]>();
        await using var loop = await LoopUnderTest.StartAsync(new Stuck(release.Task), margin: TimeSpan.FromMilliseconds(400));
        try
        {
            var timedOut = await loop.Api.InvokeAsync("{\"stuck\":true}", TimeSpan.FromSeconds(1));
            var next = await loop.Api.InvokeAsync("{\"stuck\":false}", TimeSpan.FromMinutes(1));

            Assert.True(timedOut.IsError);
            Assert.Equal(RuntimeErrorTypes.FunctionTimeout, timedOut.ErrorType);
            Assert.Contains("time limit", timedOut.Json.GetProperty("errorMessage").GetString());
            Assert.False(next.IsError);
        }
        finally
        {
            release.SetResult([]);
        }
    }

    [Fact]
    public async Task A_handler_that_observes_its_token_is_cancelled_before_the_deadline_and_reported_as_a_timeout()
    {
        var handler = new Cooperative();
        await using var loop = await LoopUnderTest.StartAsync(handler, margin: TimeSpan.FromMilliseconds(400));

        var outcome = await loop.Api.InvokeAsync("{}", TimeSpan.FromSeconds(1));

        Assert.True(outcome.IsError);
        Assert.Equal(RuntimeErrorTypes.FunctionTimeout, outcome.ErrorType);
        Assert.True(handler.SawCancellation);
    }

    [Fact]
    public async Task Start_up_failure_is_posted_to_init_error_and_the_process_exits_with_1()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var data = new TempDirectory();
        var environment = LambdaFunction.Environment("no-such-role", data.Path, api.HostAndPort);
        var log = new LogLines();

        var exitCode = await LambdaHost.RunAsync(name => environment.GetValueOrDefault(name), log, null, CancellationToken.None);

        Assert.Equal(1, exitCode);
        var error = await api.InitError;
        Assert.Equal(RuntimeErrorTypes.InvalidConfiguration, error.ErrorType);
        Assert.Contains("ETL_HANDLER=no-such-role", error.Json.GetProperty("errorMessage").GetString());
        Assert.Empty(api.Violations);
    }

    [Fact]
    public async Task A_malformed_setting_is_an_init_error_that_names_the_variable()
    {
        await using var api = await FakeRuntimeApi.StartAsync();
        using var data = new TempDirectory();
        var environment = LambdaFunction.Environment("api", data.Path, api.HostAndPort,
            new Dictionary<string, string> { ["ETL_MAX_MULTIPART_BYTES"] = "lots" });

        var exitCode = await LambdaHost.RunAsync(name => environment.GetValueOrDefault(name), new LogLines(), null, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.Contains("ETL_MAX_MULTIPART_BYTES=lots", (await api.InitError).Json.GetProperty("errorMessage").GetString());
    }

    private sealed class EchoContext : IInvocationHandler
    {
        public Task<byte[]> HandleAsync(Invocation invocation, ILambdaContext context, CancellationToken cancellationToken) =>
            Task.FromResult(JsonSerializer.SerializeToUtf8Bytes(new
            {
                requestId = context.RequestId,
                functionArn = context.FunctionArn,
                traceId = context.TraceId,
                traceVariable = Environment.GetEnvironmentVariable(RuntimeLoop.TraceVariable),
                remainingSeconds = context.RemainingTime.TotalSeconds,
                payload = Encoding.UTF8.GetString(invocation.Payload.Span),
            }));
    }

    private sealed class Throwing : IInvocationHandler
    {
        public Task<byte[]> HandleAsync(Invocation invocation, ILambdaContext context, CancellationToken cancellationToken) =>
            Encoding.UTF8.GetString(invocation.Payload.Span).Contains("named")
                ? throw new FunctionErrorException("TransientError", "The store hiccupped.")
                : throw new InvalidOperationException("The handler broke.");
    }

    // Blocks its thread, deaf to the token, until the test releases it.
    private sealed class Stuck(Task<byte[]> release) : IInvocationHandler
    {
        public Task<byte[]> HandleAsync(Invocation invocation, ILambdaContext context, CancellationToken cancellationToken)
        {
            if (Encoding.UTF8.GetString(invocation.Payload.Span).Contains("true"))
            {
                release.Wait(CancellationToken.None);
            }

            return Task.FromResult("{}"u8.ToArray());
        }
    }

    private sealed class Cooperative : IInvocationHandler
    {
        public bool SawCancellation { get; private set; }

        public async Task<byte[]> HandleAsync(Invocation invocation, ILambdaContext context, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                SawCancellation = true;
                throw;
            }

            return [];
        }
    }
}
