using Microsoft.Extensions.Primitives;

namespace Etl.Local.Hosting;

/// <summary>
/// What pages of other sites may do. A request that can change something (POST, PUT, DELETE, PATCH) from a foreign
/// origin gets 403 before it reaches a route, so no site can create jobs through a visitor's browser; origins listed in
/// ETL_ALLOWED_ORIGINS get CORS headers (and answered preflights), unlisted ones none. Requests without an Origin
/// (curl, scripts) and the server's own page are unaffected.
/// </summary>
internal static class OriginPolicy
{
    private const string AllowedMethods = "GET, HEAD, POST, PUT";
    private const string ExposedHeaders = "Content-Disposition, Location";
    private const string PreflightCacheSeconds = "600";

    public static IApplicationBuilder UseOriginPolicy(this IApplicationBuilder app, Exposure exposure) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var response = context.Response;
            // Whether CORS headers appear depends on Origin, so caches must key on it, whatever this request carries.
            response.Headers.Append("Vary", "Origin");
            var origin = request.Headers.Origin.ToString();
            var preflight = HttpMethods.IsOptions(request.Method) && !StringValues.IsNullOrEmpty(request.Headers.AccessControlRequestMethod);
            if (origin.Length == 0)
            {
                // Browsers send Origin with every unsafe request; fetch metadata still names a cross-site one that lacks it.
                if (Changes(request.Method) && string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
                {
                    await RefuseAsync(context, "a page of another site (Sec-Fetch-Site: cross-site)");
                    return;
                }

                await next(context);
                return;
            }

            if (exposure.Trust(origin, request) == OriginTrust.Foreign)
            {
                if (preflight || Changes(request.Method))
                {
                    await RefuseAsync(context, $"a page at {origin}");
                    return;
                }

                await next(context);
                return;
            }

            if (preflight)
            {
                response.StatusCode = StatusCodes.Status204NoContent;
                response.Headers.AccessControlAllowOrigin = origin;
                response.Headers.AccessControlAllowMethods = AllowedMethods;
                if (!StringValues.IsNullOrEmpty(request.Headers.AccessControlRequestHeaders))
                {
                    response.Headers.AccessControlAllowHeaders = request.Headers.AccessControlRequestHeaders;
                }

                response.Headers.AccessControlMaxAge = PreflightCacheSeconds;
                return;
            }

            // Set as the response starts, so error responses (whose headers the exception handler resets) carry them too.
            response.OnStarting(() =>
            {
                response.Headers.AccessControlAllowOrigin = origin;
                response.Headers.AccessControlExposeHeaders = ExposedHeaders;
                if (!response.Headers.Vary.Contains("Origin"))
                {
                    response.Headers.Append("Vary", "Origin");
                }

                return Task.CompletedTask;
            });
            await next(context);
        });

    private static bool Changes(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPatch(method);

    private static Task RefuseAsync(HttpContext context, string who) =>
        TypedResults.Problem(
            title: "Cross-origin request refused",
            statusCode: StatusCodes.Status403Forbidden,
            detail: $"This server does not accept {context.Request.Method} {context.Request.Path} from {who}. " +
                    $"If that page should use the API, add its origin (scheme://host[:port]) to {Exposure.OriginsSetting} (comma-separated; `etl serve --allowed-origins`).")
            .ExecuteAsync(context);
}
