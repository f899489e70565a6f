using Amazon.DynamoDBv2;
using Amazon.S3;
using Etl.Aws.Catalog;
using Etl.Aws.Glue;
using Etl.Aws.Json;
using Etl.Aws.Storage;

namespace Etl.Aws.Tests.Catalog;

/// <summary>
/// The AWS catalog's resources for one test: a fresh jobs table on dynalite, a fresh bucket on s3rver, a fake Glue with
/// the catalog database; <see cref="Open"/> makes a catalog client over them as the product composes it.
/// </summary>
public sealed class AwsCatalogRig : IDisposable
{
    public const string Database = "etl_catalog";

    private readonly AwsEmulators _aws;
    private readonly List<IDisposable> _clients = [];

    public AwsCatalogRig(AwsEmulators aws)
    {
        _aws = aws;
        Table = aws.NewTable();
        Bucket = aws.NewBucket();
        Glue = new FakeGlue(Database);
    }

    public string Table { get; }

    public string Bucket { get; }

    public FakeGlue Glue { get; }

    /// <summary>A new catalog client (its own DynamoDB, S3 and Glue clients); Glue calls are retried <paramref name="glueRetries"/> times.</summary>
    public AwsCatalog Open(int glueRetries = 2) => new(Dynamo(), Table, Blobs(), GlueClient(glueRetries));

    public AmazonDynamoDBClient Dynamo() => Track(_aws.DynamoDbClient());

    public S3BlobStore Blobs() => new(Track(_aws.S3Client()), S3Buckets.Single(Bucket));

    public GlueCatalogClient GlueClient(int retries = 2) =>
        new(Track(new AwsJsonClient(AwsJsonService.Glue, Glue.Endpoint, AwsEmulators.Region, AwsEmulators.Credentials, retries, TimeSpan.FromMilliseconds(1))), Database);

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
        Glue.Dispose();
    }

    private T Track<T>(T client) where T : IDisposable
    {
        lock (_clients) _clients.Add(client);
        return client;
    }
}
