using Etl.Core.Pipeline;
using Etl.Core.Pipeline.Stages;
using Etl.Lambda.Backend;
using Etl.Lambda.Client;
using Etl.Lambda.Http;
using Etl.Lambda.Logging;
using Etl.Lambda.ObjectEvents;
using Etl.Lambda.Roles;
using Etl.Lambda.Worker;

namespace Etl.Lambda.Bootstrap;

/// <summary>
/// Start-up of <c>bootstrap</c>: read the environment, build the role's handler on the backend's ports, then run the
/// Runtime API loop. A failure before the loop is posted to /runtime/init/error (Lambda then ends the environment).
/// </summary>
public static class LambdaHost
{
    /// <summary>Runs until <paramref name="stoppingToken"/> fires; returns the process exit code.</summary>
    /// <param name="backend">The ports; null composes them from the settings (<see cref="LambdaBackend.Create"/>).</param>
    public static async Task<int> RunAsync(Func<string, string?> read, TextWriter output, Func<LambdaSettings, JsonLog, LambdaBackend>? backend,
        CancellationToken stoppingToken)
    {
        var log = new JsonLog(output, TimeProvider.System, read("AWS_LAMBDA_FUNCTION_NAME"));
        var runtimeApi = read("AWS_LAMBDA_RUNTIME_API");
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            log.Error("AWS_LAMBDA_RUNTIME_API is not set: bootstrap runs inside Lambda, or under a Runtime API emulator that sets it.", null);
            return 2;
        }

        using var client = new RuntimeApiClient(runtimeApi.Trim());
        LambdaSettings settings;
        IInvocationHandler handler;
        IAsyncDisposable? resources;
        try
        {
            settings = LambdaSettings.FromEnvironment(read);
            var ports = (backend ?? LambdaBackend.Create)(settings, log);
            (handler, resources) = await CreateHandlerAsync(settings, ports, log, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var error = ex is LambdaSettingsException
                ? new ErrorReport(ex.Message, RuntimeErrorTypes.InvalidConfiguration, [])
                : ErrorReport.From(ex);
            log.Error($"start-up failed: {error.ErrorType}: {error.ErrorMessage}", ex);
            await client.SendInitErrorAsync(error, stoppingToken);
            return 1;
        }

        log.Info($"{settings.Role} ready", ("role", settings.Role), ("backend", settings.Backend));
        try
        {
            await new RuntimeLoop(client, handler, log, settings.DeadlineMargin, TimeProvider.System).RunAsync(stoppingToken);
        }
        finally
        {
            if (resources is not null)
            {
                await resources.DisposeAsync();
            }
        }

        return 0;
    }

    /// <summary>The handler of a role, and what must be disposed with it (the role's web application).</summary>
    public static async Task<(IInvocationHandler Handler, IAsyncDisposable? Resources)> CreateHandlerAsync(
        LambdaSettings settings, LambdaBackend backend, JsonLog log, CancellationToken cancellationToken)
    {
        if (RoleEndpoints.ByRole.ContainsKey(settings.Role))
        {
            var (app, server) = await ApiApplication.StartAsync(routes => RoleEndpoints.Map(routes, settings.Role), backend, settings, log, cancellationToken);
            return (new ApiGatewayHandler(server), app);
        }

        if (settings.Role == HandlerRoles.S3Event)
        {
            var (app, server) = await ApiApplication.StartAsync(routes => RoleEndpoints.Map(routes, HandlerRoles.Trigger), backend, settings, log, cancellationToken);
            return (new ObjectCreatedHandler(server, settings.AutoTrigger, log), app);
        }

        var scratch = Directory.CreateDirectory(settings.ScratchDirectory).FullName;
        List<PipelineStages> pipelines =
        [
            new(PipelineDeclaration.Convert, StageSet.Create(backend.Blobs, backend.Catalog, new StageSettings(settings.OutputLimits, settings.MaxDecodeBytes, scratch))),
        ];
        if (backend.Agents is { } agents)
        {
            pipelines.Add(agents.Stages(backend, scratch));
        }

        var runner = new StageRunner(backend.Jobs, pipelines, backend.Time);
        return (new WorkerHandler(runner, log, new EmbeddedMetrics(log, settings.MetricsNamespace)), null);
    }
}
