using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Etl.Aws.Configuration;
using Etl.Aws.Jobs;
using Etl.Aws.Signing;
using Etl.Aws.Storage;
using Etl.Core.Jobs;
using Etl.Core.Storage;

namespace Etl.Local.Hosting;

/// <summary>
/// `etl serve --backend aws`: the local host over S3 and DynamoDB instead of the data directory. The resources are
/// named by the environment (<see cref="AwsSettings.FromEnvironment"/>) and checked at start, so a missing variable, bucket,
/// table or credential stops the host with a sentence that names it rather than failing the first request.
/// </summary>
internal static class AwsBackend
{
    public const string Name = "aws";

    public static void Register(IServiceCollection services, AwsSettings settings, LocalHostOptions options)
    {
        var s3 = AwsClients.CreateS3(settings);
        var dynamo = AwsClients.CreateDynamoDb(settings);
        Check(s3, dynamo, settings);
        // Registered so that the host disposes them (and their connections) when it stops.
        services.AddSingleton<IAmazonS3>(s3);
        services.AddSingleton<IAmazonDynamoDB>(dynamo);
        services.AddSingleton<IBlobStore>(new S3BlobStore(s3, settings.Buckets, settings.PartBytes, settings.ReadAheadBytes));
        services.AddSingleton<IJobStore>(new DynamoDbJobStore(dynamo, settings.JobsTable));
        services.AddSingleton<ISignedUrlIssuer>(sp => new S3SignedUrlIssuer(
            s3, settings.Buckets, sp.GetRequiredService<TimeProvider>(), options.MaxSignedUploadBytes, settings.S3Endpoint, settings.CreateOnlyUploads));
    }

    /// <summary>One line for the start-up log: where the data lives.</summary>
    public static string Describe(AwsSettings settings) =>
        $"S3 buckets {string.Join(", ", new[] { settings.Buckets.Input, settings.Buckets.Output, settings.Buckets.Artifacts }.Distinct())}" +
        $"{(settings.S3Endpoint is { } s3 ? $" at {s3}" : string.Empty)}, DynamoDB table {settings.JobsTable}" +
        $"{(settings.DynamoDbEndpoint is { } dynamo ? $" at {dynamo}" : string.Empty)}, region {settings.Region}";

    private static void Check(IAmazonS3 s3, IAmazonDynamoDB dynamo, AwsSettings settings)
    {
        var where = settings.S3Endpoint?.ToString() ?? $"AWS ({settings.Region})";
        foreach (var bucket in new[] { settings.Buckets.Input, settings.Buckets.Output, settings.Buckets.Artifacts }.Distinct())
        {
            try
            {
                s3.GetBucketLocationAsync(bucket).GetAwaiter().GetResult();
            }
            catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                throw new AwsSettingsException($"The bucket '{bucket}' does not exist at {where}: create it (the CDK app does in AWS) or correct ETL_INPUT_BUCKET, ETL_OUTPUT_BUCKET, ETL_ARTIFACTS_BUCKET.");
            }
            catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
            {
                throw new AwsSettingsException($"S3 at {where} cannot be used for the bucket '{bucket}': {e.Message}. Check AWS_ENDPOINT_URL_S3, AWS_REGION and the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or a profile).");
            }
        }

        var tableWhere = settings.DynamoDbEndpoint?.ToString() ?? $"AWS ({settings.Region})";
        try
        {
            dynamo.DescribeTableAsync(settings.JobsTable).GetAwaiter().GetResult();
        }
        catch (ResourceNotFoundException)
        {
            throw new AwsSettingsException($"The DynamoDB table '{settings.JobsTable}' does not exist at {tableWhere}: create it (the CDK app does in AWS) or correct ETL_JOBS_TABLE.");
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new AwsSettingsException($"DynamoDB at {tableWhere} cannot be used for the table '{settings.JobsTable}': {e.Message}. Check AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION and the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or a profile).");
        }
    }
}
