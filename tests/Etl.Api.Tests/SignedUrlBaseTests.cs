using System.Net;
using Etl.Local.Hosting;

namespace Etl.Api.Tests;

/// <summary>uploadUrl and downloadUrl start with the configured public URL (or the listening address), never with the request's Host.</summary>
public class SignedUrlBaseTests
{
    private static readonly byte[] Parquet = File.ReadAllBytes(TestFiles.ParquetTesting("alltypes_plain.parquet"));

    [Fact]
    public async Task Signed_urls_use_the_listening_address_whatever_Host_says()
    {
        await using var host = await ExposedHost.StartAsync();
        var hostHeader = $"localhost:{host.Port}";

        using var announced = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Json("""{"fileName":"a.parquet","size":10}"""), host: hostHeader);
        var uploadUrl = (await EtlClient.ReadAsync(announced, HttpStatusCode.Created))["uploadUrl"]!.GetValue<string>();
        Assert.StartsWith($"http://127.0.0.1:{host.Port}/blobs/uploads/", uploadUrl);

        using var uploaded = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Multipart(Parquet, "b.parquet"), host: hostHeader);
        var jobId = (await EtlClient.ReadAsync(uploaded, HttpStatusCode.Created))["jobId"]!.GetValue<string>();
        using var client = new EtlClient(host.Address);
        using (var trigger = await client.TriggerAsync(jobId))
        {
            Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        }

        Assert.Equal("COMPLETED", (await client.WaitAsync(jobId))["status"]!.GetValue<string>());
        using var download = await host.SendAsync(HttpMethod.Get, $"/download/{jobId}", host: hostHeader);
        var downloadUrl = (await EtlClient.ReadAsync(download, HttpStatusCode.OK))["downloadUrl"]!.GetValue<string>();
        Assert.StartsWith($"http://127.0.0.1:{host.Port}/blobs/output/{jobId}/", downloadUrl);
    }

    [Fact]
    public async Task Signed_urls_use_ETL_PUBLIC_URL_when_it_is_set()
    {
        await using var host = await ExposedHost.StartAsync(LocalHostOptions.FromEnvironment(
            name => name == "ETL_PUBLIC_URL" ? "https://etl.example.com/tools/etl/" : null));

        foreach (var hostHeader in new[] { $"127.0.0.1:{host.Port}", "etl.example.com" })
        {
            using var announced = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Json("""{"fileName":"a.parquet","size":10}"""), host: hostHeader);
            var uploadUrl = (await EtlClient.ReadAsync(announced, HttpStatusCode.Created))["uploadUrl"]!.GetValue<string>();
            Assert.StartsWith("https://etl.example.com/tools/etl/blobs/uploads/", uploadUrl);

            // The proxy strips its prefix; the signature holds for the path the host serves.
            var local = new Uri(uploadUrl).PathAndQuery["/tools/etl".Length..];
            using var put = await host.SendAsync(HttpMethod.Put, local, new ByteArrayContent(Parquet[..10]));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
    }
}
