namespace Etl.Lambda.Client;

/// <summary>The Lambda Runtime API (version 2018-06-01) as the runtime loop uses it; tests serve it from a fake.</summary>
public interface IRuntimeApiClient
{
    /// <summary>Waits, without a time limit, for the next event.</summary>
    Task<Invocation> GetNextAsync(CancellationToken cancellationToken);

    Task SendResponseAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken);

    Task SendErrorAsync(string requestId, ErrorReport error, CancellationToken cancellationToken);

    /// <summary>Start-up failed: Lambda records the error and ends the environment.</summary>
    Task SendInitErrorAsync(ErrorReport error, CancellationToken cancellationToken);
}

/// <summary>The Runtime API answered something the protocol does not allow.</summary>
public sealed class RuntimeApiException(string message) : Exception(message);
