using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Storage;
using Etl.Lambda.Backend;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Hosting;

namespace Etl.Lambda.Roles;

/// <summary>A route one HTTP role answers: the method and the path template, parameters without constraints (<c>/job-status/{jobId}</c>).</summary>
public sealed record RoleRoute(string Method, string Path);

/// <summary>
/// The routes each HTTP role answers, read from the endpoints <see cref="RoleEndpoints"/> maps for it, so whatever routes
/// requests to a role (the CDK app's API Gateway routes) follows the one declaration instead of repeating it.
/// </summary>
public static class RoleRoutes
{
    [RequiresDynamicCode("Makes port proxies at run time; only the CDK app calls it, at synth.")]
    public static IReadOnlyList<RoleRoute> Of(string role)
    {
        if (!RoleEndpoints.ByRole.ContainsKey(role))
        {
            throw new ArgumentException($"{role} is not an HTTP role; use one of {string.Join(", ", RoleEndpoints.ByRole.Keys)}.", nameof(role));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        // Building the route table infers each handler's parameters, so the ports must be registered; nothing calls them.
        var backend = new LambdaBackend
        {
            Jobs = Unreachable<IJobStore>(),
            Blobs = Unreachable<IBlobStore>(),
            Urls = Unreachable<ISignedUrlIssuer>(),
            Catalog = Unreachable<ICatalog>(),
            Pipeline = Unreachable<IPipelineStarter>(),
        };
        ApiApplication.AddApi(builder.Services, backend, new LambdaSettings { RuntimeApi = string.Empty, Role = role });
        using var app = builder.Build();
        RoleEndpoints.Map(app, role);

        var routes = new List<RoleRoute>();
        foreach (var source in ((IEndpointRouteBuilder)app).DataSources)
        {
            foreach (var endpoint in source.Endpoints)
            {
                if (endpoint is not RouteEndpoint route)
                {
                    continue;
                }

                var path = PathOf(route.RoutePattern);
                foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                {
                    routes.Add(new RoleRoute(method, path));
                }
            }
        }

        return routes;
    }

    private static string PathOf(RoutePattern pattern)
    {
        var segments = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
                _ => throw new InvalidOperationException($"Route {pattern.RawText} has a part of kind {part.PartKind}."),
            }));
            segments.Add(text);
        }

        return "/" + string.Join('/', segments);
    }

    // Proxies are made at run time: fine for the CDK app, which calls this at synth on the JIT; nothing in bootstrap does.
    [RequiresDynamicCode("Makes port proxies at run time; only the CDK app calls it, at synth.")]
    private static T Unreachable<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>() where T : class => DispatchProxy.Create<T, UnreachablePort>();

    /// <summary>A port that only exists so the route table can be built.</summary>
    public class UnreachablePort : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"{targetMethod?.DeclaringType?.Name}.{targetMethod?.Name} was called while only the route table was being read.");
    }
}
