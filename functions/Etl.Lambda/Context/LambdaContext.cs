using Etl.Lambda.Client;

namespace Etl.Lambda.Context;

/// <summary>The context of one invocation, from the headers of its /next response.</summary>
public sealed class LambdaContext(Invocation invocation, TimeProvider time) : ILambdaContext
{
    public string RequestId => invocation.RequestId;

    public string? FunctionArn => invocation.FunctionArn;

    public string? TraceId => invocation.TraceId;

    public DateTimeOffset Deadline => invocation.Deadline;

    public TimeSpan RemainingTime => invocation.Deadline - time.GetUtcNow();
}
