using Etl.Core.Pipeline;

namespace Etl.Local.Hosting;

/// <summary>Settings of `etl serve`. Each comes from a flag, else an ETL_* environment variable, else the default.</summary>
public sealed record LocalHostOptions
{
    public const string DefaultUrls = "http://127.0.0.1:5080";
    public const string DefaultDataDirectory = ".etl-data";

    /// <summary>Where Kestrel listens (ETL_URLS); "http://127.0.0.1:0" picks a free port.</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>
    /// The address clients reach the server under (ETL_PUBLIC_URL), e.g. https://etl.example.com behind a proxy; signed
    /// upload and download URLs start with it. Null: the listening address. Never taken from a request's Host header.
    /// </summary>
    public string? PublicUrl { get; init; }

    /// <summary>
    /// Host names accepted besides the loopback names on the listening port and the public URL's host (ETL_ALLOWED_HOSTS):
    /// "name" (any port) or "name:port"; "*" accepts any Host. Any other Host gets 400, which defeats DNS rebinding.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>
    /// Origins (scheme://host[:port]) of other sites whose pages may call the API (ETL_ALLOWED_ORIGINS); they get CORS
    /// headers. Unsafe requests (POST, PUT, DELETE, PATCH) from any other foreign origin get 403.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>
    /// Where jobs and blobs live (ETL_BACKEND): "local" (the data directory: files and SQLite) or "aws" (S3 and DynamoDB,
    /// named by ETL_*_BUCKET and ETL_JOBS_TABLE; the data directory then only holds scratch files).
    /// </summary>
    public string Backend { get; init; } = "local";

    /// <summary>Root of uploads/, output/, runs/ and the .etl/ state folder (ETL_DATA_DIR).</summary>
    public string DataDirectory { get; init; } = DefaultDataDirectory;

    /// <summary>How many jobs run at once (ETL_CONCURRENCY).</summary>
    public int Concurrency { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>How many triggered jobs may wait; a trigger waits for room beyond that (ETL_QUEUE_CAPACITY).</summary>
    public int QueueCapacity { get; init; } = 10_000;

    /// <summary>Multipart upload limit (ETL_MAX_MULTIPART_BYTES).</summary>
    public long MaxMultipartUploadBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Signed-URL upload limit (ETL_MAX_UPLOAD_BYTES).</summary>
    public long MaxSignedUploadBytes { get; init; } = 5L * 1024 * 1024 * 1024;

    /// <summary>How large a job's output may grow (ETL_MAX_OUTPUT_BYTES, ETL_MAX_OUTPUT_RATIO).</summary>
    public OutputLimits OutputLimits { get; init; } = OutputLimits.Default;

    /// <summary>Most bytes one Parquet row group may decode to (ETL_MAX_DECODE_BYTES); a larger one fails the job with RowGroupTooLarge.</summary>
    public long MaxDecodeBytes { get; init; } = DecodeLimits.DefaultMaxBytes;

    /// <summary>Lifetime of upload and download URLs (ETL_URL_TTL_SECONDS).</summary>
    public TimeSpan SignedUrlLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>"text" (one line per event) or "json" (one JSON object per line) (ETL_LOG_FORMAT).</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>Test-only: a pause before every stage, so tests can observe RUNNING (ETL_TEST_STAGE_DELAY_MS).</summary>
    public TimeSpan StageDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Folder of the built web page (ETL_WEB_ROOT). Null: frontend/dist of the repository, else wwwroot beside the binary,
    /// else the small page embedded in the binary (see <see cref="WebPage"/>).
    /// </summary>
    public string? WebRoot { get; init; }

    /// <summary>
    /// Where settings read by other parts come from (the agents: ETL_AGENT, ETL_AGENT_*, the Bedrock client's AWS_*);
    /// the process environment unless a test gives its own.
    /// </summary>
    public Func<string, string?> ReadSetting { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The options as the environment sets them, over the defaults.</summary>
    public static LocalHostOptions FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var defaults = new LocalHostOptions();
        return new LocalHostOptions
        {
            Urls = NonEmpty(read("ETL_URLS")) ?? defaults.Urls,
            PublicUrl = NonEmpty(read("ETL_PUBLIC_URL")),
            AllowedHosts = List(read("ETL_ALLOWED_HOSTS")),
            AllowedOrigins = List(read("ETL_ALLOWED_ORIGINS")),
            Backend = ParseBackend(NonEmpty(read("ETL_BACKEND"))) ?? defaults.Backend,
            DataDirectory = NonEmpty(read("ETL_DATA_DIR")) ?? defaults.DataDirectory,
            Concurrency = Number(read, "ETL_CONCURRENCY", defaults.Concurrency, 1),
            QueueCapacity = Number(read, "ETL_QUEUE_CAPACITY", defaults.QueueCapacity, 1),
            MaxMultipartUploadBytes = Number(read, "ETL_MAX_MULTIPART_BYTES", defaults.MaxMultipartUploadBytes, 1),
            MaxSignedUploadBytes = Number(read, "ETL_MAX_UPLOAD_BYTES", defaults.MaxSignedUploadBytes, 1),
            OutputLimits = defaults.OutputLimits with
            {
                MaxBytes = Number(read, OutputLimits.MaxBytesSetting, defaults.OutputLimits.MaxBytes, 1),
                MaxRatio = Number(read, OutputLimits.MaxRatioSetting, defaults.OutputLimits.MaxRatio, 1),
            },
            MaxDecodeBytes = Number(read, DecodeLimits.MaxBytesSetting, defaults.MaxDecodeBytes, 1),
            SignedUrlLifetime = TimeSpan.FromSeconds(Number(read, "ETL_URL_TTL_SECONDS", (long)defaults.SignedUrlLifetime.TotalSeconds, 1)),
            LogFormat = NonEmpty(read("ETL_LOG_FORMAT")) ?? defaults.LogFormat,
            StageDelay = TimeSpan.FromMilliseconds(Number(read, "ETL_TEST_STAGE_DELAY_MS", 0L, 0)),
            WebRoot = NonEmpty(read("ETL_WEB_ROOT")),
            ReadSetting = read,
        };
    }

    /// <summary>A backend name, checked: "local" or "aws" (any case); null stays null.</summary>
    public static string? ParseBackend(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "local" or "aws" => value.Trim().ToLowerInvariant(),
        _ => throw new ArgumentException($"The backend '{value}' is not known: use local (the data directory, the default) or aws (S3 and DynamoDB)."),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A comma-separated setting as its non-empty, trimmed items.</summary>
    public static IReadOnlyList<string> List(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int Number(Func<string, string?> read, string name, int fallback, int minimum) =>
        (int)Number(read, name, (long)fallback, minimum);

    private static long Number(Func<string, string?> read, string name, long fallback, long minimum)
    {
        var text = NonEmpty(read(name));
        if (text is null)
        {
            return fallback;
        }

        return long.TryParse(text, out var value) && value >= minimum
            ? value
            : throw new ArgumentException($"{name}={text} is not a whole number ≥ {minimum}.");
    }
}
