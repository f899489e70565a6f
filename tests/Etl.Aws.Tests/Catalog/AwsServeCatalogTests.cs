using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Etl.Api.Tests;

namespace Etl.Aws.Tests.Catalog;

/// <summary>
/// Datasets through two real `etl serve --backend aws` processes with ETL_CATALOG_DATABASE set, over dynalite, s3rver
/// and the fake Glue: a version one process registers is what the other reads and changes, and Glue follows both.
/// </summary>
[Collection(AwsCollection.Name)]
public sealed class AwsServeCatalogTests(AwsEmulators aws) : IAsyncLifetime
{
    private const string Dataset = "orders";
    private readonly TempDirectory _dataA = new();
    private readonly TempDirectory _dataB = new();
    private AwsCatalogRig? _rig;
    private EtlProcess? _a;
    private EtlProcess? _b;

    public async Task InitializeAsync()
    {
        _rig = new AwsCatalogRig(aws);
        var environment = AwsServeTests.ServeEnvironment(aws, _rig.Bucket, null, null, _rig.Table);
        environment["ETL_CATALOG_DATABASE"] = AwsCatalogRig.Database;
        environment["AWS_ENDPOINT_URL_GLUE"] = _rig.Glue.Endpoint.ToString();
        _a = await EtlProcess.StartAsync(_dataA.Path, environment);
        _b = await EtlProcess.StartAsync(_dataB.Path, environment);
    }

    private static byte[] Ndjson(params string[] lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

    private static async Task<JsonObject> LoadAsync(EtlClient client, byte[] content)
    {
        var jobId = await client.UploadAsync(content, "orders.ndjson");
        using var trigger = await client.Http.PostAsJsonAsync("/trigger-job", new { jobId, dataset = Dataset });
        await EtlClient.ReadAsync(trigger, HttpStatusCode.Accepted);
        return await client.WaitAsync(jobId);
    }

    private static async Task<JsonObject> DatasetAsync(EtlClient client)
    {
        using var response = await client.Http.GetAsync($"/datasets/{Dataset}");
        return await EtlClient.ReadAsync(response, HttpStatusCode.OK);
    }

    private string GlueParameter(string name) => _rig!.Glue.Table(AwsCatalogRig.Database, Dataset)!["Parameters"]![name]!.GetValue<string>();

    [Fact]
    public async Task Versions_registered_by_one_server_are_read_and_rolled_back_by_another_and_glue_follows()
    {
        var a = new EtlClient(_a!.Address);
        var b = new EtlClient(_b!.Address);

        var first = await LoadAsync(a, Ndjson("""{"id":1,"amount":10.5}""", """{"id":2,"amount":3.25}"""));
        Assert.True(first["status"]!.GetValue<string>() == "COMPLETED", first.ToJsonString());
        Assert.Equal(1, first["datasetVersion"]!.GetValue<int>());
        var seenByB = await DatasetAsync(b);
        Assert.Equal(1, seenByB["currentVersion"]!.GetValue<int>());
        Assert.Equal(first["jobId"]!.GetValue<string>(), seenByB["versions"]![0]!["jobId"]!.GetValue<string>());
        Assert.Equal(("1", first["jobId"]!.GetValue<string>()), (GlueParameter("etl.version"), GlueParameter("etl.job")));

        // An added nullable column is applied under evolve: version 2, registered through the other server.
        var second = await LoadAsync(b, Ndjson("""{"id":3,"amount":7.5,"coupon":"X"}""", """{"id":4,"amount":1.25,"coupon":null}"""));
        Assert.True(second["status"]!.GetValue<string>() == "COMPLETED", second.ToJsonString());
        Assert.Equal(2, second["datasetVersion"]!.GetValue<int>());
        Assert.Null(second["review"]);
        Assert.Equal(2, (await DatasetAsync(a))["currentVersion"]!.GetValue<int>());
        Assert.Equal("2", GlueParameter("etl.version"));
        Assert.Contains("coupon", _rig!.Glue.Table(AwsCatalogRig.Database, Dataset)!["StorageDescriptor"]!["Columns"]!.AsArray().Select(c => c!["Name"]!.GetValue<string>()));

        using var rollback = await a.Http.PostAsJsonAsync($"/datasets/{Dataset}/rollback", new { version = 1 });
        await EtlClient.ReadAsync(rollback, HttpStatusCode.OK);
        var afterRollback = await DatasetAsync(b);
        Assert.Equal(1, afterRollback["currentVersion"]!.GetValue<int>());
        Assert.Equal([2, 1], afterRollback["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal(("1", first["jobId"]!.GetValue<string>()), (GlueParameter("etl.version"), GlueParameter("etl.job")));

        using var list = await b.Http.GetAsync("/datasets");
        var listed = (await EtlClient.ReadAsync(list, HttpStatusCode.OK))["datasets"]!.AsArray();
        Assert.Equal([Dataset], listed.Select(d => d!["name"]!.GetValue<string>()));
        Assert.Empty(_rig.Glue.Violations);
        _rig.Glue.AssertSigned(AwsEmulators.Region);
    }

    public Task DisposeAsync()
    {
        _a?.Dispose();
        _b?.Dispose();
        _rig?.Dispose();
        _dataA.Dispose();
        _dataB.Dispose();
        return Task.CompletedTask;
    }
}
