namespace Etl.Lambda.Context;

/// <summary>What a handler knows about the invocation it serves.</summary>
public interface ILambdaContext
{
    string RequestId { get; }

    string? FunctionArn { get; }

    string? TraceId { get; }

    DateTimeOffset Deadline { get; }

    /// <summary>Time left until Lambda stops the invocation.</summary>
    TimeSpan RemainingTime { get; }
}
