using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Etl.Aws.Catalog;

/// <summary>
/// The catalog's DynamoDB calls: a lost condition stays a <see cref="ConditionalCheckFailedException"/> (a lost race is
/// an answer); a full item is <see cref="DatasetHistoryFullException"/>; any other failure after the SDK's retries is an
/// <see cref="IOException"/> naming the table and the operation.
/// </summary>
internal static class DynamoCalls
{
    public static async Task<T> RunAsync<T>(string table, string operation, string subject, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ConditionalCheckFailedException)
        {
            throw;
        }
        catch (AmazonDynamoDBException e) when (e.ErrorCode == "ValidationException" && e.Message.Contains("maximum allowed size", StringComparison.Ordinal))
        {
            throw new DatasetHistoryFullException(subject, e);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            var detail = e is AmazonServiceException service ? $"{(int)service.StatusCode} {service.ErrorCode}: {service.Message}" : e.Message;
            throw new IOException($"DynamoDB {operation} ({subject}) on table '{table}' failed after the SDK's retries: {detail}", e);
        }
    }
}
