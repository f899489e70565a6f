using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Etl.Aws.Catalog;
using Etl.Aws.Glue;
using Etl.Aws.Jobs;
using Etl.Aws.Json;
using Etl.Aws.Signing;
using Etl.Aws.Storage;

namespace Etl.Aws.Configuration;

/// <summary>
/// The core ports on S3 and DynamoDB, composed once from <see cref="AwsSettings"/> for every host that runs on AWS
/// (`etl serve --backend aws`, the Lambda functions): the clients, the blob store, the job store, the signed URLs and,
/// when ETL_CATALOG_DATABASE is set, the dataset catalog on DynamoDB and the Glue Data Catalog.
/// </summary>
public sealed class AwsPorts : IDisposable
{
    private AwsPorts(AwsSettings settings, AmazonS3Client s3, AmazonDynamoDBClient dynamoDb, AwsJsonClient? glue)
    {
        Settings = settings;
        S3 = s3;
        DynamoDb = dynamoDb;
        _glue = glue;
        Blobs = new S3BlobStore(s3, settings.Buckets, settings.PartBytes, settings.ReadAheadBytes);
        Jobs = new DynamoDbJobStore(dynamoDb, settings.JobsTable);
        if (glue is not null && settings.CatalogDatabase is { } database)
        {
            _glueCatalog = new GlueCatalogClient(glue, database);
            Catalog = new AwsCatalog(dynamoDb, settings.JobsTable, Blobs, _glueCatalog);
        }
    }

    private readonly AwsJsonClient? _glue;
    private readonly GlueCatalogClient? _glueCatalog;

    public AwsSettings Settings { get; }

    public AmazonS3Client S3 { get; }

    public AmazonDynamoDBClient DynamoDb { get; }

    public S3BlobStore Blobs { get; }

    public DynamoDbJobStore Jobs { get; }

    /// <summary>The dataset catalog on DynamoDB and Glue; null when ETL_CATALOG_DATABASE is not set (the host keeps its SQLite catalog).</summary>
    public AwsCatalog? Catalog { get; }

    /// <param name="credentials">null: the SDK's default chain (environment, profile, the function's role).</param>
    public static AwsPorts Create(AwsSettings settings, AWSCredentials? credentials = null) =>
        new(settings, AwsClients.CreateS3(settings, credentials), AwsClients.CreateDynamoDb(settings, credentials),
            settings.CatalogDatabase is null ? null : AwsClients.CreateGlue(settings, credentials));

    /// <summary>Presigned S3 URLs; <paramref name="unannouncedUploadBytes"/> is the API's limit for an upload of unannounced size.</summary>
    public S3SignedUrlIssuer SignedUrls(TimeProvider time, long unannouncedUploadBytes) =>
        new(S3, Settings.Buckets, time, unannouncedUploadBytes, Settings.S3Endpoint, Settings.CreateOnlyUploads);

    /// <summary>
    /// Checks that the buckets and the table exist and can be reached; throws <see cref="AwsSettingsException"/> with a
    /// sentence that names the resource and the setting to correct.
    /// </summary>
    public void Check()
    {
        var where = Settings.S3Endpoint?.ToString() ?? $"AWS ({Settings.Region})";
        foreach (var bucket in Settings.Buckets.All)
        {
            try
            {
                S3.GetBucketLocationAsync(bucket).GetAwaiter().GetResult();
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

        var tableWhere = Settings.DynamoDbEndpoint?.ToString() ?? $"AWS ({Settings.Region})";
        try
        {
            DynamoDb.DescribeTableAsync(Settings.JobsTable).GetAwaiter().GetResult();
        }
        catch (ResourceNotFoundException)
        {
            throw new AwsSettingsException($"The DynamoDB table '{Settings.JobsTable}' does not exist at {tableWhere}: create it (the CDK app does in AWS) or correct ETL_JOBS_TABLE.");
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new AwsSettingsException($"DynamoDB at {tableWhere} cannot be used for the table '{Settings.JobsTable}': {e.Message}. Check AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION and the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or a profile).");
        }

        if (_glueCatalog is not null && Settings.CatalogDatabase is { } database)
        {
            var glueWhere = Settings.GlueEndpoint?.ToString() ?? $"AWS ({Settings.Region})";
            bool exists;
            try
            {
                exists = _glueCatalog.DatabaseExistsAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is AwsServiceException or HttpRequestException or TaskCanceledException)
            {
                throw new AwsSettingsException($"Glue at {glueWhere} cannot be used for the database '{database}': {e.Message}. Check AWS_ENDPOINT_URL_GLUE, AWS_REGION and the credentials.");
            }

            if (!exists)
            {
                throw new AwsSettingsException($"The Glue database '{database}' does not exist at {glueWhere}: create it (the CDK app does in AWS) or correct ETL_CATALOG_DATABASE, or unset it to keep the catalog in SQLite.");
            }
        }
    }

    /// <summary>One line for a start-up log: where the data lives.</summary>
    public static string Describe(AwsSettings settings) =>
        $"S3 buckets {string.Join(", ", settings.Buckets.All)}" +
        $"{(settings.S3Endpoint is { } s3 ? $" at {s3}" : string.Empty)}, DynamoDB table {settings.JobsTable}" +
        $"{(settings.DynamoDbEndpoint is { } dynamo ? $" at {dynamo}" : string.Empty)}" +
        (settings.CatalogDatabase is { } database ? $", dataset catalog in DynamoDB and Glue database {database}{(settings.GlueEndpoint is { } glue ? $" at {glue}" : string.Empty)}" : string.Empty) +
        $", region {settings.Region}";

    public void Dispose()
    {
        S3.Dispose();
        DynamoDb.Dispose();
        _glue?.Dispose();
    }
}
