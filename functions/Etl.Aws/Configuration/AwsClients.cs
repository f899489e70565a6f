using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Etl.Aws.Json;
using Amazon.S3;

namespace Etl.Aws.Configuration;

/// <summary>
/// The SDK clients the adapters use, configured from <see cref="AwsSettings"/>: an endpoint override (path-style
/// addressing for S3, as emulators and VPC endpoints need), standard-mode retries, region for signing.
/// </summary>
public static class AwsClients
{
    public static AmazonS3Client CreateS3(AwsSettings settings, AWSCredentials? credentials = null, HttpClientFactory? http = null)
    {
        var config = new AmazonS3Config
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = settings.MaxRetries,
            // Checksums only where S3 requires them: the SDK's default adds a CRC32 to every PUT, which it can only send as
            // an aws-chunked trailer or by reading the body twice; we send plain bodies (UseChunkEncoding = false).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        Configure(config, settings.S3Endpoint, settings.Region, http);
        if (settings.S3Endpoint is not null)
        {
            config.ForcePathStyle = true;
        }

        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    public static AmazonDynamoDBClient CreateDynamoDb(AwsSettings settings, AWSCredentials? credentials = null, HttpClientFactory? http = null)
    {
        var config = new AmazonDynamoDBConfig { RetryMode = RequestRetryMode.Standard, MaxErrorRetry = settings.MaxRetries };
        Configure(config, settings.DynamoDbEndpoint, settings.Region, http);
        return credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
    }

    /// <summary>The Step Functions client (AWS_ENDPOINT_URL_SFN or the regional endpoint), signed with the default credential chain.</summary>
    public static AwsJsonClient CreateStepFunctions(AwsSettings settings, AWSCredentials? credentials = null) =>
        CreateJson(AwsJsonService.StepFunctions, settings.StepFunctionsEndpoint, settings, credentials);

    /// <summary>The Glue client (AWS_ENDPOINT_URL_GLUE or the regional endpoint).</summary>
    public static AwsJsonClient CreateGlue(AwsSettings settings, AWSCredentials? credentials = null) =>
        CreateJson(AwsJsonService.Glue, settings.GlueEndpoint, settings, credentials);

    private static AwsJsonClient CreateJson(AwsJsonService service, Uri? endpoint, AwsSettings settings, AWSCredentials? credentials) =>
        new(service, endpoint ?? service.RegionalEndpoint(settings.Region), settings.Region,
            credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(), settings.MaxRetries);

    private static void Configure(ClientConfig config, Uri? endpoint, string region, HttpClientFactory? http)
    {
        if (endpoint is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = endpoint.AbsoluteUri;
            config.AuthenticationRegion = region;
        }

        if (http is not null)
        {
            config.HttpClientFactory = http;
        }
    }
}
