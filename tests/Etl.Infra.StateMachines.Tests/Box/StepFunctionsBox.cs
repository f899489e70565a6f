using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Etl.Aws.Tests.Json;
using Etl.Lambda.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Etl.Infra.StateMachines.Tests.Box;

/// <summary>
/// Step Functions, in a box, on a free 127.0.0.1 port: StartExecution (the JSON protocol the api role's starter
/// speaks, recorded for the signature check) starts one <see cref="BoxExecution"/> of the named definition under
/// aws-local-stepfunctions, and <c>POST /invoke</c> is the Lambda service those executions call: it hands each Task's
/// payload to the worker behind its fake Runtime API and answers the function's response or its error.
/// </summary>
public sealed class StepFunctionsBox : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeRuntimeApi _worker;
    private readonly string _workerArn;
    private readonly IReadOnlyDictionary<string, string> _definitions;
    private readonly ConcurrentDictionary<string, BoxExecution> _executions = new();

    private StepFunctionsBox(WebApplication app, FakeRuntimeApi worker, string workerArn, IReadOnlyDictionary<string, string> definitions)
    {
        _app = app;
        _worker = worker;
        _workerArn = workerArn;
        _definitions = definitions;
    }

    /// <summary>The endpoint, for AWS_ENDPOINT_URL_SFN.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every StartExecution request as it arrived.</summary>
    public ConcurrentQueue<CapturedRequest> Starts { get; } = new();

    /// <summary>Every Task invocation, in order, with the function's outcome.</summary>
    public ConcurrentQueue<TaskInvocation> Invocations { get; } = new();

    /// <summary>Runs before an invocation reaches the worker (to inject a fault into what the worker uses).</summary>
    public Func<TaskInvocation, Task>? BeforeInvoke { get; set; }

    /// <param name="definitions">State machine ARN → the file holding its definition.</param>
    public static async Task<StepFunctionsBox> StartAsync(FakeRuntimeApi worker, string workerArn, IReadOnlyDictionary<string, string> definitions)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var box = new StepFunctionsBox(app, worker, workerArn, definitions);
        app.MapPost("/", (Delegate)box.StartExecutionAsync);
        app.MapPost("/invoke", (Delegate)box.InvokeAsync);
        await app.StartAsync();
        box.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return box;
    }

    /// <summary>The execution named <paramref name="name"/> (a job id), once started.</summary>
    public BoxExecution Execution(string name) =>
        _executions.TryGetValue(name, out var execution) ? execution : throw new Xunit.Sdk.XunitException($"no execution named {name} was started");

    /// <summary>The invocations for one job, as "stage" or "action" names.</summary>
    public IReadOnlyList<TaskInvocation> InvocationsOf(string jobId) => Invocations.Where(i => i.JobId == jobId).ToList();

    private async Task<IResult> StartExecutionAsync(HttpContext context)
    {
        var request = await CaptureAsync(context.Request);
        Starts.Enqueue(request);
        if (!context.Request.Headers.TryGetValue("X-Amz-Target", out var target) || target != "AWSStepFunctions.StartExecution")
        {
            return Error("UnknownOperationException", $"The box runs StartExecution only, not {target}.");
        }

        var body = JsonNode.Parse(request.Body)!.AsObject();
        var machine = body["stateMachineArn"]!.GetValue<string>();
        var name = body["name"]!.GetValue<string>();
        if (!_definitions.TryGetValue(machine, out var definition))
        {
            return Error("StateMachineDoesNotExist", $"State Machine Does Not Exist: '{machine}'");
        }

        var execution = new BoxExecution(name, machine, body["input"]!.GetValue<string>());
        if (!_executions.TryAdd(name, execution))
        {
            return Error("ExecutionAlreadyExists", $"Execution Already Exists: '{machine}:{name}'");
        }

        execution.Start(definition, new Uri(Endpoint, "/invoke"));
        return Results.Text(new JsonObject
        {
            ["executionArn"] = machine.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name,
            ["startDate"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
        }.ToJsonString(), "application/x-amz-json-1.0");
    }

    private async Task<IResult> InvokeAsync(HttpContext context)
    {
        var call = JsonNode.Parse((await CaptureAsync(context.Request)).Body)!.AsObject();
        var payload = call["payload"]!.AsObject();
        var invocation = new TaskInvocation(call["state"]!.GetValue<string>(), payload["jobId"]!.GetValue<string>(),
            payload["stage"]?.GetValue<string>() ?? payload["action"]!.GetValue<string>(), payload.ToJsonString());
        Invocations.Enqueue(invocation);
        if (call["resource"]!.GetValue<string>() != _workerArn)
        {
            // Only the worker is in the box (the Glue job is not): say so as the task's error.
            return Results.Json(new { errorType = "Box.NoSuchResource", cause = $"{call["resource"]} is not in the box" });
        }

        if (BeforeInvoke is { } before)
        {
            await before(invocation);
        }

        var outcome = await _worker.InvokeAsync(invocation.Payload);
        invocation.Outcome = outcome;
        return outcome.IsError
            // As Step Functions reports a function error: Error = the errorType, Cause = the error document.
            ? Results.Text(new JsonObject { ["errorType"] = outcome.ErrorType, ["cause"] = outcome.Text }.ToJsonString(), "application/json")
            : Results.Text(new JsonObject { ["result"] = JsonNode.Parse(outcome.Body) }.ToJsonString(), "application/json");
    }

    private static IResult Error(string type, string message) =>
        Results.Text(new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString(), "application/x-amz-json-1.0", statusCode: 400);

    private static async Task<CapturedRequest> CaptureAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new CapturedRequest(request.Method, request.Path + request.QueryString, headers, body.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var execution in _executions.Values)
        {
            execution.Dispose();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One Task's call of the worker: which state, for which job, which stage or action, and what the function answered.</summary>
public sealed record TaskInvocation(string State, string JobId, string StageOrAction, string Payload)
{
    /// <summary>The worker's answer; null when the call never reached it.</summary>
    public RuntimeOutcome? Outcome { get; set; }
}
