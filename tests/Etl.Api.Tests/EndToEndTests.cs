using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Etl.Core.Convert;

namespace Etl.Api.Tests;

/// <summary>The whole product through its REST API on real Kestrel: upload both ways, trigger, poll, download, compare.</summary>
[Collection(LocalHostCollection.Name)]
public class EndToEndTests(LocalHostFixture host)
{
    private static readonly string AllTypes = TestFiles.ParquetTesting("alltypes_plain.parquet");

    private static string ExpectedOutput(JsonOutputFormat format)
    {
        using var input = File.OpenRead(AllTypes);
        using var output = new MemoryStream();
        ParquetToJson.Convert(input, output, format);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Theory]
    [InlineData("multipart")]
    [InlineData("signed")]
    public async Task Parquet_upload_converts_to_ndjson_and_downloads_through_the_signed_url(string uploadPath)
    {
        var bytes = await File.ReadAllBytesAsync(AllTypes);
        var jobId = uploadPath == "multipart"
            ? await host.Client.UploadAsync(bytes, "alltypes_plain.parquet")
            : await host.Client.UploadSignedAsync(bytes, "alltypes_plain.parquet");
        Assert.Equal("PENDING", (await host.Client.StatusAsync(jobId))["status"]!.GetValue<string>());

        using var trigger = await host.Client.TriggerAsync(jobId);
        var accepted = await EtlClient.ReadAsync(trigger, HttpStatusCode.Accepted);
        Assert.Equal("RUNNING", accepted["status"]!.GetValue<string>());

        var done = await host.Client.WaitAsync(jobId);
        Assert.True(done["status"]!.GetValue<string>() == "COMPLETED", done.ToJsonString());
        Assert.Equal(8, done["rowCount"]!.GetValue<long>());
        Assert.Equal(bytes.Length, done["bytesIn"]!.GetValue<long>());
        Assert.Equal("ndjson", done["outputFormat"]!.GetValue<string>());
        Assert.Equal(1.0, done["progress"]!.GetValue<double>());
        Assert.EndsWith("Z", done["createdAt"]!.GetValue<string>());

        var output = Encoding.UTF8.GetString(await host.Client.DownloadAsync(jobId));
        Assert.Equal(ExpectedOutput(JsonOutputFormat.Ndjson), output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(8, lines.Length);
        Assert.Equal(4, JsonNode.Parse(lines[0])!["id"]!.GetValue<int>());
        Assert.Equal(done["bytesOut"]!.GetValue<long>(), Encoding.UTF8.GetByteCount(output));
    }

    [Fact]
    public async Task Json_output_format_gives_one_array()
    {
        var jobId = await host.Client.UploadAsync(await File.ReadAllBytesAsync(AllTypes), "alltypes_plain.parquet");
        using var trigger = await host.Client.TriggerAsync(jobId, "json");
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        Assert.Equal("COMPLETED", (await host.Client.WaitAsync(jobId))["status"]!.GetValue<string>());

        var output = Encoding.UTF8.GetString(await host.Client.DownloadAsync(jobId));
        Assert.Equal(ExpectedOutput(JsonOutputFormat.Json), output);
        Assert.Equal(8, JsonNode.Parse(output)!.AsArray().Count);
    }

    [Fact]
    public async Task Profile_artifact_describes_the_columns()
    {
        var jobId = await host.Client.UploadAsync(await File.ReadAllBytesAsync(AllTypes), "alltypes_plain.parquet");
        (await host.Client.TriggerAsync(jobId)).Dispose();
        Assert.Equal("COMPLETED", (await host.Client.WaitAsync(jobId))["status"]!.GetValue<string>());

        var profile = JsonNode.Parse(await host.Client.DownloadAsync(jobId, "profile"))!;
        Assert.Equal(8, profile["rowCount"]!.GetValue<long>());
        var columns = profile["columns"]!.AsArray();
        Assert.Contains(columns, c => c!["name"]!.GetValue<string>() == "id");
        Assert.Equal(11, columns.Count);
        Assert.NotEmpty(profile["sampleRows"]!.AsArray());
    }

    [Fact]
    public async Task Jobs_listing_pages_newest_first()
    {
        var bytes = await File.ReadAllBytesAsync(AllTypes);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await host.Client.UploadAsync(bytes, $"page{i}.parquet"));
        }

        var first = await EtlClient.ReadAsync(await host.Client.Http.GetAsync("/jobs?limit=2&status=PENDING"), HttpStatusCode.OK);
        var firstIds = first["jobs"]!.AsArray().Select(j => j!["jobId"]!.GetValue<string>()).ToList();
        Assert.Equal([ids[2], ids[1]], firstIds);
        var token = first["nextToken"]!.GetValue<string>();
        var second = await EtlClient.ReadAsync(await host.Client.Http.GetAsync($"/jobs?limit=2&status=PENDING&nextToken={Uri.EscapeDataString(token)}"), HttpStatusCode.OK);
        Assert.Equal(ids[0], second["jobs"]!.AsArray()[0]!["jobId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Health_page_and_openapi_document_are_served()
    {
        var health = await EtlClient.ReadAsync(await host.Client.Http.GetAsync("/health"), HttpStatusCode.OK);
        Assert.Equal("ok", health["status"]!.GetValue<string>());

        // The built page (frontend/dist) when there is one, else the embedded page: either is titled and self-contained.
        var page = await host.Client.Http.GetStringAsync("/");
        Assert.Contains("<title>Agentic ETL</title>", page);
        Assert.DoesNotContain("https://", page);

        var openApi = JsonNode.Parse(await host.Client.Http.GetStringAsync("/openapi/v1.json"))!;
        var paths = openApi["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "/upload", "/trigger-job", "/job-status/{jobId}", "/jobs", "/download/{jobId}", "/agent-invoke", "/health" }, paths);
    }

    [Fact]
    public async Task Agent_invoke_without_a_source_says_how_to_name_one()
    {
        using var response = await host.Client.Http.PostAsync("/agent-invoke", new StringContent("{\"prompt\":\"x\"}", Encoding.UTF8, "application/json"));
        Assert.Contains("GET /datasets", await EtlClient.ProblemAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }
}
