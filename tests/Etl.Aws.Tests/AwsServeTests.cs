using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Etl.Api.Tests;
using Etl.Core.Convert;

namespace Etl.Aws.Tests;

/// <summary>
/// A real `etl serve` process on the AWS backend (ETL_BACKEND=aws) against s3rver and dynalite: the REST walk-through of
/// the local end-to-end tests, with uploads, outputs and artifacts in three buckets, jobs in a DynamoDB table and
/// downloads through S3 presigned URLs.
/// </summary>
[Collection(AwsCollection.Name)]
public sealed class AwsServeTests(AwsEmulators aws) : IAsyncLifetime
{
    private static readonly string AllTypes = TestFiles.ParquetTesting("alltypes_plain.parquet");
    private readonly TempDirectory _data = new();
    private EtlProcess? _etl;
    private EtlClient? _client;
    private (string Input, string Output, string Artifacts, string Table) _resources;

    private EtlClient Client => _client!;

    public async Task InitializeAsync()
    {
        _resources = (aws.NewBucket(), aws.NewBucket(), aws.NewBucket(), aws.NewTable());
        _etl = await EtlProcess.StartAsync(_data.Path, Environment(_resources.Input, _resources.Output, _resources.Artifacts, _resources.Table));
        _client = new EtlClient(_etl.Address);
    }

    private Dictionary<string, string> Environment(string? input, string? output, string? artifacts, string table) =>
        ServeEnvironment(aws, input, output, artifacts, table);

    /// <summary>What `etl serve` on the AWS backend needs to reach the emulators.</summary>
    internal static Dictionary<string, string> ServeEnvironment(AwsEmulators aws, string? input, string? output, string? artifacts, string table)
    {
        var environment = new Dictionary<string, string>
        {
            ["ETL_BACKEND"] = "aws",
            ["ETL_JOBS_TABLE"] = table,
            ["AWS_ENDPOINT_URL_S3"] = aws.S3.Endpoint.ToString(),
            ["AWS_ENDPOINT_URL_DYNAMODB"] = aws.DynamoDb.Endpoint.ToString(),
            ["AWS_REGION"] = AwsEmulators.Region,
            ["AWS_ACCESS_KEY_ID"] = "S3RVER",
            ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        if (input is not null) environment["ETL_INPUT_BUCKET"] = input;
        if (output is not null) environment["ETL_OUTPUT_BUCKET"] = output;
        if (artifacts is not null) environment["ETL_ARTIFACTS_BUCKET"] = artifacts;
        return environment;
    }

    private static string ExpectedNdjson()
    {
        using var input = File.OpenRead(AllTypes);
        using var output = new MemoryStream();
        ParquetToJson.Convert(input, output, JsonOutputFormat.Ndjson);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Theory]
    [InlineData("multipart")]
    [InlineData("signed")]
    public async Task Parquet_upload_converts_over_s3_and_dynamodb_and_downloads_through_a_presigned_url(string uploadPath)
    {
        var bytes = await File.ReadAllBytesAsync(AllTypes);
        var jobId = uploadPath == "multipart"
            ? await Client.UploadAsync(bytes, "alltypes_plain.parquet")
            : await Client.UploadSignedAsync(bytes, "alltypes_plain.parquet");
        Assert.Equal("PENDING", (await Client.StatusAsync(jobId))["status"]!.GetValue<string>());

        using var trigger = await Client.TriggerAsync(jobId);
        Assert.Equal("RUNNING", (await EtlClient.ReadAsync(trigger, HttpStatusCode.Accepted))["status"]!.GetValue<string>());
        var done = await Client.WaitAsync(jobId);
        Assert.True(done["status"]!.GetValue<string>() == "COMPLETED", done.ToJsonString());
        Assert.Equal(8, done["rowCount"]!.GetValue<long>());
        Assert.Equal(bytes.Length, done["bytesIn"]!.GetValue<long>());

        using var download = await Client.Http.GetAsync($"/download/{jobId}");
        var link = await EtlClient.ReadAsync(download, HttpStatusCode.OK);
        var url = new Uri(link["downloadUrl"]!.GetValue<string>());
        Assert.Equal(aws.S3.Port, url.Port); // S3's presigned URL, not the host's
        Assert.StartsWith($"/{_resources.Output}/output/{jobId}/", url.AbsolutePath, StringComparison.Ordinal);
        using var get = await Client.Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("alltypes_plain.ndjson", get.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        Assert.Equal(ExpectedNdjson(), await get.Content.ReadAsStringAsync());

        var profile = JsonNode.Parse(await Client.DownloadAsync(jobId, "profile"))!;
        Assert.Equal(8, profile["rowCount"]!.GetValue<long>());
    }

    [Fact]
    public async Task Json_upload_through_a_presigned_put_converts_to_parquet_and_its_schema_is_an_artifact()
    {
        var json = Encoding.UTF8.GetBytes(string.Join('\n', Enumerable.Range(0, 50).Select(i => $"{{\"id\":{i},\"name\":\"n{i}\",\"tags\":[\"a\",\"b\"]}}")) + "\n");
        var jobId = await Client.UploadSignedAsync(json, "rows.ndjson");
        using var trigger = await Client.TriggerAsync(jobId, "parquet");
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        var done = await Client.WaitAsync(jobId);
        Assert.True(done["status"]!.GetValue<string>() == "COMPLETED", done.ToJsonString());
        Assert.Equal(50, done["rowCount"]!.GetValue<long>());

        var parquet = await Client.DownloadAsync(jobId);
        using var back = new MemoryStream();
        ParquetToJson.Convert(new MemoryStream(parquet), back, JsonOutputFormat.Ndjson);
        Assert.Equal(50, Encoding.UTF8.GetString(back.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.NotNull(JsonNode.Parse(await Client.DownloadAsync(jobId, "schema")));
    }

    [Fact]
    public async Task A_broken_file_fails_its_job_with_the_reason_and_nothing_to_download()
    {
        var jobId = await Client.UploadSignedAsync("this is not parquet at all"u8.ToArray(), "data.parquet");
        (await Client.TriggerAsync(jobId)).Dispose();
        var failed = await Client.WaitAsync(jobId);
        Assert.Equal(("FAILED", "InvalidParquet"), (failed["status"]!.GetValue<string>(), failed["errorType"]!.GetValue<string>()));
        Assert.Contains("PAR1", failed["errorMessage"]!.GetValue<string>());

        using var download = await Client.Http.GetAsync($"/download/{jobId}");
        await EtlClient.ProblemAsync(download, HttpStatusCode.Conflict);
        using var again = await Client.TriggerAsync(jobId);
        await EtlClient.ProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_unknown_job_is_404_and_the_listing_pages_newest_first()
    {
        using var unknown = await Client.Http.GetAsync($"/job-status/{Guid.CreateVersion7()}");
        await EtlClient.ProblemAsync(unknown, HttpStatusCode.NotFound);

        var bytes = await File.ReadAllBytesAsync(AllTypes);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await Client.UploadAsync(bytes, $"page{i}.parquet"));
        }

        var first = await EtlClient.ReadAsync(await Client.Http.GetAsync("/jobs?limit=2"), HttpStatusCode.OK);
        Assert.Equal([ids[2], ids[1]], first["jobs"]!.AsArray().Select(j => j!["jobId"]!.GetValue<string>()));
        var token = Uri.EscapeDataString(first["nextToken"]!.GetValue<string>());
        var second = await EtlClient.ReadAsync(await Client.Http.GetAsync($"/jobs?limit=2&status=PENDING&nextToken={token}"), HttpStatusCode.OK);
        Assert.Equal(ids[0], second["jobs"]!.AsArray()[0]!["jobId"]!.GetValue<string>());
    }

    public Task DisposeAsync()
    {
        _client?.Dispose();
        _etl?.Dispose();
        _data.Dispose();
        return Task.CompletedTask;
    }
}
