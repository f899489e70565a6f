using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Jobs;

namespace Etl.Aws.Catalog;

/// <summary>
/// Every dataset's name, in one item of the jobs table (key <c>"datasets"</c>, string set <c>names</c>), and GET
/// /datasets made from it: one GetItem, then the datasets' items 100 at a time (BatchGetItem). A set in one item holds
/// about 6,000 names of 63 characters (400 KB), and needs no index on the table.
/// </summary>
internal sealed class DatasetDirectory(IAmazonDynamoDB dynamo, string table)
{
    private const int BatchGetLimit = 100;
    private readonly IAmazonDynamoDB _dynamo = dynamo;
    private readonly string _table = table;

    /// <summary>Adds <paramref name="name"/> (idempotent).</summary>
    public Task AddAsync(string name, CancellationToken cancellationToken) =>
        DynamoCalls.RunAsync(_table, "UpdateItem", DatasetItem.DirectoryKey, () => _dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _table,
            Key = DatasetItem.DirectoryItemKey(),
            UpdateExpression = "ADD #names :name",
            ExpressionAttributeNames = new() { ["#names"] = DatasetItem.Names },
            ExpressionAttributeValues = new() { [":name"] = new AttributeValue { SS = [name] } },
        }, cancellationToken));

    /// <summary>Every dataset, by name, with its current version's tables.</summary>
    public async Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var directory = await DynamoCalls.RunAsync(_table, "GetItem", DatasetItem.DirectoryKey, () => _dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = DatasetItem.DirectoryItemKey(),
            ConsistentRead = true,
        }, cancellationToken));
        var names = directory.Item is { } item && item.TryGetValue(DatasetItem.Names, out var set) && set.SS is { } values ? values : [];
        var datasets = new List<DatasetSummary>(names.Count);
        for (var start = 0; start < names.Count; start += BatchGetLimit)
        {
            var keys = names.Skip(start).Take(BatchGetLimit).Select(DatasetItem.Key).ToList();
            while (keys.Count > 0)
            {
                var response = await DynamoCalls.RunAsync(_table, "BatchGetItem", "datasets", () => _dynamo.BatchGetItemAsync(new BatchGetItemRequest
                {
                    RequestItems = new()
                    {
                        [_table] = new KeysAndAttributes
                        {
                            Keys = keys,
                            ConsistentRead = true,
                            ProjectionExpression = "#name, #policy, #current, #updatedAt, #tables",
                            ExpressionAttributeNames = new()
                            {
                                ["#name"] = DatasetItem.Name, ["#policy"] = DatasetItem.Policy, ["#current"] = DatasetItem.Current,
                                ["#updatedAt"] = DatasetItem.UpdatedAt, ["#tables"] = DatasetItem.Tables,
                            },
                        },
                    },
                }, cancellationToken));
                if (response.Responses is { } responses && responses.TryGetValue(_table, out var items))
                {
                    foreach (var found in items)
                    {
                        datasets.Add(new DatasetSummary(DatasetItem.Text(found, DatasetItem.Name)!, DatasetItem.Int(found, DatasetItem.Current),
                            DatasetItem.ParsePolicy(DatasetItem.Text(found, DatasetItem.Policy)), DatasetItem.Strings(found, DatasetItem.Tables),
                            Timestamps.Parse(DatasetItem.Text(found, DatasetItem.UpdatedAt)!)));
                    }
                }

                keys = response.UnprocessedKeys is { } unprocessed && unprocessed.TryGetValue(_table, out var rest) && rest.Keys is { Count: > 0 } again ? again : [];
            }
        }

        // A name whose first registration lost its race has no item: it is not a dataset.
        datasets.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return datasets;
    }
}
