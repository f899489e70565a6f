using Microsoft.Extensions.FileProviders;

namespace Etl.Local.Hosting;

/// <summary>
/// The web page at "/". The full page is the React build in <c>frontend/dist</c> (built by ./run.sh); it is served from
/// the same origin as the API, so its <c>config.json</c> says <c>{"apiBaseUrl": ""}</c>. Where that build lives:
/// <list type="number">
/// <item><c>ETL_WEB_ROOT</c> (<see cref="LocalHostOptions.WebRoot"/>) when set;</item>
/// <item>otherwise <c>frontend/dist</c> of the repository the binary runs from (found by walking up to <c>Serverless.sln</c>);</item>
/// <item>otherwise <c>wwwroot/</c> beside the binary (where <c>dotnet publish</c> copies the build).</item>
/// </list>
/// With no build anywhere (or a configured folder without an index.html) the small page embedded in the binary is served:
/// upload, trigger, list, download, and a note on how to get the full page. Neither page makes an external request.
/// </summary>
internal static class WebPage
{
    public const string IndexFile = "index.html";

    private static readonly Lazy<string> EmbeddedHtml = new(() =>
    {
        using var stream = typeof(WebPage).Assembly.GetManifestResourceStream("Etl.Local.Web.index.html")
            ?? throw new InvalidOperationException("The web page resource is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>
    /// The folder to serve the page from, or null for the embedded page. <paramref name="problem"/> says why a configured
    /// folder was not used.
    /// </summary>
    public static string? Resolve(string? configured, string baseDirectory, out string? problem)
    {
        problem = null;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var folder = Path.GetFullPath(configured);
            if (File.Exists(Path.Combine(folder, IndexFile)))
            {
                return folder;
            }

            problem = $"ETL_WEB_ROOT={folder} has no {IndexFile}; serving the built-in page. Build the page with ./run.sh (or `npm ci && npm run build` in frontend/).";
            return null;
        }

        for (var directory = new DirectoryInfo(baseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                var dist = Path.Combine(directory.FullName, "frontend", "dist");
                if (File.Exists(Path.Combine(dist, IndexFile)))
                {
                    return dist;
                }

                break;
            }
        }

        var published = Path.Combine(baseDirectory, "wwwroot");
        return File.Exists(Path.Combine(published, IndexFile)) ? published : null;
    }

    /// <summary>Serves the page: the files of <paramref name="root"/> (index.html at "/"), or the embedded page when null.</summary>
    public static void MapWebPage(this WebApplication app, string? root)
    {
        if (root is null)
        {
            app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], () => TypedResults.Content(EmbeddedHtml.Value, "text/html; charset=utf-8"))
                .ExcludeFromDescription();
            return;
        }

        // Only requests no API endpoint matched reach the files (the static file middleware skips matched endpoints).
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
                    ? "public, max-age=31536000, immutable" // file names carry a content hash
                    : "no-cache",                           // index.html, config.json, favicon: revalidate
        });

        var index = Path.Combine(root, IndexFile);
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            return File.Exists(index)
                ? Results.File(index, "text/html; charset=utf-8")
                : Results.Content(EmbeddedHtml.Value, "text/html; charset=utf-8");
        }).ExcludeFromDescription();
    }
}
