using System.Net;
using System.Net.Http.Json;
using Etl.Local.Hosting;

namespace Etl.Api.Tests;

/// <summary>
/// Pages of other sites cannot change anything (no job, no upload) unless their origin is listed in ETL_ALLOWED_ORIGINS;
/// listed origins get CORS headers; the server's own page and scripts without an Origin keep working.
/// </summary>
public class CrossOriginTests
{
    private const string Listed = "https://app.example";
    private static readonly byte[] Parquet = File.ReadAllBytes(TestFiles.ParquetTesting("alltypes_plain.parquet"));

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    [InlineData("http://localhost:1")]
    public async Task Unsafe_requests_from_an_unlisted_origin_get_403_and_change_nothing(string origin)
    {
        await using var host = await ExposedHost.StartAsync(new LocalHostOptions { AllowedOrigins = [Listed] });
        using var client = new EtlClient(host.Address);
        var announced = await EtlClient.ReadAsync(await client.AnnounceAsync("a.parquet", Parquet.Length), HttpStatusCode.Created);
        var pendingJob = announced["jobId"]!.GetValue<string>();

        using var upload = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Multipart(Parquet, "a.parquet"), origin: origin);
        var detail = await EtlClient.ProblemAsync(upload, HttpStatusCode.Forbidden);
        Assert.Contains(origin, detail);
        Assert.Contains("ETL_ALLOWED_ORIGINS", detail);
        Assert.False(upload.Headers.Contains("Access-Control-Allow-Origin"));

        using var announce = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Json("""{"fileName":"b.parquet","size":10}"""), origin: origin);
        await EtlClient.ProblemAsync(announce, HttpStatusCode.Forbidden);

        using var put = await host.SendAsync(HttpMethod.Put, announced["uploadUrl"]!.GetValue<string>(), new ByteArrayContent(Parquet), origin: origin);
        await EtlClient.ProblemAsync(put, HttpStatusCode.Forbidden);

        using var trigger = await host.SendAsync(HttpMethod.Post, "/trigger-job", JsonContent.Create(new { jobId = pendingJob }), origin: origin);
        await EtlClient.ProblemAsync(trigger, HttpStatusCode.Forbidden);

        using var delete = await host.SendAsync(HttpMethod.Delete, $"/jobs/{pendingJob}", origin: origin);
        await EtlClient.ProblemAsync(delete, HttpStatusCode.Forbidden);

        var jobs = await host.JobsAsync();
        Assert.Equal(pendingJob, Assert.Single(jobs)!["jobId"]!.GetValue<string>());
        Assert.Equal("PENDING", jobs[0]!["status"]!.GetValue<string>());
        Assert.Empty(host.UploadedFiles());

        // A foreign page may not read what it may not change either: no CORS headers on reads.
        using var read = await host.SendAsync(HttpMethod.Get, "/jobs", origin: origin);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.False(read.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_cross_site_request_without_Origin_is_refused_too()
    {
        await using var host = await ExposedHost.StartAsync();
        using var upload = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Multipart(Parquet, "a.parquet"),
            headers: new Dictionary<string, string> { ["Sec-Fetch-Site"] = "cross-site" });
        Assert.Contains("ETL_ALLOWED_ORIGINS", await EtlClient.ProblemAsync(upload, HttpStatusCode.Forbidden));
        Assert.Empty(await host.JobsAsync());
    }

    [Fact]
    public async Task A_listed_origin_uploads_and_triggers_with_CORS_headers()
    {
        await using var host = await ExposedHost.StartAsync(new LocalHostOptions { AllowedOrigins = [Listed, "http://other.example:8080"] });

        using var upload = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Multipart(Parquet, "a.parquet"), origin: Listed);
        var jobId = (await EtlClient.ReadAsync(upload, HttpStatusCode.Created))["jobId"]!.GetValue<string>();
        AssertCors(upload, Listed);

        using var announce = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Json($$"""{"fileName":"b.parquet","size":{{Parquet.Length}}}"""), origin: Listed);
        var uploadUrl = (await EtlClient.ReadAsync(announce, HttpStatusCode.Created))["uploadUrl"]!.GetValue<string>();
        AssertCors(announce, Listed);
        using var put = await host.SendAsync(HttpMethod.Put, uploadUrl, new ByteArrayContent(Parquet), origin: Listed);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        AssertCors(put, Listed);

        using var trigger = await host.SendAsync(HttpMethod.Post, "/trigger-job", JsonContent.Create(new { jobId }), origin: Listed);
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        AssertCors(trigger, Listed);

        // Errors carry the headers too, so the page can read the problem.
        using var unknown = await host.SendAsync(HttpMethod.Get, "/job-status/nope", origin: "http://other.example:8080");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        AssertCors(unknown, "http://other.example:8080");

        Assert.Equal(2, (await host.JobsAsync()).Count);
    }

    [Fact]
    public async Task A_preflight_from_a_listed_origin_is_answered_and_from_others_refused()
    {
        await using var host = await ExposedHost.StartAsync(new LocalHostOptions { AllowedOrigins = [Listed] });
        var preflight = new Dictionary<string, string>
        {
            ["Access-Control-Request-Method"] = "PUT",
            ["Access-Control-Request-Headers"] = "content-type",
        };

        foreach (var path in new[] { "/upload", "/trigger-job", "/blobs/uploads/j/a.parquet?expires=1&max=1&sig=x" })
        {
            using var answered = await host.SendAsync(HttpMethod.Options, path, origin: Listed, headers: preflight);
            Assert.Equal(HttpStatusCode.NoContent, answered.StatusCode);
            AssertCors(answered, Listed);
            Assert.Contains("PUT", answered.Headers.GetValues("Access-Control-Allow-Methods").Single());
            Assert.Contains("POST", answered.Headers.GetValues("Access-Control-Allow-Methods").Single());
            Assert.Contains("content-type", answered.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
            Assert.True(answered.Headers.Contains("Access-Control-Max-Age"));
        }

        using var refused = await host.SendAsync(HttpMethod.Options, "/upload", origin: "http://evil.example", headers: preflight);
        Assert.Contains("ETL_ALLOWED_ORIGINS", await EtlClient.ProblemAsync(refused, HttpStatusCode.Forbidden));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task The_servers_own_page_keeps_working_under_each_loopback_name()
    {
        await using var host = await ExposedHost.StartAsync();
        using var client = new EtlClient(host.Address);

        // Opened as http://127.0.0.1:{port}: everything is same-origin.
        using var announce = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Json($$"""{"fileName":"a.parquet","size":{{Parquet.Length}}}"""), origin: host.Origin,
            headers: new Dictionary<string, string> { ["Sec-Fetch-Site"] = "same-origin" });
        var uploadUrl = (await EtlClient.ReadAsync(announce, HttpStatusCode.Created))["uploadUrl"]!.GetValue<string>();
        using (var put = await host.SendAsync(HttpMethod.Put, uploadUrl, new ByteArrayContent(Parquet), origin: host.Origin))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // Opened as http://localhost:{port}: the signed URL names 127.0.0.1, so the browser preflights the PUT there.
        var localhost = $"http://localhost:{host.Port}";
        using var announced = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Json($$"""{"fileName":"b.parquet","size":{{Parquet.Length}}}"""),
            host: $"localhost:{host.Port}", origin: localhost);
        var crossUrl = (await EtlClient.ReadAsync(announced, HttpStatusCode.Created))["uploadUrl"]!.GetValue<string>();
        Assert.StartsWith(host.Origin + "/blobs/", crossUrl);
        using (var preflight = await host.SendAsync(HttpMethod.Options, crossUrl, origin: localhost,
                   headers: new Dictionary<string, string> { ["Access-Control-Request-Method"] = "PUT" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
            AssertCors(preflight, localhost);
        }

        using (var put = await host.SendAsync(HttpMethod.Put, crossUrl, new ByteArrayContent(Parquet), origin: localhost))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            AssertCors(put, localhost);
        }

        Assert.Equal(2, host.UploadedFiles().Length);
    }

    [Fact]
    public async Task A_proxy_in_front_named_by_ETL_PUBLIC_URL_serves_the_page_as_the_servers_own()
    {
        // `npm run dev`: Vite on 127.0.0.1:5173 forwards Host and Origin of its page unchanged.
        await using var host = await ExposedHost.StartAsync(new LocalHostOptions { PublicUrl = "http://127.0.0.1:5173" });
        const string dev = "http://127.0.0.1:5173";

        using var announce = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Json($$"""{"fileName":"a.parquet","size":{{Parquet.Length}}}"""),
            host: "127.0.0.1:5173", origin: dev);
        var uploadUrl = (await EtlClient.ReadAsync(announce, HttpStatusCode.Created))["uploadUrl"]!.GetValue<string>();
        Assert.StartsWith(dev + "/blobs/", uploadUrl);
        using var put = await host.SendAsync(HttpMethod.Put, uploadUrl, new ByteArrayContent(Parquet), host: "127.0.0.1:5173", origin: dev);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        // Another page on the same machine is still foreign.
        using var other = await host.SendAsync(HttpMethod.Post, "/upload", ExposedHost.Multipart(Parquet, "b.parquet"), origin: "http://127.0.0.1:3000");
        await EtlClient.ProblemAsync(other, HttpStatusCode.Forbidden);
    }

    private static void AssertCors(HttpResponseMessage response, string origin)
    {
        Assert.True(response.Headers.TryGetValues("Access-Control-Allow-Origin", out var allowed), $"No Access-Control-Allow-Origin on {(int)response.StatusCode}");
        Assert.Equal(origin, Assert.Single(allowed));
        Assert.Contains("Origin", response.Headers.Vary);
    }
}
