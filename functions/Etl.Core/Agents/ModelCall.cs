namespace Etl.Core.Agents;

/// <summary>
/// One call to a language model, as the run log keeps it: the model, what was sent and what came back, the tokens and
/// what they cost, and how long it took. The offline agent makes none.
/// </summary>
/// <param name="Model">The model id (<c>global.anthropic.claude-haiku-4-5-20251001-v1:0</c>).</param>
/// <param name="System">The system prompt sent.</param>
/// <param name="Prompt">The user turn(s) sent, as text.</param>
/// <param name="Response">The raw response (text and tool calls, as JSON text).</param>
/// <param name="InputTokens">Input tokens the service counted.</param>
/// <param name="OutputTokens">Output tokens the service counted.</param>
/// <param name="CostUsd">What the tokens cost at the configured prices.</param>
/// <param name="DurationSeconds">Wall time of the call, retries included.</param>
/// <param name="Attempts">HTTP attempts (more than 1 after throttling or a transient error).</param>
public sealed record ModelCall(
    string Model,
    string System,
    string Prompt,
    string Response,
    long InputTokens,
    long OutputTokens,
    decimal CostUsd,
    double DurationSeconds,
    int Attempts = 1);
