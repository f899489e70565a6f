namespace Etl.Local.Hosting;

/// <summary>
/// Answers 400 to a request whose Host header names a host the server is not configured for, before any route (API,
/// signed blobs, web page) sees it. A browser sends the name it looked up, so a page whose DNS name an attacker
/// rebinds to 127.0.0.1 is turned away here.
/// </summary>
internal static class HostFilter
{
    public static IApplicationBuilder UseHostFilter(this IApplicationBuilder app, Exposure exposure) =>
        app.Use(async (context, next) =>
        {
            var host = context.Request.Host;
            if (exposure.Accepts(host))
            {
                await next(context);
                return;
            }

            await TypedResults.Problem(
                title: "Unknown host name",
                statusCode: StatusCodes.Status400BadRequest,
                detail: $"This server does not answer to the name '{host.Value}' (it accepts {exposure.AcceptedHosts}). " +
                        $"If clients should reach it under that name, add the name to {Exposure.HostsSetting} (comma-separated name or name:port; `etl serve --allowed-hosts`).")
                .ExecuteAsync(context);
        });
}
