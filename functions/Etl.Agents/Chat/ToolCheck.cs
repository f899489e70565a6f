namespace Etl.Agents.Chat;

/// <summary>
/// What a check made of one tool input: the value read from it (null when nothing could be read) and what is wrong
/// with it (empty when it is accepted). A value with problems is kept as the fallback of a step that runs out of attempts.
/// </summary>
public sealed record ToolCheck<T>(T? Value, IReadOnlyList<string> Problems) where T : class
{
    public bool Accepted => Value is not null && Problems.Count == 0;
}

/// <summary>How a tool-use step ended: the accepted value, or the last readable one with its problems.</summary>
/// <param name="Value">The accepted value, or the last readable one; null when the model never gave a readable input.</param>
/// <param name="Accepted">True when <see cref="Value"/> passed every check.</param>
/// <param name="Problems">What was still wrong with the last answer (empty when accepted).</param>
/// <param name="Attempts">Model calls made in the step.</param>
/// <param name="Calls">Every call, as the run log keeps it.</param>
public sealed record ToolOutcome<T>(T? Value, bool Accepted, IReadOnlyList<string> Problems, int Attempts, IReadOnlyList<Etl.Core.Agents.ModelCall> Calls)
    where T : class;
