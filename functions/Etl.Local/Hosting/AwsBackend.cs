using Amazon.DynamoDBv2;
using Amazon.S3;
using Etl.Aws.Configuration;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Jobs;
using Etl.Core.Storage;

namespace Etl.Local.Hosting;

/// <summary>
/// `etl serve --backend aws`: the local host over S3 and DynamoDB instead of the data directory. The resources are
/// named by the environment (<see cref="AwsSettings.FromEnvironment"/>) and checked at start, so a missing variable, bucket,
/// table, Glue database or credential stops the host with a sentence that names it rather than failing the first request.
/// </summary>
internal static class AwsBackend
{
    public const string Name = "aws";

    public static void Register(IServiceCollection services, AwsSettings settings, LocalHostOptions options)
    {
        var ports = AwsPorts.Create(settings);
        ports.Check();
        // Registered so that the host disposes them (and their connections) when it stops.
        services.AddSingleton<IAmazonS3>(ports.S3);
        services.AddSingleton<IAmazonDynamoDB>(ports.DynamoDb);
        services.AddSingleton<IBlobStore>(ports.Blobs);
        services.AddSingleton<IJobStore>(ports.Jobs);
        // Registered after the SQLite catalog the host adds for the local backend, so this one is the one resolved.
        if (ports.Catalog is { } catalog) services.AddSingleton<ICatalog>(catalog);
        services.AddSingleton<ISignedUrlIssuer>(sp => ports.SignedUrls(sp.GetRequiredService<TimeProvider>(), options.MaxSignedUploadBytes));
    }

    /// <summary>One line for the start-up log: where the data lives.</summary>
    public static string Describe(AwsSettings settings) => AwsPorts.Describe(settings);
}
