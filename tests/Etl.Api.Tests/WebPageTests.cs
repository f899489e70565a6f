using System.Net;
using Etl.Local.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Etl.Api.Tests;

/// <summary>Where `etl serve` finds the web page: ETL_WEB_ROOT, the repository's frontend/dist, wwwroot, else the embedded page.</summary>
public sealed class WebPageTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string Folder(string relative)
    {
        var path = Path.Combine(_temp.Path, relative);
        Directory.CreateDirectory(path);
        return path;
    }

    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(string dataDirectory, string? webRoot)
    {
        var app = LocalHost.Build(new LocalHostOptions { Urls = "http://127.0.0.1:0", DataDirectory = dataDirectory, Concurrency = 1, WebRoot = webRoot });
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = app.ListeningAddress() });
    }

    [Fact]
    public async Task A_configured_web_root_is_served_beside_the_api()
    {
        var root = Folder("dist");
        await File.WriteAllTextAsync(Path.Combine(root, "index.html"), "<!doctype html><title>Agentic ETL</title><div id=root>built page</div>");
        await File.WriteAllTextAsync(Path.Combine(root, "config.json"), "{ \"apiBaseUrl\": \"\" }");
        await File.WriteAllTextAsync(Path.Combine(root, "favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        Directory.CreateDirectory(Path.Combine(root, "assets"));
        await File.WriteAllTextAsync(Path.Combine(root, "assets", "index-abc123.js"), "console.log(1)");

        var (app, client) = await StartAsync(Folder("data"), root);
        await using (app)
        using (client)
        {
            using var index = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, index.StatusCode);
            Assert.Contains("built page", await index.Content.ReadAsStringAsync());
            Assert.Equal("text/html", index.Content.Headers.ContentType!.MediaType);
            Assert.True(index.Headers.CacheControl!.NoCache);

            using var config = await client.GetAsync("/config.json");
            Assert.Equal("application/json", config.Content.Headers.ContentType!.MediaType);
            Assert.Contains("apiBaseUrl", await config.Content.ReadAsStringAsync());
            Assert.True(config.Headers.CacheControl!.NoCache);

            using var icon = await client.GetAsync("/favicon.svg");
            Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType!.MediaType);

            using var script = await client.GetAsync("/assets/index-abc123.js");
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.True(script.Headers.CacheControl!.MaxAge >= TimeSpan.FromDays(365));

            // The API is untouched by the files, and a missing file is still a 404.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/jobs")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/assets/missing.js")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"))).StatusCode);
        }
    }

    [Fact]
    public async Task A_configured_folder_without_a_build_falls_back_to_the_embedded_page()
    {
        var (app, client) = await StartAsync(Folder("data"), Folder("empty"));
        await using (app)
        using (client)
        {
            var page = await client.GetStringAsync("/");
            Assert.Contains("<form", page);
            Assert.Contains("<title>Agentic ETL</title>", page);
            Assert.DoesNotContain("https://", page);
            Assert.Contains("./run.sh", page);
        }
    }

    [Fact]
    public void Without_configuration_the_repository_build_is_found_from_the_binary()
    {
        var repo = Folder("repo");
        File.WriteAllText(Path.Combine(repo, "Serverless.sln"), "");
        var bin = Folder("repo/functions/Etl.Local/bin/Release/net10.0");
        Assert.Null(WebPage.Resolve(null, bin, out _));

        var dist = Folder("repo/frontend/dist");
        File.WriteAllText(Path.Combine(dist, "index.html"), "<!doctype html>");
        Assert.Equal(dist, WebPage.Resolve(null, bin, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void A_published_binary_serves_its_wwwroot_copy()
    {
        var publish = Folder("publish");
        Assert.Null(WebPage.Resolve(null, publish, out _));
        var wwwroot = Folder("publish/wwwroot");
        File.WriteAllText(Path.Combine(wwwroot, "index.html"), "<!doctype html>");
        Assert.Equal(wwwroot, WebPage.Resolve(null, publish, out _));
    }

    [Fact]
    public void A_configured_folder_wins_and_a_wrong_one_is_explained()
    {
        var dist = Folder("mine");
        File.WriteAllText(Path.Combine(dist, "index.html"), "<!doctype html>");
        Assert.Equal(dist, WebPage.Resolve(dist, Folder("elsewhere"), out _));

        Assert.Null(WebPage.Resolve(Path.Combine(_temp.Path, "nope"), Folder("elsewhere"), out var problem));
        Assert.Contains("ETL_WEB_ROOT", problem);
        Assert.Contains("index.html", problem);
    }

    [Fact]
    public void The_environment_sets_the_web_root()
    {
        var options = LocalHostOptions.FromEnvironment(name => name == "ETL_WEB_ROOT" ? "/srv/etl-web" : null);
        Assert.Equal("/srv/etl-web", options.WebRoot);
        Assert.Null(LocalHostOptions.FromEnvironment(_ => null).WebRoot);
    }

    public void Dispose() => _temp.Dispose();
}
