using Anthropic.Bedrock;

namespace Etl.Agents.Bedrock;

/// <summary>
/// Access-key credentials with an optional session token (temporary credentials: Lambda, assumed roles). The SDK's
/// <see cref="AnthropicBedrockPrivateKeyCredentials"/> keeps its token setter internal; it signs every header the
/// request carries, so the token is added as <c>x-amz-security-token</c> first and is covered by the signature.
/// </summary>
internal sealed class SessionTokenCredentials(AnthropicBedrockPrivateKeyCredentials keys, string? sessionToken) : IAnthropicBedrockCredentials
{
    public string Region => keys.Region;

    public Task Apply(HttpRequestMessage requestMessage)
    {
        ArgumentNullException.ThrowIfNull(requestMessage);
        if (sessionToken is not null)
        {
            requestMessage.Headers.Remove("x-amz-security-token");
            requestMessage.Headers.TryAddWithoutValidation("x-amz-security-token", sessionToken);
        }
        return keys.Apply(requestMessage);
    }
}
