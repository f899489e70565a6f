namespace Etl.Lambda.Logging;

/// <summary>
/// What every log line of the current invocation carries: its request id, and the job and stage once the handler knows
/// them. One object per invocation, flowing with the async context; handlers fill in <see cref="JobId"/> and <see cref="Stage"/>.
/// </summary>
public sealed class LogScope(string requestId)
{
    private static readonly AsyncLocal<LogScope?> CurrentScope = new();

    public static LogScope? Current
    {
        get => CurrentScope.Value;
        set => CurrentScope.Value = value;
    }

    public string RequestId { get; } = requestId;

    public string? JobId { get; set; }

    public string? Stage { get; set; }
}
