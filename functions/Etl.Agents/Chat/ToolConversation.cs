using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Etl.Core.Agents;
using Microsoft.Extensions.AI;

namespace Etl.Agents.Chat;

/// <summary>
/// One agent step as a conversation that must end in one call of one tool: the model is required to call the tool,
/// its input is checked (schema, our rules, grounding), and a rejected input goes back as the tool's error result so
/// the model can correct it, for at most <see cref="MaxAttempts"/> calls. Every call is recorded as a
/// <see cref="ModelCall"/>.
/// </summary>
public sealed class ToolConversation(IChatClient client, string model, ModelPrices prices, int maxAttempts = ToolConversation.DefaultMaxAttempts)
{
    public const int DefaultMaxAttempts = 3;

    public int MaxAttempts { get; } = maxAttempts >= 1 ? maxAttempts : throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "at least one attempt");

    public async Task<ToolOutcome<T>> RunAsync<T>(string system, string prompt, AIFunctionDeclaration tool, Func<JsonElement, ToolCheck<T>> check,
        CancellationToken cancellationToken) where T : class
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, system), new(ChatRole.User, prompt) };
        var calls = new List<ModelCall>();
        T? fallback = null;
        IReadOnlyList<string> problems = [];
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var options = new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireSpecific(tool.Name) };
            var sent = Transcript(messages);
            var clock = Stopwatch.StartNew();
            var response = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            clock.Stop();
            calls.Add(Record(system, sent, response, clock.Elapsed));

            var toolCalls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            var answer = toolCalls.FirstOrDefault(c => c.Name == tool.Name);
            if (answer is not null)
            {
                var result = Check(answer, check);
                if (result.Accepted) return new ToolOutcome<T>(result.Value, true, [], attempt, calls);
                fallback = result.Value ?? fallback;
                problems = result.Problems;
            }
            else
            {
                problems = [$"no call of {tool.Name}: answer by calling the tool {tool.Name} exactly once"];
            }
            if (response.FinishReason == ChatFinishReason.Length)
            {
                problems = [.. problems, "the answer was cut off at the output token limit: send less (shorter files, fewer at once)"];
            }

            messages.AddRange(response.Messages);
            var results = new List<AIContent>();
            foreach (var call in toolCalls)
            {
                var text = call == answer
                    ? "Rejected, nothing was saved. Fix these problems and call " + tool.Name + " again:\n- " + string.Join("\n- ", problems)
                    : $"Ignored: only one call of {tool.Name} is read.";
                results.Add(new FunctionResultContent(call.CallId, text) { Exception = new InvalidDataException(text) });
            }
            messages.Add(results.Count > 0
                ? new ChatMessage(ChatRole.Tool, results)
                : new ChatMessage(ChatRole.User, string.Join("\n", problems)));
        }
        return new ToolOutcome<T>(fallback, false, problems, MaxAttempts, calls);
    }

    private static ToolCheck<T> Check<T>(FunctionCallContent call, Func<JsonElement, ToolCheck<T>> check) where T : class
    {
        if (call.Exception is { } exception)
            return new ToolCheck<T>(null, [$"the tool input is not valid JSON: {exception.Message}"]);
        var input = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);
        try
        {
            return check(input);
        }
        catch (JsonException e)
        {
            return new ToolCheck<T>(null, [$"the tool input could not be read: {e.Message}"]);
        }
    }

    private ModelCall Record(string system, string prompt, ChatResponse response, TimeSpan duration)
    {
        var input = response.Usage?.InputTokenCount ?? 0;
        var output = response.Usage?.OutputTokenCount ?? 0;
        var attempts = 1;
        if (response.AdditionalProperties?.TryGetValue(ChatCallAttempts.Key, out var value) == true)
            attempts = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        return new ModelCall(model, system, prompt, RawResponse(response), input, output, prices.CostOf(input, output),
            Math.Round(duration.TotalSeconds, 3), attempts);
    }

    /// <summary>The response as the run log keeps it: its text, its tool calls with their input as JSON, why it stopped.</summary>
    private static string RawResponse(ChatResponse response)
    {
        var calls = new JsonArray();
        var text = new StringBuilder();
        foreach (var content in response.Messages.SelectMany(m => m.Contents))
        {
            switch (content)
            {
                case FunctionCallContent call:
                    calls.Add(new JsonObject
                    {
                        ["id"] = call.CallId,
                        ["name"] = call.Name,
                        ["input"] = JsonSerializer.SerializeToNode(call.Arguments, AIJsonUtilities.DefaultOptions),
                    });
                    break;
                case TextContent t:
                    text.Append(t.Text);
                    break;
            }
        }
        return new JsonObject
        {
            ["id"] = response.ResponseId,
            ["stopReason"] = response.FinishReason?.Value,
            ["text"] = text.ToString(),
            ["toolCalls"] = calls,
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The turns after the system prompt, as text: what the model was sent.</summary>
    private static string Transcript(List<ChatMessage> messages)
    {
        var text = new StringBuilder();
        foreach (var message in messages.Skip(1))
        {
            foreach (var content in message.Contents)
            {
                if (text.Length > 0) text.Append("\n\n");
                switch (content)
                {
                    case TextContent t:
                        text.Append('[').Append(message.Role.Value).Append("]\n").Append(t.Text);
                        break;
                    case FunctionCallContent call:
                        text.Append("[assistant → ").Append(call.Name).Append("]\n")
                            .Append(JsonSerializer.Serialize(call.Arguments, AIJsonUtilities.DefaultOptions));
                        break;
                    case FunctionResultContent result:
                        text.Append("[tool result").Append(result.Exception is null ? "" : ", error").Append("]\n").Append(result.Result);
                        break;
                }
            }
        }
        return text.ToString();
    }
}
