using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Etl.Local.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Etl.Api.Tests;

/// <summary>
/// A fresh local host (Kestrel on a free 127.0.0.1 port, empty data directory) with the exposure settings a test
/// gives, and raw requests whose Host, Origin and fetch metadata the test chooses, as a browser or an attacker sends them.
/// </summary>
public sealed class ExposedHost : IAsyncDisposable
{
    private readonly TempDirectory _data = new();
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private ExposedHost(LocalHostOptions options)
    {
        _app = LocalHost.Build(options with { Urls = "http://127.0.0.1:0", DataDirectory = _data.Path, Concurrency = 1 });
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>The origin a page served by this host has: http://127.0.0.1:{port}.</summary>
    public string Origin => Address.GetLeftPart(UriPartial.Authority);

    public int Port => Address.Port;

    public string DataDirectory => _data.Path;

    public static async Task<ExposedHost> StartAsync(LocalHostOptions? options = null)
    {
        var host = new ExposedHost(options ?? new LocalHostOptions());
        await host._app.StartAsync();
        host.Address = host._app.ListeningAddress();
        return host;
    }

    /// <summary>Sends a request to this host (always over the loopback connection) with the given Host and Origin headers.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathOrUrl, HttpContent? content = null,
        string? host = null, string? origin = null, IDictionary<string, string>? headers = null)
    {
        var target = new Uri(Address, pathOrUrl);
        // The connection always goes to this host; only the headers claim another name, as after DNS rebinding.
        var request = new HttpRequestMessage(method, new Uri(Address, target.PathAndQuery)) { Content = content };
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _http.SendAsync(request);
    }

    public static MultipartFormDataContent Multipart(byte[] content, string fileName)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(content), "file", fileName);
        return form;
    }

    public static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    /// <summary>The jobs the host knows, via GET /jobs.</summary>
    public async Task<JsonArray> JobsAsync()
    {
        using var response = await SendAsync(HttpMethod.Get, "/jobs");
        return (await EtlClient.ReadAsync(response, HttpStatusCode.OK))["jobs"]!.AsArray();
    }

    /// <summary>Files below uploads/ (a refused request must not have stored anything).</summary>
    public string[] UploadedFiles()
    {
        var uploads = Path.Combine(_data.Path, "uploads");
        return Directory.Exists(uploads)
            ? Directory.GetFiles(uploads, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            : [];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _data.Dispose();
    }
}
