namespace Etl.Agents.Bedrock;

/// <summary>
/// Sets <c>anthropic-version: bedrock-2023-05-31</c> on every request. The SDK sends its own API version as that header
/// and its Bedrock adapter moves the header into the body as <c>anthropic_version</c>; Bedrock accepts only its own
/// version there, so the header is replaced before the adapter reads it (DESIGN.md, "Dependencies").
/// </summary>
internal sealed class AnthropicVersionHeader : DelegatingHandler
{
    public const string Name = "anthropic-version";
    public const string BedrockVersion = "bedrock-2023-05-31";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(Name);
        request.Headers.TryAddWithoutValidation(Name, BedrockVersion);
        return base.SendAsync(request, cancellationToken);
    }
}
