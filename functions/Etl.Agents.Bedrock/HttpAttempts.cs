namespace Etl.Agents.Bedrock;

/// <summary>
/// Counts the HTTP attempts of the chat call in progress (the SDK retries throttling and 5xx itself): the count lives
/// in the async flow of the call, so concurrent calls never share one.
/// </summary>
internal sealed class HttpAttempts : DelegatingHandler
{
    private static readonly AsyncLocal<Counter> Current = new();

    /// <summary>Starts counting for the calling flow; the returned counter holds the count.</summary>
    public static Counter Begin() => Current.Value = new Counter();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Current.Value is { } counter) Interlocked.Increment(ref counter.Count);
        return base.SendAsync(request, cancellationToken);
    }

    internal sealed class Counter
    {
        public int Count;
    }
}
