namespace Etl.Lambda.Client;

/// <summary>One event from GET /runtime/invocation/next: its payload and the headers that describe it.</summary>
public sealed record Invocation(
    string RequestId,
    DateTimeOffset Deadline,
    string? FunctionArn,
    string? TraceId,
    ReadOnlyMemory<byte> Payload);
