using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Etl.Api.Tests;

/// <summary>
/// Nested JSON loaded into two datasets on a host of their own: the orders become related tables, their
/// <c>user_id</c> is found to reference the users dataset's natural key by value, and the version carries the cost
/// estimate and a ddl.sql over each table's own folder — all downloadable.
/// </summary>
public sealed class DatasetRelationshipTests
{
    private static byte[] Ndjson(IEnumerable<string> rows) => Encoding.UTF8.GetBytes(string.Join('\n', rows) + "\n");

    private static async Task<JsonObject> LoadAsync(EtlClient client, byte[] content, string fileName, string dataset)
    {
        var jobId = await client.UploadAsync(content, fileName);
        using var trigger = await client.Http.PostAsJsonAsync("/trigger-job", new { jobId, dataset });
        await EtlClient.ReadAsync(trigger, HttpStatusCode.Accepted);
        return await client.WaitAsync(jobId);
    }

    [Fact]
    public async Task Orders_reference_users_across_datasets_and_the_version_has_its_cost_and_ddl()
    {
        await using var host = await ConfiguredHost.StartAsync(new Dictionary<string, string>());
        var users = Ndjson(Enumerable.Range(1, 30).Select(i => $$"""{"id": {{i}}, "name": "user {{i}}", "emails": [{"address": "u{{i}}@example.com"}]}"""));
        var orders = Ndjson(Enumerable.Range(1, 60).Select(i =>
            $$"""{"order_id": "o-{{i}}", "user_id": {{i % 30 + 1}}, "items": [{"sku": "s{{i % 7}}", "qty": {{i % 3 + 1}}}, {"sku": "s{{i % 5}}", "qty": 1}]}"""));

        var usersJob = await LoadAsync(host.Client, users, "users.ndjson", "users");
        Assert.Equal("COMPLETED", usersJob["status"]!.GetValue<string>());
        var ordersJob = await LoadAsync(host.Client, orders, "orders.ndjson", "orders");
        Assert.True(ordersJob["status"]!.GetValue<string>() == "COMPLETED", ordersJob.ToJsonString());
        var jobId = ordersJob["jobId"]!.GetValue<string>();

        var tables = JsonNode.Parse(await host.Client.DownloadAsync(jobId, "tables"))!;
        var names = tables["tables"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["orders", "orders__items"], names);
        var root = tables["tables"]![0]!;
        Assert.Equal(["order_id"], root["naturalKey"]!["columns"]!.AsArray().Select(c => c!.GetValue<string>()));
        var references = root["foreignKeys"]!.AsArray().Select(k => (
            string.Join(",", k!["columns"]!.AsArray().Select(c => c!.GetValue<string>())),
            k["references"]!["table"]!.GetValue<string>(),
            string.Join(",", k["references"]!["columns"]!.AsArray().Select(c => c!.GetValue<string>())))).ToList();
        Assert.Contains(("user_id", "users.users", "id"), references);
        var items = tables["tables"]![1]!;
        Assert.Equal(120, items["rowCount"]!.GetValue<long>());
        Assert.Equal(120, items["validation"]!["expectedRows"]!.GetValue<long>());

        var cost = tables["cost"]!;
        Assert.Equal(orders.Length, cost["input"]!["bytes"]!.GetValue<long>());
        Assert.Equal(2, cost["tables"]!.AsArray().Count);
        Assert.True(cost["total"]!["bytes"]!.GetValue<long>() > 0);

        var ddl = Encoding.UTF8.GetString(await host.Client.DownloadAsync(jobId, "ddl"));
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS `orders`.`orders__items`", ddl);
        Assert.Contains($"LOCATION '{Path.Combine(host.DataDirectory, "output", jobId, "tables", "orders__items")}/'", ddl);

        // The version served by the API is the one the files describe.
        var version = await EtlClient.ReadAsync(await host.Client.Http.GetAsync("/datasets/orders/versions/1"), HttpStatusCode.OK);
        Assert.Equal(names, version["tables"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.NotNull(version["cost"]);
    }
}
