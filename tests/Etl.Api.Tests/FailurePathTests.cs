using System.Net;
using System.Text;
using Etl.Core.Jobs;

namespace Etl.Api.Tests;

/// <summary>Every way a request can go wrong answers with a problem a person can act on, and loses nothing.</summary>
[Collection(LocalHostCollection.Name)]
public class FailurePathTests(LocalHostFixture host)
{
    private static byte[] AllTypes() => File.ReadAllBytes(TestFiles.ParquetTesting("alltypes_plain.parquet"));

    [Fact]
    public async Task Text_named_parquet_is_refused_at_upload_with_415()
    {
        using var response = await host.Client.UploadMultipartAsync("id,name\n1,a\n"u8.ToArray(), "data.parquet");
        var detail = await EtlClient.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("PAR1", detail);
    }

    [Fact]
    public async Task Unsupported_extension_is_refused_with_415()
    {
        using var response = await host.Client.UploadMultipartAsync("a,b\n"u8.ToArray(), "report.csv");
        Assert.Contains(".parquet", await EtlClient.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType));
    }

    [Fact]
    public async Task Non_parquet_bytes_put_to_a_signed_url_fail_the_job_naming_the_problem()
    {
        var jobId = await host.Client.UploadSignedAsync("this is not parquet at all"u8.ToArray(), "data.parquet");
        (await host.Client.TriggerAsync(jobId)).Dispose();
        var failed = await host.Client.WaitAsync(jobId);
        Assert.Equal("FAILED", failed["status"]!.GetValue<string>());
        Assert.Equal("InvalidParquet", failed["errorType"]!.GetValue<string>());
        Assert.Contains("PAR1", failed["errorMessage"]!.GetValue<string>());
        Assert.Equal("validate", failed["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_signed_upload_url_cannot_replace_the_input_once_the_job_was_triggered()
    {
        var bytes = AllTypes();
        using var announced = await host.Client.AnnounceAsync("late.parquet", bytes.Length);
        var body = await EtlClient.ReadAsync(announced, HttpStatusCode.Created);
        var jobId = body["jobId"]!.GetValue<string>();
        var uploadUrl = body["uploadUrl"]!.GetValue<string>();
        using (var first = await host.Client.Http.PutAsync(uploadUrl, new ByteArrayContent(bytes)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        (await host.Client.TriggerAsync(jobId)).Dispose();
        Assert.Equal("COMPLETED", (await host.Client.WaitAsync(jobId))["status"]!.GetValue<string>());

        using var late = await host.Client.Http.PutAsync(uploadUrl, new ByteArrayContent("not parquet"u8.ToArray()));
        Assert.Contains("COMPLETED", await EtlClient.ProblemAsync(late, HttpStatusCode.Conflict));
        var output = await host.Client.DownloadAsync(jobId);
        Assert.StartsWith("{\"id\":4", System.Text.Encoding.UTF8.GetString(output));
    }

    [Fact]
    public async Task Empty_multipart_file_is_a_400()
    {
        using var response = await host.Client.UploadMultipartAsync([], "empty.parquet");
        Assert.Contains("empty", await EtlClient.ProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Empty_file_put_to_a_signed_url_fails_the_job_as_EmptyFile()
    {
        var jobId = await host.Client.UploadSignedAsync([], "empty.parquet");
        (await host.Client.TriggerAsync(jobId)).Dispose();
        var failed = await host.Client.WaitAsync(jobId);
        Assert.Equal(("FAILED", "EmptyFile"), (failed["status"]!.GetValue<string>(), failed["errorType"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Truncated_parquet_fails_the_job_keeps_the_input_and_says_where()
    {
        var bytes = AllTypes();
        var truncated = bytes[..(bytes.Length - 100)];
        var jobId = await host.Client.UploadAsync(truncated, "cut.parquet");
        (await host.Client.TriggerAsync(jobId)).Dispose();

        var failed = await host.Client.WaitAsync(jobId);
        Assert.Equal("FAILED", failed["status"]!.GetValue<string>());
        Assert.Equal("InvalidParquet", failed["errorType"]!.GetValue<string>());
        var message = failed["errorMessage"]!.GetValue<string>();
        Assert.Contains("truncated", message);
        Assert.Contains("byte offset", message);

        var input = Path.Combine(host.DataDirectory, "uploads", jobId, "cut.parquet");
        Assert.Equal(truncated, await File.ReadAllBytesAsync(input));

        using var download = await host.Client.Http.GetAsync($"/download/{jobId}");
        Assert.Contains("FAILED", await EtlClient.ProblemAsync(download, HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Unknown_job_is_404_everywhere()
    {
        var unknown = JobIds.New();
        Assert.Contains(unknown, await EtlClient.ProblemAsync(await host.Client.Http.GetAsync($"/job-status/{unknown}"), HttpStatusCode.NotFound));
        await EtlClient.ProblemAsync(await host.Client.Http.GetAsync("/job-status/not-a-job-id"), HttpStatusCode.NotFound);
        await EtlClient.ProblemAsync(await host.Client.TriggerAsync(unknown), HttpStatusCode.NotFound);
        await EtlClient.ProblemAsync(await host.Client.Http.GetAsync($"/download/{unknown}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Triggering_twice_is_409_and_the_job_runs_once()
    {
        var jobId = await host.Client.UploadAsync(AllTypes(), "twice.parquet");
        var triggers = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => host.Client.TriggerAsync(jobId)));
        Assert.Single(triggers, t => t.StatusCode == HttpStatusCode.Accepted);
        Assert.Equal(4, triggers.Count(t => t.StatusCode == HttpStatusCode.Conflict));

        await host.Client.WaitAsync(jobId);
        using var again = await host.Client.TriggerAsync(jobId);
        Assert.Contains("runs once", await EtlClient.ProblemAsync(again, HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Download_before_completion_is_409()
    {
        var jobId = await host.Client.UploadAsync(AllTypes(), "early.parquet");
        using var response = await host.Client.Http.GetAsync($"/download/{jobId}");
        Assert.Contains("trigger", await EtlClient.ProblemAsync(response, HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Trigger_before_the_signed_upload_arrives_is_409()
    {
        using var announced = await host.Client.AnnounceAsync("later.parquet", 100);
        var jobId = (await EtlClient.ReadAsync(announced, HttpStatusCode.Created))["jobId"]!.GetValue<string>();
        using var trigger = await host.Client.TriggerAsync(jobId);
        Assert.Contains("uploadUrl", await EtlClient.ProblemAsync(trigger, HttpStatusCode.Conflict));
    }

    [Theory]
    [InlineData("../../../etc/evil.parquet", "evil.parquet")]
    [InlineData("dir/sub/data.parquet", "data.parquet")]
    [InlineData("..\\..\\win.parquet", "win.parquet")]
    [InlineData("bad\u0001\u001fname.parquet", "bad__name.parquet")]
    public async Task File_names_with_paths_or_control_characters_are_stored_inside_the_data_directory(string raw, string shown)
    {
        var jobId = await host.Client.UploadAsync(AllTypes(), raw);
        var status = await host.Client.StatusAsync(jobId);
        Assert.Equal(shown, status["fileName"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(host.DataDirectory, "uploads", jobId, shown)));

        using var announced = await host.Client.AnnounceAsync(raw, 10);
        var signed = await EtlClient.ReadAsync(announced, HttpStatusCode.Created);
        Assert.EndsWith($"/{Uri.EscapeDataString(shown)}", new Uri(signed["uploadUrl"]!.GetValue<string>()).AbsolutePath);
    }

    [Fact]
    public async Task Tampered_or_unsigned_urls_are_403()
    {
        var bytes = AllTypes();
        using var announced = await host.Client.AnnounceAsync("signed.parquet", bytes.Length);
        var url = (await EtlClient.ReadAsync(announced, HttpStatusCode.Created))["uploadUrl"]!.GetValue<string>();

        var otherKey = url.Replace("signed.parquet", "other.parquet", StringComparison.Ordinal);
        Assert.Contains("signature", await EtlClient.ProblemAsync(await host.Client.Http.PutAsync(otherKey, new ByteArrayContent(bytes)), HttpStatusCode.Forbidden));

        var biggerLimit = url.Replace($"max={bytes.Length}", "max=999999", StringComparison.Ordinal);
        await EtlClient.ProblemAsync(await host.Client.Http.PutAsync(biggerLimit, new ByteArrayContent(bytes)), HttpStatusCode.Forbidden);

        var later = url.Replace("expires=", "expires=9", StringComparison.Ordinal);
        await EtlClient.ProblemAsync(await host.Client.Http.PutAsync(later, new ByteArrayContent(bytes)), HttpStatusCode.Forbidden);

        var unsigned = url[..url.IndexOf('?', StringComparison.Ordinal)];
        await EtlClient.ProblemAsync(await host.Client.Http.GetAsync(unsigned), HttpStatusCode.Forbidden);
        await EtlClient.ProblemAsync(await host.Client.Http.GetAsync($"{unsigned}?expires=1&name=x&sig=x"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_expired_url_is_403()
    {
        // Signatures cover the expiry; one already in the past must be refused even when correctly signed.
        var issuer = new Etl.Adapters.Local.Signing.HmacSignedUrlIssuer(
            Etl.Adapters.Local.Signing.SigningSecret.LoadOrCreate(Path.Combine(host.DataDirectory, ".etl")),
            () => host.Client.Http.BaseAddress!, TimeProvider.System);
        var expired = issuer.IssueUpload("uploads/x/expired.parquet", 10, TimeSpan.FromSeconds(-5));
        using var response = await host.Client.Http.PutAsync(expired.Url, new ByteArrayContent([1, 2, 3]));
        Assert.Contains("expired", await EtlClient.ProblemAsync(response, HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task Uploads_over_the_limit_are_413_on_every_path()
    {
        var tooBig = new byte[LocalHostFixture.MultipartLimit + 1];
        "PAR1"u8.CopyTo(tooBig);
        using var multipart = await host.Client.UploadMultipartAsync(tooBig, "big.parquet");
        Assert.Contains("uploadUrl", await EtlClient.ProblemAsync(multipart, HttpStatusCode.RequestEntityTooLarge));

        using var announced = await host.Client.AnnounceAsync("huge.parquet", LocalHostFixture.SignedLimit + 1);
        await EtlClient.ProblemAsync(announced, HttpStatusCode.RequestEntityTooLarge);

        using var small = await host.Client.AnnounceAsync("small.parquet", 10);
        var url = (await EtlClient.ReadAsync(small, HttpStatusCode.Created))["uploadUrl"]!.GetValue<string>();
        using var put = await host.Client.Http.PutAsync(url, new ByteArrayContent(new byte[11]));
        await EtlClient.ProblemAsync(put, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(Directory.GetFiles(host.DataDirectory, "small.parquet", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("{\"jobId\": ")]
    [InlineData("[1,2]")]
    [InlineData("{}")]
    public async Task Malformed_trigger_bodies_are_400(string body)
    {
        using var response = await host.Client.Http.PostAsync("/trigger-job", new StringContent(body, Encoding.UTF8, "application/json"));
        await EtlClient.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Wrong_output_format_and_bad_listing_parameters_are_400()
    {
        var jobId = await host.Client.UploadAsync(AllTypes(), "fmt.parquet");
        await EtlClient.ProblemAsync(await host.Client.TriggerAsync(jobId, "parquet"), HttpStatusCode.BadRequest);
        await EtlClient.ProblemAsync(await host.Client.TriggerAsync(jobId, "xml"), HttpStatusCode.BadRequest);
        Assert.Equal("PENDING", (await host.Client.StatusAsync(jobId))["status"]!.GetValue<string>());

        await EtlClient.ProblemAsync(await host.Client.Http.GetAsync("/jobs?limit=0"), HttpStatusCode.BadRequest);
        await EtlClient.ProblemAsync(await host.Client.Http.GetAsync("/jobs?status=DONE"), HttpStatusCode.BadRequest);
        await EtlClient.ProblemAsync(await host.Client.Http.GetAsync("/jobs?nextToken=garbage"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Upload_with_neither_multipart_nor_json_is_415()
    {
        using var response = await host.Client.Http.PostAsync("/upload", new StringContent("raw", Encoding.UTF8, "text/plain"));
        await EtlClient.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Unknown_artifact_is_400()
    {
        using var response = await host.Client.Http.GetAsync($"/download/{JobIds.New()}?artifact=secrets");
        await EtlClient.ProblemAsync(response, HttpStatusCode.BadRequest);
    }

}
