using System.Net;
using Etl.Local.Hosting;

namespace Etl.Api.Tests;

/// <summary>
/// Only the names the server is configured for are accepted in Host, so a page whose DNS name was rebound to
/// 127.0.0.1 cannot reach the API, the signed blob routes or the web page.
/// </summary>
public class HostFilteringTests
{
    private static readonly byte[] Parquet = File.ReadAllBytes(TestFiles.ParquetTesting("alltypes_plain.parquet"));

    [Fact]
    public async Task A_foreign_Host_gets_400_on_every_route_and_creates_no_job()
    {
        await using var host = await ExposedHost.StartAsync();

        foreach (var foreign in new[] { "evil.example", $"evil.example:{host.Port}", "127.0.0.2:" + host.Port })
        {
            using var upload = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Multipart(Parquet, "a.parquet"), host: foreign);
            var detail = await EtlClient.ProblemAsync(upload, HttpStatusCode.BadRequest);
            Assert.Contains(foreign, detail);
            Assert.Contains("ETL_ALLOWED_HOSTS", detail);

            using var announce = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Json("""{"fileName":"a.parquet","size":10}"""), host: foreign);
            await EtlClient.ProblemAsync(announce, HttpStatusCode.BadRequest);

            foreach (var path in new[] { "/", "/health", "/jobs", "/blobs/uploads/x/a.parquet?expires=1&max=1&sig=x" })
            {
                using var response = await host.SendAsync(HttpMethod.Get, path, host: foreign);
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"GET {path} with Host {foreign}: {(int)response.StatusCode}");
            }
        }

        Assert.Empty(await host.JobsAsync());
        Assert.Empty(host.UploadedFiles());
    }

    [Fact]
    public async Task Loopback_names_are_accepted_on_the_listening_port_only()
    {
        await using var host = await ExposedHost.StartAsync();

        foreach (var name in new[] { $"127.0.0.1:{host.Port}", $"localhost:{host.Port}", $"LOCALHOST:{host.Port}", $"[::1]:{host.Port}" })
        {
            using var response = await host.SendAsync(HttpMethod.Get, "/health", host: name);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Host {name}: {(int)response.StatusCode}");
        }

        var otherPort = host.Port == 1 ? 2 : 1;
        using var wrongPort = await host.SendAsync(HttpMethod.Get, "/health", host: $"localhost:{otherPort}");
        await EtlClient.ProblemAsync(wrongPort, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ETL_ALLOWED_HOSTS_adds_names_to_the_loopback_ones()
    {
        await using var host = await ExposedHost.StartAsync(new LocalHostOptions { AllowedHosts = ["etl.lan", "box.lan:8443"] });

        foreach (var name in new[] { "etl.lan", "ETL.lan:9000", "box.lan:8443", $"localhost:{host.Port}" })
        {
            using var response = await host.SendAsync(HttpMethod.Get, "/health", host: name);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Host {name}: {(int)response.StatusCode}");
        }

        foreach (var name in new[] { "box.lan:8444", "evil.etl.lan", "evil.example" })
        {
            using var response = await host.SendAsync(HttpMethod.Get, "/health", host: name);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Host {name}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_star_accepts_any_Host_and_the_public_url_host_is_accepted()
    {
        await using (var any = await ExposedHost.StartAsync(new LocalHostOptions { AllowedHosts = ["*"] }))
        {
            using var response = await any.SendAsync(HttpMethod.Get, "/health", host: "anything.example");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var proxied = await ExposedHost.StartAsync(new LocalHostOptions { PublicUrl = "https://etl.example.com" });
        using var viaProxy = await proxied.SendAsync(HttpMethod.Get, "/health", host: "etl.example.com");
        Assert.Equal(HttpStatusCode.OK, viaProxy.StatusCode);
        using var other = await proxied.SendAsync(HttpMethod.Get, "/health", host: "other.example.com");
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    [Theory]
    [InlineData("ETL_PUBLIC_URL", "ftp://files.example")]
    [InlineData("ETL_PUBLIC_URL", "etl.example.com")]
    [InlineData("ETL_PUBLIC_URL", "https://etl.example.com/?x=1")]
    [InlineData("ETL_ALLOWED_ORIGINS", "https://app.example/path")]
    [InlineData("ETL_ALLOWED_ORIGINS", "*")]
    [InlineData("ETL_ALLOWED_HOSTS", "https://etl.example.com")]
    [InlineData("ETL_ALLOWED_HOSTS", "etl.example.com:http")]
    public void A_malformed_setting_stops_the_start_with_a_message_naming_it(string name, string value)
    {
        using var data = new TempDirectory();
        var options = LocalHostOptions.FromEnvironment(n => n == name ? value : null) with { Urls = "http://127.0.0.1:0", DataDirectory = data.Path };
        var error = Assert.Throws<ArgumentException>(() => LocalHost.Build(options));
        Assert.Contains(name, error.Message);
    }
}
