using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Etl.Aws.Configuration;
using Etl.Aws.Jobs;
using Etl.Aws.Storage;

namespace Etl.Aws.Tests;

/// <summary>
/// s3rver and dynalite for a whole test collection, with clients configured the way the product configures them
/// (<see cref="AwsClients"/> from <see cref="AwsSettings"/>): endpoint overrides, path-style S3, dummy credentials.
/// </summary>
public sealed class AwsEmulators : IDisposable
{
    /// <summary>s3rver accepts any SigV4 signature but only this access key id.</summary>
    public static readonly BasicAWSCredentials Credentials = new("S3RVER", "S3RVER");

    public const string Region = "us-east-1";

    private readonly TempDirectory _s3Data = new();

    public AwsEmulators()
    {
        S3 = EmulatorProcess.S3(_s3Data.Path);
        DynamoDb = EmulatorProcess.DynamoDb();
    }

    public EmulatorProcess S3 { get; }

    public EmulatorProcess DynamoDb { get; }

    /// <summary>Where s3rver keeps its buckets (to look for leftovers).</summary>
    public string S3Directory => _s3Data.Path;

    public AwsSettings Settings(S3Buckets buckets, int maxRetries = 3) => new()
    {
        Buckets = buckets,
        Region = Region,
        S3Endpoint = S3.Endpoint,
        DynamoDbEndpoint = DynamoDb.Endpoint,
        MaxRetries = maxRetries,
    };

    public AmazonS3Client S3Client(int maxRetries = 3, HttpClientFactory? http = null) =>
        AwsClients.CreateS3(Settings(S3Buckets.Single("unused"), maxRetries), Credentials, http);

    public AmazonDynamoDBClient DynamoDbClient(int maxRetries = 3) =>
        AwsClients.CreateDynamoDb(Settings(S3Buckets.Single("unused"), maxRetries), Credentials);

    /// <summary>A new, empty bucket.</summary>
    public string NewBucket()
    {
        var name = $"t-{Guid.NewGuid():N}";
        using var s3 = S3Client();
        s3.PutBucketAsync(name).GetAwaiter().GetResult();
        return name;
    }

    /// <summary>A new, empty jobs table.</summary>
    public string NewTable()
    {
        var name = $"jobs-{Guid.NewGuid():N}";
        using var dynamo = DynamoDbClient();
        JobsTable.CreateAsync(dynamo, name).GetAwaiter().GetResult();
        return name;
    }

    public void Dispose()
    {
        S3.Dispose();
        DynamoDb.Dispose();
        _s3Data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AwsCollection : ICollectionFixture<AwsEmulators>
{
    public const string Name = "aws emulators";
}
