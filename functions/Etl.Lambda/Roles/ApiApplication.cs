using Etl.Api;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Storage;
using Etl.Lambda.Backend;
using Etl.Lambda.Http;
using Etl.Lambda.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Etl.Lambda.Roles;

/// <summary>
/// The ASP.NET Core application of an HTTP role: the Etl.Api endpoints the role maps, on the backend's ports, behind
/// a <see cref="LambdaServer"/> instead of Kestrel. Same middleware as the local host: exception handler and problem
/// details for status codes (so an unmapped route is a 404 problem).
/// </summary>
public static class ApiApplication
{
    public static async Task<(WebApplication App, LambdaServer Server)> StartAsync(
        Action<IEndpointRouteBuilder> map, LambdaBackend backend, LambdaSettings settings, JsonLog log, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new JsonLoggerProvider(log));
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        var server = new LambdaServer();
        builder.Services.AddSingleton<IServer>(server);
        AddApi(builder.Services, backend, settings);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        map(app);
        await app.StartAsync(cancellationToken);
        return (app, server);
    }

    /// <summary>The ports and options the endpoints take: one registration for the running function and for <see cref="RoleRoutes"/>.</summary>
    internal static void AddApi(IServiceCollection services, LambdaBackend backend, LambdaSettings settings)
    {
        services.AddSingleton(backend.Time);
        services.AddSingleton(backend.Jobs);
        services.AddSingleton(backend.Blobs);
        services.AddSingleton(backend.Urls);
        services.AddSingleton(backend.Catalog);
        services.AddSingleton(backend.Pipeline);
        services.AddEtlApi(api =>
        {
            if (backend.Agents is { } agents)
            {
                api.Agent = agents.Name;
                api.AgentPrices = agents.Prices;
            }
            api.MaxMultipartUploadBytes = settings.MaxMultipartUploadBytes;
            api.MaxSignedUploadBytes = settings.MaxSignedUploadBytes;
            api.UploadUrlLifetime = settings.SignedUrlLifetime;
            api.DownloadUrlLifetime = settings.SignedUrlLifetime;
        });
    }
}
