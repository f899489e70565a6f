using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Etl.Core.Convert;

namespace Etl.Api.Tests;

/// <summary>JSON and NDJSON uploads become typed Parquet (or normalized NDJSON) through the same pipeline.</summary>
[Collection(LocalHostCollection.Name)]
public class JsonUploadTests(LocalHostFixture host)
{
    private static readonly byte[] Orders = Encoding.UTF8.GetBytes(
        "{\"id\":1,\"price\":2,\"at\":\"2024-01-02T03:04:05Z\",\"tags\":[\"a\"]}\n" +
        "{\"id\":2,\"price\":2.5,\"at\":\"2024-01-03T00:00:00Z\",\"tags\":[]}\n");

    [Fact]
    public async Task Ndjson_upload_converts_to_parquet_with_inferred_types_profile_and_schema()
    {
        var jobId = await host.Client.UploadAsync(Orders, "orders.ndjson");
        (await host.Client.TriggerAsync(jobId)).Dispose();
        var done = await host.Client.WaitAsync(jobId);
        Assert.Equal("COMPLETED", done["status"]!.GetValue<string>());
        Assert.Equal(2, done["rowCount"]!.GetValue<long>());

        var parquet = await host.Client.DownloadAsync(jobId);
        Assert.Equal("PAR1", Encoding.ASCII.GetString(parquet, 0, 4));
        using var back = new MemoryStream();
        ParquetToJson.Convert(new MemoryStream(parquet), back, JsonOutputFormat.Ndjson);
        var rows = Encoding.UTF8.GetString(back.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("{\"id\":1,\"price\":2,\"at\":\"2024-01-02T03:04:05Z\",\"tags\":[\"a\"]}", rows[0]);
        Assert.Equal("{\"id\":2,\"price\":2.5,\"at\":\"2024-01-03T00:00:00Z\",\"tags\":[]}", rows[1]);

        var schema = JsonNode.Parse(await host.Client.DownloadAsync(jobId, "schema"))!;
        var text = schema.ToJsonString();
        Assert.Contains("DOUBLE", text);
        Assert.Contains("TIMESTAMP", text);
        var profile = JsonNode.Parse(await host.Client.DownloadAsync(jobId, "profile"))!;
        Assert.Equal(2, profile["rowCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task Json_upload_can_ask_for_normalized_ndjson()
    {
        var jobId = await host.Client.UploadAsync(Encoding.UTF8.GetBytes("[{\"n\":1},{\"n\":\"x\"}]"), "mixed.json");
        (await host.Client.TriggerAsync(jobId, "ndjson")).Dispose();
        var done = await host.Client.WaitAsync(jobId);
        Assert.Equal("COMPLETED", done["status"]!.GetValue<string>());
        var lines = Encoding.UTF8.GetString(await host.Client.DownloadAsync(jobId)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // A number and a string in one field widen to STRING; the number keeps its text.
        Assert.Equal(["{\"n\":\"1\"}", "{\"n\":\"x\"}"], lines);
    }

    [Fact]
    public async Task Malformed_ndjson_fails_in_validate_naming_line_and_column_and_keeps_the_input()
    {
        var jobId = await host.Client.UploadAsync(Encoding.UTF8.GetBytes("{\"a\":1}\n{\"a\" 2}\n"), "bad.ndjson");
        (await host.Client.TriggerAsync(jobId)).Dispose();
        var failed = await host.Client.WaitAsync(jobId);
        Assert.Equal(("FAILED", "InvalidJson", "validate"),
            (failed["status"]!.GetValue<string>(), failed["errorType"]!.GetValue<string>(), failed["stage"]!.GetValue<string>()));
        Assert.Contains("line 2", failed["errorMessage"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(host.DataDirectory, "uploads", jobId, "bad.ndjson")));
    }
}
