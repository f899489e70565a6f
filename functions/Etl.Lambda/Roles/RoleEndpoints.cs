using Etl.Api;
using Etl.Api.Agents;
using Etl.Api.Datasets;
using Etl.Api.Download;
using Etl.Api.Jobs;
using Etl.Api.Trigger;
using Etl.Api.Upload;
using Microsoft.AspNetCore.Routing;

namespace Etl.Lambda.Roles;

/// <summary>
/// The one declaration of which endpoint groups each HTTP role maps. A function answers only its own routes; any
/// other path is a 404 problem, so a misrouted API Gateway integration shows up at once.
/// </summary>
public static class RoleEndpoints
{
    public static IReadOnlyDictionary<string, IReadOnlyList<Action<IEndpointRouteBuilder>>> ByRole { get; } =
        new Dictionary<string, IReadOnlyList<Action<IEndpointRouteBuilder>>>
        {
            [HandlerRoles.Api] = [routes => routes.MapEtlApi()],
            [HandlerRoles.Upload] = [routes => routes.MapUploadEndpoints()],
            [HandlerRoles.Trigger] = [routes => routes.MapTriggerEndpoints()],
            [HandlerRoles.Status] = [routes => routes.MapJobEndpoints()],
            [HandlerRoles.Download] = [routes => routes.MapDownloadEndpoints()],
            [HandlerRoles.Agent] = [routes => routes.MapAgentEndpoints()],
            [HandlerRoles.Datasets] = [routes => routes.MapDatasetEndpoints()],
        };

    public static void Map(IEndpointRouteBuilder routes, string role)
    {
        foreach (var map in ByRole[role])
        {
            map(routes);
        }
    }
}
