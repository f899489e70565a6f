using Etl.Lambda.Backend;
using Etl.Lambda.Bootstrap;

namespace Etl.Lambda.Tests;

/// <summary>
/// One function of the product, in process: the real bootstrap start-up (<see cref="LambdaHost.RunAsync"/>) and
/// Runtime API loop against its own <see cref="FakeRuntimeApi"/>, on the local backend in <paramref name="dataDirectory"/>
/// with a recording pipeline starter in place of Step Functions.
/// </summary>
public sealed class LambdaFunction : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping;

    private LambdaFunction(FakeRuntimeApi api, LogLines log, RecordingStarter starts, Task<int> run, CancellationTokenSource stopping)
    {
        _stopping = stopping;
        Api = api;
        Log = log;
        Starts = starts;
        Run = run;
    }

    public FakeRuntimeApi Api { get; }

    public LogLines Log { get; }

    public RecordingStarter Starts { get; }

    /// <summary>The host's run; completes with its exit code.</summary>
    public Task<int> Run { get; }

    public static async Task<LambdaFunction> StartAsync(string role, string dataDirectory, RecordingStarter? starts = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var api = await FakeRuntimeApi.StartAsync();
        var environment = Environment(role, dataDirectory, api.HostAndPort, settings);
        var log = new LogLines();
        starts ??= new RecordingStarter();
        var recording = starts;
        var stopping = new CancellationTokenSource();
        var run = Task.Run(() => LambdaHost.RunAsync(name => environment.GetValueOrDefault(name), log,
            (s, l) => LambdaBackend.Local(s, l) with { Pipeline = recording }, stopping.Token));
        return new LambdaFunction(api, log, starts, run, stopping);
    }

    public static Dictionary<string, string> Environment(string role, string dataDirectory, string runtimeApi,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = runtimeApi,
            ["AWS_LAMBDA_FUNCTION_NAME"] = $"etl-{role}",
            ["ETL_HANDLER"] = role,
            ["ETL_BACKEND"] = "local",
            ["ETL_DATA_DIR"] = dataDirectory,
            ["ETL_SCRATCH_DIR"] = Path.Combine(dataDirectory, ".etl", "tmp"),
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return environment;
    }

    public Task<RuntimeOutcome> InvokeAsync(string json, TimeSpan? timeLimit = null) => Api.InvokeAsync(json, timeLimit);

    public async ValueTask DisposeAsync()
    {
        Assert.Empty(Api.Violations);
        await _stopping.CancelAsync();
        await Run.WaitAsync(TimeSpan.FromMinutes(1));
        await Api.DisposeAsync();
        _stopping.Dispose();
    }
}
