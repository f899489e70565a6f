namespace Etl.Agents.Bedrock;

/// <summary>
/// Counts the HTTP attempts of the chat call in progress (the SDK retries throttling and 5xx itself): the count lives
/// in the async flow of the call, so concurrent calls never share one.
/// </summary>
internal sealed class HttpAttempts : DelegatingHandler
{
    private static readonly AsyncLocal<StrongBox> Current = new();

    /// <summary>Starts counting for the calling flow; the returned box holds the count.</summary>
    public static StrongBox Begin() => Current.Value = new StrongBox();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Current.Value is { } box) Interlocked.Increment(ref box.Count);
        return base.SendAsync(request, cancellationToken);
    }

    internal sealed class StrongBox
    {
        public int Count;
    }
}
