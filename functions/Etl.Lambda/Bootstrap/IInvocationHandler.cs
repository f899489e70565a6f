using Etl.Lambda.Client;
using Etl.Lambda.Context;

namespace Etl.Lambda.Bootstrap;

/// <summary>
/// Turns one event payload into one response payload. Throwing reports an error to Lambda: a
/// <see cref="FunctionErrorException"/> with its errorType, anything else under its exception type name.
/// </summary>
public interface IInvocationHandler
{
    /// <param name="cancellationToken">Fires shortly before the invocation's deadline (and when the runtime stops).</param>
    Task<byte[]> HandleAsync(Invocation invocation, ILambdaContext context, CancellationToken cancellationToken);
}
