using System.Text.Json;
using Anthropic.Exceptions;
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
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, sent, cancellationToken).ConfigureAwait(false);
        }
        catch (AnthropicApiException e)
        {
            throw Failure(e, attempts.Count);
        }
        (response.AdditionalProperties ??= [])[ChatCallAttempts.Key] = Math.Max(1, attempts.Count);
        return response;
    }

    /// <summary>
    /// The SDK's error as a vendor-neutral <see cref="HttpRequestException"/> that keeps the status code (so a failed job
    /// is classified transient or not) and says what to do.
    /// </summary>
    private HttpRequestException Failure(AnthropicApiException e, int attempts)
    {
        var status = (int)e.StatusCode;
        var action = status switch
        {
            429 => "Bedrock throttled every attempt: run again later, or raise the account's Bedrock quota for this model.",
            401 or 403 => "check the AWS credentials and that the model is enabled for the account in this region.",
            404 => $"check ETL_AGENT_MODEL ('{settings.Model}') and the region ('{settings.Region}'): the model id or inference profile is not available there.",
            >= 500 => "Bedrock failed on every attempt: run again later.",
            _ => "the request was refused; the response says why.",
        };
        return new HttpRequestException(
            $"Bedrock InvokeModel for {settings.Model} in {settings.Region} failed with HTTP {status} after {Math.Max(1, attempts)} attempt(s): {e.ResponseBody}. {action}",
            e, e.StatusCode);
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
