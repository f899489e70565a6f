using Etl.Lambda.Roles;

namespace Etl.Infra.Api;

/// <summary>A route of the HTTP API and the role whose function serves it.</summary>
public sealed record ApiRoute(string Method, string Path, string Role)
{
    /// <summary>API Gateway's route key, e.g. <c>GET /job-status/{jobId}</c>.</summary>
    public string RouteKey => $"{Method} {Path}";

    /// <summary>The one route without a JWT: load balancers and uptime checks call it.</summary>
    public bool IsPublic => Method == "GET" && Path == ApiRoutes.HealthPath;
}

/// <summary>
/// The HTTP API's routes, derived at synth time from the endpoints each role of <c>bootstrap</c> maps
/// (<see cref="RoleRoutes"/> over <see cref="RoleEndpoints"/>): a route added to an endpoint group reaches API Gateway
/// without a second declaration. Each endpoint goes to its own role's function; of the <c>api</c> role (every route),
/// only GET /health is deployed, as no other role serves it. The OpenAPI document (/openapi/{documentName}.json) is not
/// routed: API Gateway paths cannot hold a parameter inside a segment, and the document is served by `etl serve`.
/// </summary>
public static class ApiRoutes
{
    public const string HealthPath = "/health";

    /// <summary>The roles whose every route is deployed.</summary>
    public static IReadOnlyList<string> EndpointRoles { get; } =
        [HandlerRoles.Upload, HandlerRoles.Trigger, HandlerRoles.Status, HandlerRoles.Download, HandlerRoles.Agent, HandlerRoles.Datasets];

    public static IReadOnlyList<ApiRoute> All()
    {
        var routes = new List<ApiRoute>();
        foreach (var role in EndpointRoles)
        {
            routes.AddRange(RoleRoutes.Of(role).Select(route => new ApiRoute(route.Method, route.Path, role)));
        }

        var health = RoleRoutes.Of(HandlerRoles.Api).SingleOrDefault(route => route is { Method: "GET", Path: HealthPath })
            ?? throw new InvalidOperationException($"The api role maps no GET {HealthPath}; the API's only public route has nothing to serve it.");
        routes.Add(new ApiRoute(health.Method, health.Path, HandlerRoles.Api));

        var clash = routes.GroupBy(route => route.RouteKey).FirstOrDefault(group => group.Count() > 1);
        if (clash is not null)
        {
            throw new InvalidOperationException($"{clash.Key} is mapped by the roles {string.Join(" and ", clash.Select(r => r.Role))}; API Gateway can send it to one function only.");
        }

        return routes;
    }
}
