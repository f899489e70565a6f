using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Etl.Core.Jobs;

namespace Etl.Aws.Jobs;

/// <summary>
/// <see cref="IJobStore"/> on DynamoDB (<see cref="JobsTable"/>). A create is a PutItem conditional on the id being
/// free; every update is a PutItem of the whole record conditional on the stored status being the expected one, so a
/// double trigger or a late retry can never move a job backwards (a lost race reads as false, never as an error).
/// Listings are Queries of a GSI, newest first; the nextToken is the (createdAt, jobId) of the last job returned, from
/// which the index's exclusive start key is rebuilt. Service and network failures surface, after the SDK's retries, as
/// <see cref="IOException"/>.
/// </summary>
public sealed class DynamoDbJobStore(IAmazonDynamoDB dynamo, string tableName) : IJobStore
{
    private const int MaxLimit = 1000;

    public async Task CreateAsync(JobRecord job, CancellationToken cancellationToken)
    {
        try
        {
            await Call("PutItem", job.JobId, () => dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = JobItem.ToItem(job),
                ConditionExpression = "attribute_not_exists(jobId)",
            }, cancellationToken));
        }
        catch (ConditionalCheckFailedException)
        {
            throw new DuplicateJobException(job.JobId);
        }
    }

    public async Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken)
    {
        var response = await Call("GetItem", jobId, () => dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = new() { ["jobId"] = new AttributeValue { S = jobId } },
            ConsistentRead = true, // a status poll right after a trigger must see it
        }, cancellationToken));
        return response.Item is { Count: > 0 } item ? JobItem.FromItem(item) : null;
    }

    public async Task<bool> TryUpdateAsync(JobRecord updated, JobStatus expectedStatus, CancellationToken cancellationToken)
    {
        try
        {
            await Call("PutItem", updated.JobId, () => dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = JobItem.ToItem(updated),
                ConditionExpression = "#status = :expected",
                ExpressionAttributeNames = new() { ["#status"] = "status" },
                ExpressionAttributeValues = new() { [":expected"] = new AttributeValue { S = expectedStatus.ToWire() } },
            }, cancellationToken));
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<JobPage> ListAsync(JobQuery query, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(query.Limit, 1, MaxLimit);
        var (partitionName, partitionValue, index) = query.Status is { } status
            ? ("status", status.ToWire(), JobsTable.StatusIndex)
            : (JobItem.ListingAttribute, JobItem.ListingValue, JobsTable.ListingIndex);
        Dictionary<string, AttributeValue>? startKey = null;
        if (query.NextToken is { } token)
        {
            var (createdAt, jobId) = JobPageToken.Decode(token);
            startKey = new()
            {
                ["jobId"] = new AttributeValue { S = jobId },
                [partitionName] = new AttributeValue { S = partitionValue },
                [JobItem.OrderAttribute] = new AttributeValue { S = JobItem.Order(createdAt, jobId) },
            };
        }

        // One more than the page, so the last page is known to be the last (no empty page after it). A Query stops at
        // 1 MB, so keep going until the page is full or the index ends.
        // Type and dataset are filters on the index's items: DynamoDB reads past the items they drop (Limit counts items
        // read, not kept), so the loop below keeps going until the page is full. Fine for the page's lists; a dataset
        // with a long history of other jobs would want an index of its own.
        var names = new Dictionary<string, string> { ["#p"] = partitionName };
        var values = new Dictionary<string, AttributeValue> { [":p"] = new AttributeValue { S = partitionValue } };
        var filters = new List<string>(2);
        if (query.Type is { } type)
        {
            filters.Add("#type = :type");
            names["#type"] = "type";
            values[":type"] = new AttributeValue { S = type };
        }

        if (query.Dataset is { } dataset)
        {
            filters.Add("#dataset = :dataset");
            names["#dataset"] = "dataset";
            values[":dataset"] = new AttributeValue { S = dataset };
        }

        var jobs = new List<JobRecord>(limit + 1);
        do
        {
            var response = await Call("Query", index, () => dynamo.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                IndexName = index,
                KeyConditionExpression = "#p = :p",
                FilterExpression = filters.Count == 0 ? null : string.Join(" AND ", filters),
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ScanIndexForward = false,
                Limit = filters.Count == 0 ? limit + 1 - jobs.Count : MaxLimit + 1,
                ExclusiveStartKey = startKey,
            }, cancellationToken));
            foreach (var item in response.Items ?? [])
            {
                jobs.Add(JobItem.FromItem(item));
            }

            startKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (jobs.Count <= limit && startKey is not null);

        if (jobs.Count <= limit)
        {
            return new JobPage(jobs, null);
        }

        jobs.RemoveRange(limit, jobs.Count - limit);
        var last = jobs[^1];
        return new JobPage(jobs, JobPageToken.Encode(last.CreatedAt, last.JobId));
    }

    private async Task<T> Call<T>(string operation, string subject, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ConditionalCheckFailedException)
        {
            throw;
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            var detail = e is AmazonServiceException service ? $"{(int)service.StatusCode} {service.ErrorCode}: {service.Message}" : e.Message;
            throw new IOException($"DynamoDB {operation} ({subject}) on table '{tableName}' failed after the SDK's retries: {detail}", e);
        }
    }
}
