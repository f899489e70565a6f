using System.Text.Json;
using Anthropic.Models.Messages;
using Etl.Agents.Chat;
using Microsoft.Extensions.AI;

namespace Etl.Agents.Bedrock;

/// <summary>
/// The SDK's <see cref="IChatClient"/> with what its adapter leaves out: every request carries the model, max tokens
/// and the temperature — the adapter drops <see cref="ChatOptions.Temperature"/>, and 13.15.0 has no typed temperature,
/// so it goes in as raw body data of the request parameters — and every response reports its HTTP attempts
/// (<see cref="ChatCallAttempts.Key"/>).
/// </summary>
internal sealed class BedrockChatClient(IChatClient inner, BedrockSettings settings) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var sent = options?.Clone() ?? new ChatOptions();
        sent.RawRepresentationFactory ??= _ => Parameters();
        var attempts = HttpAttempts.Begin();
        var response = await base.GetResponseAsync(messages, sent, cancellationToken).ConfigureAwait(false);
        (response.AdditionalProperties ??= [])[ChatCallAttempts.Key] = Math.Max(1, attempts.Count);
        return response;
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var sent = options?.Clone() ?? new ChatOptions();
        sent.RawRepresentationFactory ??= _ => Parameters();
        return base.GetStreamingResponseAsync(messages, sent, cancellationToken);
    }

    private MessageCreateParams Parameters() => MessageCreateParams.FromRawUnchecked(
        new Dictionary<string, JsonElement>(),
        new Dictionary<string, JsonElement>(),
        new Dictionary<string, JsonElement>
        {
            ["model"] = JsonSerializer.SerializeToElement(settings.Model),
            ["max_tokens"] = JsonSerializer.SerializeToElement(settings.MaxTokens),
            ["temperature"] = JsonSerializer.SerializeToElement(settings.Temperature),
            ["messages"] = JsonSerializer.SerializeToElement(Array.Empty<object>()),
        });
}
