namespace Etl.Local.Hosting;

/// <summary>The small built-in page at "/": upload (signed-URL flow), trigger, list jobs. No external requests.</summary>
internal static class WebPage
{
    private static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(WebPage).Assembly.GetManifestResourceStream("Etl.Local.Web.index.html")
            ?? throw new InvalidOperationException("The web page resource is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static void MapWebPage(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/", () => TypedResults.Content(Html.Value, "text/html; charset=utf-8")).ExcludeFromDescription();
}
