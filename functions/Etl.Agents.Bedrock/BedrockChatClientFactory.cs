using Anthropic;
using Anthropic.Bedrock;
using Etl.Agents.Chat;
using Etl.Core.Agents;
using Microsoft.Extensions.AI;

namespace Etl.Agents.Bedrock;

/// <summary>
/// Builds the <see cref="IChatClient"/> the bedrock agent talks through: the official SDK's
/// <see cref="AnthropicBedrockClient"/> (SigV4-signed <c>POST /model/{modelId}/invoke</c>), with Bedrock's
/// <c>anthropic-version</c>, the configured model, max tokens and temperature on every call, and throttling (429) and
/// 5xx retried by the SDK with exponential backoff that honours Retry-After, at most <see cref="BedrockSettings.MaxRetries"/> times.
/// </summary>
public static class BedrockChatClientFactory
{
    /// <summary>The agent's name (<c>ETL_AGENT=bedrock</c>, the job's <c>agent</c> field).</summary>
    public const string AgentName = "bedrock";

    /// <summary>The bedrock agent: a <see cref="ChatProjectAgent"/> over <see cref="CreateAsync"/>'s client.</summary>
    public static async Task<IProjectAgent> CreateAgentAsync(BedrockSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ChatProjectAgent(await CreateAsync(settings).ConfigureAwait(false), AgentName, settings.Model, settings.Prices);
    }

    /// <summary>
    /// The chat client for <paramref name="settings"/>. Without access keys in the settings, the AWS SDK's default
    /// credential chain is asked (profiles, SSO, container and instance roles); none found is an error saying what to set.
    /// </summary>
    public static async Task<IChatClient> CreateAsync(BedrockSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IAnthropicBedrockCredentials credentials;
        if (settings.AccessKeyId is not null)
        {
            credentials = new SessionTokenCredentials(
                new AnthropicBedrockPrivateKeyCredentials { Region = settings.Region, ApiAccessKey = settings.AccessKeyId, ApiSecret = settings.SecretAccessKey! },
                settings.SessionToken);
        }
        else
        {
            credentials = await AnthropicBedrockCredentialsHelper.FromEnv().ConfigureAwait(false)
                ?? throw new InvalidOperationException("no AWS credentials found for Bedrock: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                    + "(and AWS_SESSION_TOKEN for temporary ones), or AWS_PROFILE, or run with a role.");
        }
        return Create(settings, credentials);
    }

    internal static IChatClient Create(BedrockSettings settings, IAnthropicBedrockCredentials credentials)
    {
        var client = settings.Endpoint is { } endpoint
            ? new AnthropicBedrockClient(credentials) { BaseUrl = endpoint.AbsoluteUri.TrimEnd('/'), MaxRetries = settings.MaxRetries, Handlers = Handlers() }
            : new AnthropicBedrockClient(credentials) { MaxRetries = settings.MaxRetries, Handlers = Handlers() };
        return new BedrockChatClient(client.AsIChatClient(settings.Model, settings.MaxTokens), settings);
    }

    private static DelegatingHandler[] Handlers() => [new AnthropicVersionHeader(), new HttpAttempts()];
}
