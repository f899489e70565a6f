using System.Globalization;
using Etl.Core.Agents;

namespace Etl.Agents.Bedrock;

/// <summary>
/// How the bedrock agent reaches Claude on Amazon Bedrock, read from the environment: the model and its sampling
/// (<c>ETL_AGENT_MODEL</c>, <c>ETL_AGENT_MAX_TOKENS</c>, <c>ETL_AGENT_TEMPERATURE</c>), its prices
/// (<c>ETL_AGENT_INPUT_USD_PER_MTOK</c>, <c>ETL_AGENT_OUTPUT_USD_PER_MTOK</c>), HTTP retries of throttling and 5xx
/// (<c>ETL_AGENT_MAX_RETRIES</c>), and the standard AWS variables for the region (<c>AWS_REGION</c>, else
/// <c>AWS_DEFAULT_REGION</c>), the credentials (<c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>,
/// <c>AWS_SESSION_TOKEN</c>) and the endpoint (<c>AWS_ENDPOINT_URL_BEDROCK_RUNTIME</c>).
/// </summary>
/// <param name="Model">The Bedrock model id (an inference profile such as <c>global.anthropic.claude-haiku-4-5-20251001-v1:0</c>).</param>
/// <param name="MaxTokens">Output tokens per call.</param>
/// <param name="Temperature">Sampling temperature, 0–1.</param>
/// <param name="Prices">What the tokens cost.</param>
/// <param name="MaxRetries">HTTP retries of a throttled (429) or failed (5xx) call, with backoff that honours Retry-After.</param>
/// <param name="Region">The AWS region the requests are signed for.</param>
/// <param name="AccessKeyId">Null: the AWS SDK's default credential chain (profiles, SSO, container and instance roles).</param>
/// <param name="SecretAccessKey">With <see cref="AccessKeyId"/>.</param>
/// <param name="SessionToken">For temporary credentials (Lambda, assumed roles).</param>
/// <param name="Endpoint">Bedrock Runtime's base URL; null for <c>https://bedrock-runtime.{region}.amazonaws.com</c>.</param>
public sealed record BedrockSettings(
    string Model,
    int MaxTokens,
    double Temperature,
    ModelPrices Prices,
    int MaxRetries,
    string Region,
    string? AccessKeyId,
    string? SecretAccessKey,
    string? SessionToken,
    Uri? Endpoint)
{
    public const string DefaultModel = "global.anthropic.claude-haiku-4-5-20251001-v1:0";
    public const int DefaultMaxTokens = 5000;
    public const double DefaultTemperature = 0.2;
    public const int DefaultMaxRetries = 4;

    public static BedrockSettings FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>Reads the settings through <paramref name="variable"/>; throws <see cref="InvalidOperationException"/> naming the variable, its value and what to set.</summary>
    public static BedrockSettings FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Value(string name) => string.IsNullOrWhiteSpace(variable(name)) ? null : variable(name)!.Trim();

        var region = Value("AWS_REGION") ?? Value("AWS_DEFAULT_REGION")
            ?? throw new InvalidOperationException("AWS_REGION (or AWS_DEFAULT_REGION) is not set: set it to the region Bedrock is called in, e.g. us-east-1.");
        var accessKey = Value("AWS_ACCESS_KEY_ID");
        var secretKey = Value("AWS_SECRET_ACCESS_KEY");
        if ((accessKey is null) != (secretKey is null))
            throw new InvalidOperationException("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (or neither, to use a profile or role).");
        Uri? endpoint = null;
        if (Value("AWS_ENDPOINT_URL_BEDROCK_RUNTIME") is { } url
            && (!Uri.TryCreate(url, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
            throw new InvalidOperationException($"AWS_ENDPOINT_URL_BEDROCK_RUNTIME is '{url}': expected an absolute http(s) URL such as https://bedrock-runtime.us-east-1.amazonaws.com.");

        var defaults = ModelPrices.ClaudeHaiku45;
        return new BedrockSettings(
            Value("ETL_AGENT_MODEL") ?? DefaultModel,
            Number(Value, "ETL_AGENT_MAX_TOKENS", DefaultMaxTokens, 1, 64_000, "a whole number of output tokens"),
            (double)Number(Value, "ETL_AGENT_TEMPERATURE", (decimal)DefaultTemperature, 0m, 1m, "a number from 0 to 1"),
            new ModelPrices(
                Number(Value, "ETL_AGENT_INPUT_USD_PER_MTOK", defaults.InputUsdPerMillion, 0m, 1000m, "USD per million input tokens"),
                Number(Value, "ETL_AGENT_OUTPUT_USD_PER_MTOK", defaults.OutputUsdPerMillion, 0m, 1000m, "USD per million output tokens")),
            Number(Value, "ETL_AGENT_MAX_RETRIES", DefaultMaxRetries, 0, 10, "a whole number of retries"),
            region,
            accessKey,
            secretKey,
            Value("AWS_SESSION_TOKEN"),
            endpoint);
    }

    private static int Number(Func<string, string?> value, string name, int fallback, int min, int max, string what) =>
        value(name) is not { } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max ? number
        : throw new InvalidOperationException($"{name} is '{text}': expected {what} from {min} to {max}.");

    private static decimal Number(Func<string, string?> value, string name, decimal fallback, decimal min, decimal max, string what) =>
        value(name) is not { } text ? fallback
        : decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max ? number
        : throw new InvalidOperationException($"{name} is '{text}': expected {what} (from {min} to {max}, e.g. {fallback}).");

    /// <summary>The settings without the secret, for logs.</summary>
    public override string ToString() =>
        $"BedrockSettings {{ Model = {Model}, MaxTokens = {MaxTokens}, Temperature = {Temperature}, Region = {Region}, Endpoint = {Endpoint}, "
        + $"Credentials = {(AccessKeyId is null ? "default chain" : AccessKeyId + (SessionToken is null ? "" : " (temporary)"))} }}";
}
