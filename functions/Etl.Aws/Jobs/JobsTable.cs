using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Etl.Aws.Jobs;

/// <summary>
/// The jobs table's shape: key jobId; GSI <see cref="StatusIndex"/> (status, createdAtJobId) for <c>GET /jobs?status=</c>;
/// GSI <see cref="ListingIndex"/> (listing, createdAtJobId) for the newest-first listing across statuses, where every item
/// has listing = "jobs" (see <see cref="JobItem"/>). Both project all attributes, so a page is one Query. The CDK app creates it in AWS;
/// <see cref="CreateAsync"/> is for tests and emulators.
/// </summary>
public static class JobsTable
{
    public const string StatusIndex = "status-createdAt-index";
    public const string ListingIndex = "listing-createdAt-index";

    public static async Task CreateAsync(IAmazonDynamoDB dynamo, string tableName, CancellationToken cancellationToken = default)
    {
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition("jobId", ScalarAttributeType.S),
                new AttributeDefinition("status", ScalarAttributeType.S),
                new AttributeDefinition(JobItem.OrderAttribute, ScalarAttributeType.S),
                new AttributeDefinition(JobItem.ListingAttribute, ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement("jobId", KeyType.HASH)],
            GlobalSecondaryIndexes =
            [
                Index(StatusIndex, "status"),
                Index(ListingIndex, JobItem.ListingAttribute),
            ],
        }, cancellationToken);

        for (var attempt = 0; attempt < 100; attempt++)
        {
            var table = (await dynamo.DescribeTableAsync(tableName, cancellationToken)).Table;
            if (table.TableStatus == TableStatus.ACTIVE && (table.GlobalSecondaryIndexes ?? []).All(i => i.IndexStatus == IndexStatus.ACTIVE))
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"The table {tableName} did not become ACTIVE.");
    }

    private static GlobalSecondaryIndex Index(string name, string partitionKey) => new()
    {
        IndexName = name,
        KeySchema = [new KeySchemaElement(partitionKey, KeyType.HASH), new KeySchemaElement(JobItem.OrderAttribute, KeyType.RANGE)],
        Projection = new Projection { ProjectionType = ProjectionType.ALL },
    };
}
