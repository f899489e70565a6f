using Amazon.Runtime;

namespace Etl.Aws.Tests;

/// <summary>
/// The SDK's HTTP clients with a handler that adds up the body bytes of every GET response: what a blob read really
/// fetched from S3, measured on the wire rather than reported by the code under test.
/// </summary>
public sealed class CountingHttp : HttpClientFactory
{
    private long _fetched;
    private int _gets;

    public long BytesFetched => Interlocked.Read(ref _fetched);

    public int Gets => Volatile.Read(ref _gets);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new CountingHandler(this) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class CountingHandler(CountingHttp owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method == HttpMethod.Get && response.Content.Headers.ContentLength is { } length)
            {
                Interlocked.Add(ref owner._fetched, length);
                Interlocked.Increment(ref owner._gets);
            }

            return response;
        }
    }
}
