using System.Globalization;
using Etl.Aws.Configuration;
using Etl.Core.Pipeline;
using Etl.Lambda.Roles;

namespace Etl.Lambda;

/// <summary>
/// The environment contract of <c>bootstrap</c>: every setting it reads, with its variable and default. Read once at
/// start; a malformed value is an init error that names the variable.
/// </summary>
public sealed record LambdaSettings
{
    /// <summary>host:port of the Lambda Runtime API (AWS_LAMBDA_RUNTIME_API, set by Lambda).</summary>
    public required string RuntimeApi { get; init; }

    /// <summary>The role of this function (ETL_HANDLER): one of <see cref="HandlerRoles.All"/>.</summary>
    public required string Role { get; init; }

    /// <summary>Where the ports come from (ETL_BACKEND): "aws" (default) or "local" (files and SQLite under ETL_DATA_DIR).</summary>
    public string Backend { get; init; } = "aws";

    /// <summary>Buckets, table, state machines and endpoints of the AWS backend (ETL_*, AWS_*; see <see cref="AwsSettings"/>); null on the local backend.</summary>
    public AwsSettings? Aws { get; init; }

    /// <summary>Data directory of the local backend (ETL_DATA_DIR); /tmp is the only writable place in Lambda.</summary>
    public string DataDirectory { get; init; } = "/tmp/etl-data";

    /// <summary>Scratch files of conversions (ETL_SCRATCH_DIR).</summary>
    public string ScratchDirectory { get; init; } = "/tmp/etl-scratch";

    /// <summary>Base of the local backend's signed URLs (ETL_PUBLIC_URL): the `etl serve` that serves /blobs/….</summary>
    public Uri PublicUrl { get; init; } = new("http://127.0.0.1:5080/");

    /// <summary>s3-event: trigger a job when its input lands (ETL_AUTO_TRIGGER=true); otherwise object events are only logged.</summary>
    public bool AutoTrigger { get; init; }

    /// <summary>How long before the invocation's deadline the handler's token fires (ETL_DEADLINE_MARGIN_MS, default 1000).</summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>CloudWatch namespace of the Embedded Metric Format lines (ETL_METRICS_NAMESPACE).</summary>
    public string MetricsNamespace { get; init; } = "AgenticEtl";

    /// <summary>
    /// Multipart upload limit (ETL_MAX_MULTIPART_BYTES). 4 MiB by default: Lambda takes at most 6 MB of request
    /// payload, and a binary body arrives base64-encoded (4/3 larger). Bigger files use the signed-URL upload.
    /// </summary>
    public long MaxMultipartUploadBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>Signed-URL upload limit (ETL_MAX_UPLOAD_BYTES).</summary>
    public long MaxSignedUploadBytes { get; init; } = 5L * 1024 * 1024 * 1024;

    /// <summary>Lifetime of upload and download URLs (ETL_URL_TTL_SECONDS).</summary>
    public TimeSpan SignedUrlLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Output limits of the convert stage (ETL_MAX_OUTPUT_BYTES, ETL_MAX_OUTPUT_RATIO).</summary>
    public OutputLimits OutputLimits { get; init; } = OutputLimits.Default;

    /// <summary>Most bytes one Parquet row group may decode to (ETL_MAX_DECODE_BYTES).</summary>
    public long MaxDecodeBytes { get; init; } = DecodeLimits.DefaultMaxBytes;

    /// <summary>The settings as <paramref name="read"/> (the process environment by default) gives them.</summary>
    public static LambdaSettings FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var defaults = new LambdaSettings { RuntimeApi = string.Empty, Role = string.Empty };
        var runtimeApi = Text(read, "AWS_LAMBDA_RUNTIME_API")
            ?? throw new LambdaSettingsException("AWS_LAMBDA_RUNTIME_API is not set: bootstrap runs inside Lambda (or under a Runtime API emulator that sets it).");
        var role = Text(read, HandlerRoles.Setting)?.ToLowerInvariant()
            ?? throw new LambdaSettingsException($"ETL_HANDLER is not set; set it to the role of this function: {string.Join(", ", HandlerRoles.All)}.");
        if (!HandlerRoles.All.Contains(role))
        {
            throw new LambdaSettingsException($"ETL_HANDLER={role} is not a role; use one of {string.Join(", ", HandlerRoles.All)}.");
        }

        var backend = Text(read, "ETL_BACKEND")?.ToLowerInvariant() ?? defaults.Backend;
        if (backend is not ("aws" or "local"))
        {
            throw new LambdaSettingsException($"ETL_BACKEND={backend} is not known; use aws (S3, DynamoDB, Step Functions) or local (files and SQLite under ETL_DATA_DIR).");
        }

        var publicUrl = Text(read, "ETL_PUBLIC_URL");
        Uri? parsedUrl = null;
        if (publicUrl is not null && !Uri.TryCreate(publicUrl.EndsWith('/') ? publicUrl : publicUrl + "/", UriKind.Absolute, out parsedUrl))
        {
            throw new LambdaSettingsException($"ETL_PUBLIC_URL={publicUrl} is not an absolute URL.");
        }

        return new LambdaSettings
        {
            RuntimeApi = runtimeApi,
            Role = role,
            Backend = backend,
            Aws = backend == "aws" ? ReadAws(read) : null,
            DataDirectory = Text(read, "ETL_DATA_DIR") ?? defaults.DataDirectory,
            ScratchDirectory = Text(read, "ETL_SCRATCH_DIR") ?? defaults.ScratchDirectory,
            PublicUrl = parsedUrl ?? defaults.PublicUrl,
            AutoTrigger = Flag(read, "ETL_AUTO_TRIGGER"),
            DeadlineMargin = TimeSpan.FromMilliseconds(Number(read, "ETL_DEADLINE_MARGIN_MS", (long)defaults.DeadlineMargin.TotalMilliseconds, 0)),
            MetricsNamespace = Text(read, "ETL_METRICS_NAMESPACE") ?? defaults.MetricsNamespace,
            MaxMultipartUploadBytes = Number(read, "ETL_MAX_MULTIPART_BYTES", defaults.MaxMultipartUploadBytes, 1),
            MaxSignedUploadBytes = Number(read, "ETL_MAX_UPLOAD_BYTES", defaults.MaxSignedUploadBytes, 1),
            SignedUrlLifetime = TimeSpan.FromSeconds(Number(read, "ETL_URL_TTL_SECONDS", (long)defaults.SignedUrlLifetime.TotalSeconds, 1)),
            OutputLimits = defaults.OutputLimits with
            {
                MaxBytes = Number(read, OutputLimits.MaxBytesSetting, defaults.OutputLimits.MaxBytes, 1),
                MaxRatio = Number(read, OutputLimits.MaxRatioSetting, defaults.OutputLimits.MaxRatio, 1),
            },
            MaxDecodeBytes = Number(read, DecodeLimits.MaxBytesSetting, defaults.MaxDecodeBytes, 1),
        };
    }

    private static AwsSettings ReadAws(Func<string, string?> read)
    {
        try
        {
            return AwsSettings.FromEnvironment(read);
        }
        catch (AwsSettingsException e)
        {
            throw new LambdaSettingsException(e.Message);
        }
    }

    private static string? Text(Func<string, string?> read, string name) =>
        read(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool Flag(Func<string, string?> read, string name) => Text(read, name)?.ToLowerInvariant() switch
    {
        null or "false" or "0" or "no" => false,
        "true" or "1" or "yes" => true,
        var other => throw new LambdaSettingsException($"{name}={other} is not true or false."),
    };

    private static long Number(Func<string, string?> read, string name, long fallback, long minimum)
    {
        var text = Text(read, name);
        if (text is null)
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new LambdaSettingsException($"{name}={text} is not a whole number ≥ {minimum}.");
    }
}

/// <summary>An environment variable of <c>bootstrap</c> is missing or malformed; reported as the init error InvalidConfiguration.</summary>
public sealed class LambdaSettingsException(string message) : Exception(message);
