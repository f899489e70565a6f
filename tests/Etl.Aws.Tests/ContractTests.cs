using Etl.Aws.Jobs;
using Etl.Aws.Storage;
using Etl.Core.Jobs;
using Etl.Core.Storage;
using Etl.Core.Tests.Ports;

namespace Etl.Aws.Tests;

/// <summary>The blob store contract of the local adapters, on s3rver: each store gets a fresh bucket.</summary>
[Collection(AwsCollection.Name)]
public sealed class S3BlobStoreContract(AwsEmulators aws) : BlobStoreContract
{
    protected override IBlobStore CreateStore() => new S3BlobStore(aws.S3Client(), S3Buckets.Single(aws.NewBucket()));
}

/// <summary>The same contract with the three buckets of the design (uploads/, output/, runs/ each in its own).</summary>
[Collection(AwsCollection.Name)]
public sealed class S3BlobStoreThreeBucketContract(AwsEmulators aws) : BlobStoreContract
{
    protected override IBlobStore CreateStore() =>
        new S3BlobStore(aws.S3Client(), new S3Buckets(aws.NewBucket(), aws.NewBucket(), aws.NewBucket()));

    // What ddl.sql's LOCATIONs are made of: Athena must look in the bucket the key was written to.
    [Fact]
    public void A_key_is_addressed_as_s3_in_the_bucket_of_its_prefix()
    {
        var store = new S3BlobStore(aws.S3Client(), new S3Buckets("etl-in", "etl-out", "etl-art"));
        Assert.Equal("s3://etl-out/output/j1/tables/orders", store.AddressOf("output/j1/tables/orders"));
        Assert.Equal("s3://etl-in/uploads/j1/orders.parquet", store.AddressOf("uploads/j1/orders.parquet"));
        Assert.Throws<InvalidStorageKeyException>(() => store.AddressOf("output/../etc"));
    }
}

/// <summary>The job store contract of the local adapters, on dynalite: each store gets a fresh table.</summary>
[Collection(AwsCollection.Name)]
public sealed class DynamoDbJobStoreContract(AwsEmulators aws) : JobStoreContract
{
    protected override IJobStore CreateStore() => new DynamoDbJobStore(aws.DynamoDbClient(), aws.NewTable());
}
