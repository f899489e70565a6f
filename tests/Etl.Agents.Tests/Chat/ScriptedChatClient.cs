using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Etl.Agents.Tests.Chat;

/// <summary>
/// A chat client that answers from a script, in order, and keeps what it was sent: for the agent's logic, where the
/// wire does not matter (the wire is proven against the fake Bedrock in Etl.Agents.Bedrock.Tests).
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<ChatResponse> answers = new();

    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Received { get; } = [];

    public ScriptedChatClient Then(ChatResponse response)
    {
        answers.Enqueue(response);
        return this;
    }

    /// <summary>Answers with one call of <paramref name="tool"/> whose input is <paramref name="json"/>.</summary>
    public ScriptedChatClient ThenTool(string tool, string json, long inputTokens = 1000, long outputTokens = 200) =>
        Then(ToolCall(tool, json, inputTokens, outputTokens));

    public static ChatResponse ToolCall(string tool, string json, long inputTokens = 1000, long outputTokens = 200)
    {
        var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(json, AIJsonUtilities.DefaultOptions);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"toolu_{Guid.NewGuid():N}", tool, arguments)]))
        {
            FinishReason = ChatFinishReason.ToolCalls,
            ModelId = "scripted-model",
            Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens },
        };
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Received.Add((messages.ToList(), options));
        if (!answers.TryDequeue(out var answer)) throw new InvalidOperationException($"the script has no answer for call {Received.Count}");
        return Task.FromResult(answer);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) => throw new NotSupportedException("the agent does not stream");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
