using System.Globalization;
using Etl.Aws.Storage;

namespace Etl.Aws.Configuration;

/// <summary>
/// Where the AWS adapters find their resources, read from the environment the way the design names it: ETL_*_BUCKET,
/// ETL_JOBS_TABLE, ETL_STATE_MACHINE_ARN…, the SDKs' own AWS_ENDPOINT_URL_S3 / _DYNAMODB / _SFN / _GLUE / AWS_ENDPOINT_URL and AWS_REGION.
/// Credentials are not read here: the SDK's default chain finds them (AWS_ACCESS_KEY_ID…, a profile, a role).
/// </summary>
public sealed record AwsSettings
{
    public const string DefaultJobsTable = "etl-pipeline-jobs";

    public required S3Buckets Buckets { get; init; }

    public string JobsTable { get; init; } = DefaultJobsTable;

    public required string Region { get; init; }

    /// <summary>S3 endpoint (an emulator, a VPC endpoint); null: the region's public endpoint.</summary>
    public Uri? S3Endpoint { get; init; }

    /// <summary>DynamoDB endpoint; null: the region's public endpoint.</summary>
    public Uri? DynamoDbEndpoint { get; init; }

    /// <summary>Step Functions endpoint (AWS_ENDPOINT_URL_SFN); null: the region's public endpoint.</summary>
    public Uri? StepFunctionsEndpoint { get; init; }

    /// <summary>Glue endpoint (AWS_ENDPOINT_URL_GLUE); null: the region's public endpoint.</summary>
    public Uri? GlueEndpoint { get; init; }

    /// <summary>The state machine of conversion jobs (ETL_STATE_MACHINE_ARN); required where jobs are started on AWS.</summary>
    public string? StateMachineArn { get; init; }

    /// <summary>The state machine of agent jobs (ETL_AGENT_STATE_MACHINE_ARN); null: agent jobs use <see cref="StateMachineArn"/>.</summary>
    public string? AgentStateMachineArn { get; init; }

    /// <summary>
    /// The Glue Data Catalog database of the datasets' tables (ETL_CATALOG_DATABASE). Set: the dataset catalog lives in
    /// DynamoDB (the jobs table) and Glue; null: in SQLite under the data directory, as locally.
    /// </summary>
    public string? CatalogDatabase { get; init; }

    /// <summary>The Glue job that converts files too big for a Lambda (ETL_GLUE_JOB).</summary>
    public string? GlueJob { get; init; }

    /// <summary>Retries the SDK makes after a transient failure (throttling, 5xx, a dropped connection), standard mode (ETL_AWS_MAX_RETRIES).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>How much a blob write buffers before sending it as one multipart part (ETL_S3_PART_BYTES; S3's minimum part is 5 MiB).</summary>
    public int PartBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>How much one ranged GET of a blob read fetches ahead of the reader (ETL_S3_READ_AHEAD_BYTES).</summary>
    public int ReadAheadBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Whether upload URLs require If-None-Match: * (ETL_S3_UPLOAD_CREATE_ONLY, default true): S3 then keeps the first PUT
    /// and refuses later ones, sealing the input; the client sends the header POST /upload names in uploadHeaders.
    /// </summary>
    public bool CreateOnlyUploads { get; init; } = true;

    public const int MinimumPartBytes = 5 * 1024 * 1024;

    /// <summary>The settings as the environment gives them; throws <see cref="AwsSettingsException"/> naming what is missing or malformed.</summary>
    public static AwsSettings FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var region = NonEmpty(read("AWS_REGION")) ?? NonEmpty(read("AWS_DEFAULT_REGION"))
            ?? throw new AwsSettingsException("AWS_REGION is not set: the AWS backend needs the region of its buckets and table, e.g. AWS_REGION=us-east-1.");
        var defaults = new AwsSettings { Buckets = S3Buckets.Single("unused"), Region = region };
        return new AwsSettings
        {
            Buckets = S3Buckets.FromSettings(NonEmpty(read("ETL_INPUT_BUCKET")), NonEmpty(read("ETL_OUTPUT_BUCKET")), NonEmpty(read("ETL_ARTIFACTS_BUCKET"))),
            JobsTable = NonEmpty(read("ETL_JOBS_TABLE")) ?? DefaultJobsTable,
            Region = region,
            S3Endpoint = Endpoint(read, "AWS_ENDPOINT_URL_S3"),
            DynamoDbEndpoint = Endpoint(read, "AWS_ENDPOINT_URL_DYNAMODB"),
            StepFunctionsEndpoint = Endpoint(read, "AWS_ENDPOINT_URL_SFN"),
            GlueEndpoint = Endpoint(read, "AWS_ENDPOINT_URL_GLUE"),
            StateMachineArn = NonEmpty(read("ETL_STATE_MACHINE_ARN")),
            AgentStateMachineArn = NonEmpty(read("ETL_AGENT_STATE_MACHINE_ARN")),
            GlueJob = NonEmpty(read("ETL_GLUE_JOB")),
            CatalogDatabase = NonEmpty(read("ETL_CATALOG_DATABASE")),
            MaxRetries = (int)Number(read, "ETL_AWS_MAX_RETRIES", defaults.MaxRetries, 0, 20),
            PartBytes = (int)Number(read, "ETL_S3_PART_BYTES", defaults.PartBytes, MinimumPartBytes, 512L * 1024 * 1024),
            ReadAheadBytes = (int)Number(read, "ETL_S3_READ_AHEAD_BYTES", defaults.ReadAheadBytes, 64 * 1024, 256L * 1024 * 1024),
            CreateOnlyUploads = Flag(read, "ETL_S3_UPLOAD_CREATE_ONLY", defaults.CreateOnlyUploads),
        };
    }

    // The service's own variable first, then the one for every service: the SDKs' precedence.
    private static Uri? Endpoint(Func<string, string?> read, string name)
    {
        var (setting, text) = NonEmpty(read(name)) is { } own ? (name, own)
            : NonEmpty(read("AWS_ENDPOINT_URL")) is { } shared ? ("AWS_ENDPOINT_URL", shared) : (name, null);
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new AwsSettingsException($"{setting}={text} is not an http(s) URL; set it to the service's endpoint, e.g. http://127.0.0.1:4568, or unset it to use AWS.");
    }

    private static long Number(Func<string, string?> read, string name, long fallback, long minimum, long maximum)
    {
        var text = NonEmpty(read(name));
        if (text is null)
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw new AwsSettingsException($"{name}={text} is not a whole number from {minimum} to {maximum}.");
    }

    private static bool Flag(Func<string, string?> read, string name, bool fallback = false) => NonEmpty(read(name))?.ToLowerInvariant() switch
    {
        null => fallback,
        "false" or "0" => false,
        "true" or "1" => true,
        var text => throw new AwsSettingsException($"{name}={text} is not true or false."),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>A missing or malformed AWS setting; the message names the variable and what to set.</summary>
public sealed class AwsSettingsException(string message) : ArgumentException(message);
