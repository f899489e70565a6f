using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace Etl.Infra.Settings;

/// <summary>
/// What one deployment is configured with, read from CDK context (<c>-c key=value</c> or cdk.json "context"). Every value
/// is checked here, so a bad one stops synth with a message naming the key and what to set.
/// </summary>
/// <param name="Prefix">Names the deployment's resources (<c>{prefix}-pipeline-jobs</c>, stack names); context <c>prefix</c>.</param>
/// <param name="WebOrigin">The web page's origin, for CORS on the API and the buckets and Cognito's callback; context <c>webOrigin</c>.</param>
/// <param name="Auth">Who may call the API; context <c>auth</c>, <c>authIssuer</c>, <c>authAudience</c>.</param>
/// <param name="GlueThresholdBytes">Inputs above this size convert on Glue (ETL_GLUE_THRESHOLD_BYTES); context <c>glueThresholdBytes</c>.</param>
/// <param name="LogRetention">How long every log group keeps its logs; context <c>logRetentionDays</c>.</param>
/// <param name="Agent">The agent of agent jobs (ETL_AGENT: offline or bedrock); context <c>agent</c>.</param>
/// <param name="BedrockModelId">The Bedrock model or inference profile (ETL_AGENT_MODEL); context <c>bedrockModelId</c>.</param>
/// <param name="AutoTrigger">Whether an upload landing in the input bucket triggers its job (the s3-event function); context <c>autoTrigger</c>.</param>
/// <param name="BootstrapDirectory">An already published <c>bootstrap</c> directory to deploy instead of publishing during synth; context <c>bootstrapDir</c> or ETL_BOOTSTRAP_DIR.</param>
/// <param name="RepositoryRoot">The repository the code is published from.</param>
/// <param name="GlueScript">The Glue job's script; context <c>glueScript</c>, default glue-jobs/convert_job.py.</param>
public sealed record DeploymentSettings(
    string Prefix,
    string WebOrigin,
    AuthSettings Auth,
    long GlueThresholdBytes,
    RetentionDays LogRetention,
    string Agent,
    string BedrockModelId,
    bool AutoTrigger,
    string? BootstrapDirectory,
    string RepositoryRoot,
    string GlueScript)
{
    public const string DefaultPrefix = "etl";
    public const string DefaultWebOrigin = "http://localhost:5173";
    public const long DefaultGlueThresholdBytes = 1L << 30;
    public const int DefaultLogRetentionDays = 30;
    public const string DefaultBedrockModelId = "global.anthropic.claude-haiku-4-5-20251001-v1:0";

    /// <summary>The jobs table (DESIGN.md: etl-pipeline-jobs with the default prefix).</summary>
    public string JobsTableName => $"{Prefix}-pipeline-jobs";

    /// <summary>The Glue Data Catalog database of the datasets (lower case, underscores: Glue's and Athena's rules).</summary>
    public string CatalogDatabaseName => $"{Prefix.Replace('-', '_')}_catalog";

    public string GlueJobName => $"{Prefix}-convert";

    /// <summary>The settings the context of <paramref name="node"/> gives; <paramref name="environment"/> reads ETL_BOOTSTRAP_DIR.</summary>
    public static DeploymentSettings FromContext(Node node, Func<string, string?>? environment = null) =>
        From(key => node.TryGetContext(key) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null,
            environment ?? Environment.GetEnvironmentVariable);

    public static DeploymentSettings From(Func<string, string?> context, Func<string, string?> environment)
    {
        string? Value(string key) => context(key) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

        var prefix = Value("prefix") ?? DefaultPrefix;
        if (!Regex.IsMatch(prefix, "^[a-z][a-z0-9-]{0,19}$"))
        {
            throw new DeploymentSettingsException($"prefix={prefix}: use 1 to 20 lower-case letters, digits or '-', starting with a letter (it names tables, jobs and stacks), e.g. -c prefix=etl-dev.");
        }

        var root = Value("repoRoot") ?? RepositoryRootFinder.Find();
        var bootstrap = Value("bootstrapDir") ?? (environment("ETL_BOOTSTRAP_DIR") is { Length: > 0 } fromEnvironment ? fromEnvironment : null);
        if (bootstrap is not null)
        {
            bootstrap = Path.GetFullPath(bootstrap, root);
            if (!File.Exists(Path.Combine(bootstrap, "bootstrap")) && !(File.Exists(Path.Combine(bootstrap, "api", "bootstrap")) && File.Exists(Path.Combine(bootstrap, "full", "bootstrap"))))
            {
                throw new DeploymentSettingsException($"bootstrapDir={bootstrap} has no file named bootstrap, nor api/bootstrap and full/bootstrap: publish them first (scripts/publish-bootstrap.sh api DIR/api; scripts/publish-bootstrap.sh full DIR/full) or leave bootstrapDir unset to publish during synth.");
            }
        }

        var glueScript = Path.GetFullPath(Value("glueScript") ?? Path.Combine("glue-jobs", "convert_job.py"), root);
        if (!File.Exists(glueScript))
        {
            throw new DeploymentSettingsException($"The Glue job's script {glueScript} does not exist: the convert job of large files is deployed from it; restore glue-jobs/convert_job.py or name the script with -c glueScript=PATH.");
        }

        return new DeploymentSettings(
            prefix,
            Origin(Value("webOrigin") ?? DefaultWebOrigin),
            AuthSettings.From(Value("auth"), Value("authIssuer"), Value("authAudience")),
            Whole(Value("glueThresholdBytes"), "glueThresholdBytes", DefaultGlueThresholdBytes, 1),
            Retention(Value("logRetentionDays")),
            AgentOf(Value("agent")),
            ModelId(Value("bedrockModelId") ?? DefaultBedrockModelId),
            Flag(Value("autoTrigger"), "autoTrigger"),
            bootstrap,
            root,
            glueScript);
    }

    private static string Origin(string text)
    {
        // An origin is scheme://host[:port], nothing else; browsers compare it exactly, so a path or a trailing '/' would never match.
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.AbsolutePath == "/" && !text.EndsWith('/') && uri.Query.Length == 0
            && (uri.Scheme == "https" || (uri.Scheme == "http" && uri.IsLoopback)))
        {
            return text;
        }

        throw new DeploymentSettingsException($"webOrigin={text} is not an origin: give the page's scheme://host[:port] without a path or trailing '/', https (http only for localhost), e.g. -c webOrigin=https://etl.example.com.");
    }

    private static long Whole(string? text, string key, long fallback, long minimum)
    {
        if (text is null)
        {
            return fallback;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new DeploymentSettingsException($"{key}={text} is not a whole number ≥ {minimum}.");
    }

    // The retentions CloudWatch Logs offers, by days (the values of the RetentionDays enum).
    private static readonly IReadOnlyDictionary<long, RetentionDays> Retentions = new Dictionary<long, RetentionDays>
    {
        [1] = RetentionDays.ONE_DAY, [3] = RetentionDays.THREE_DAYS, [5] = RetentionDays.FIVE_DAYS, [7] = RetentionDays.ONE_WEEK,
        [14] = RetentionDays.TWO_WEEKS, [30] = RetentionDays.ONE_MONTH, [60] = RetentionDays.TWO_MONTHS, [90] = RetentionDays.THREE_MONTHS,
        [120] = RetentionDays.FOUR_MONTHS, [150] = RetentionDays.FIVE_MONTHS, [180] = RetentionDays.SIX_MONTHS, [365] = RetentionDays.ONE_YEAR,
        [400] = RetentionDays.THIRTEEN_MONTHS, [545] = RetentionDays.EIGHTEEN_MONTHS, [731] = RetentionDays.TWO_YEARS,
        [1096] = RetentionDays.THREE_YEARS, [1827] = RetentionDays.FIVE_YEARS, [2192] = RetentionDays.SIX_YEARS,
        [2557] = RetentionDays.SEVEN_YEARS, [2922] = RetentionDays.EIGHT_YEARS, [3288] = RetentionDays.NINE_YEARS, [3653] = RetentionDays.TEN_YEARS,
    };

    private static RetentionDays Retention(string? text)
    {
        var days = Whole(text, "logRetentionDays", DefaultLogRetentionDays, 1);
        return Retentions.TryGetValue(days, out var retention)
            ? retention
            : throw new DeploymentSettingsException($"logRetentionDays={text} is not a retention CloudWatch Logs offers; use one of {string.Join(", ", Retentions.Keys)}.");
    }

    private static string AgentOf(string? text) => text?.ToLowerInvariant() switch
    {
        null or "offline" => "offline",
        "bedrock" => "bedrock",
        _ => throw new DeploymentSettingsException($"agent={text} is not an agent; use offline (rule-based, no model calls) or bedrock (Claude on Amazon Bedrock)."),
    };

    private static string ModelId(string text) =>
        Regex.IsMatch(text, @"^[a-z0-9][a-z0-9.:_-]{2,127}$")
            ? text
            : throw new DeploymentSettingsException($"bedrockModelId={text} is not a Bedrock model id or inference profile id, e.g. {DefaultBedrockModelId}.");

    private static bool Flag(string? text, string key) => text?.ToLowerInvariant() switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw new DeploymentSettingsException($"{key}={text} is not true or false."),
    };
}

/// <summary>A context value is missing or malformed; the message names the key and what to set.</summary>
public sealed class DeploymentSettingsException(string message) : ArgumentException(message);
