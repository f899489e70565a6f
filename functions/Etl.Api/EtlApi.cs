using Etl.Api.Agents;
using Etl.Api.Datasets;
using Etl.Api.Download;
using Etl.Api.Health;
using Etl.Api.Http;
using Etl.Api.Jobs;
using Etl.Api.Trigger;
using Etl.Api.Upload;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Etl.Api;

/// <summary>
/// Wiring of the HTTP API. Hosts register the core ports (IJobStore, IBlobStore, ISignedUrlIssuer, IPipelineStarter, ICatalog,
/// TimeProvider), call <see cref="AddEtlApi"/>, then map the groups they serve: all of them locally, one per function on Lambda.
/// </summary>
public static class EtlApi
{
    public static IServiceCollection AddEtlApi(this IServiceCollection services, Action<ApiOptions>? configure = null)
    {
        services.AddOptions<ApiOptions>().Configure(o => configure?.Invoke(o));
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiContractsJson.Default));
        services.AddProblemDetails(o => o.CustomizeProblemDetails = FrameworkProblems.AddDetail);
        services.AddOpenApi();
        return services;
    }

    /// <summary>Maps every endpoint group and the OpenAPI document at /openapi/v1.json.</summary>
    public static IEndpointRouteBuilder MapEtlApi(this IEndpointRouteBuilder routes)
    {
        routes.MapUploadEndpoints();
        routes.MapTriggerEndpoints();
        routes.MapJobEndpoints();
        routes.MapDownloadEndpoints();
        routes.MapDatasetEndpoints();
        routes.MapAgentEndpoints();
        routes.MapHealthEndpoints();
        routes.MapOpenApi();
        return routes;
    }
}
