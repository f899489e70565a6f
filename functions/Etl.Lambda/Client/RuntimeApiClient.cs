using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Etl.Lambda.Client;

/// <summary>
/// HTTP client of the Runtime API at http://{AWS_LAMBDA_RUNTIME_API}/2018-06-01/. The /next request has no timeout:
/// Lambda freezes the environment while it waits, and an event may be minutes away.
/// </summary>
public sealed class RuntimeApiClient : IRuntimeApiClient, IDisposable
{
    public const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    public const string FunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    private readonly HttpClient _http;

    public RuntimeApiClient(string hostAndPort)
    {
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri($"http://{hostAndPort}/2018-06-01/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<Invocation> GetNextAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("runtime/invocation/next", HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new RuntimeApiException($"GET /runtime/invocation/next answered {(int)response.StatusCode}.");
        }

        var requestId = Single(response, RequestIdHeader)
            ?? throw new RuntimeApiException($"The next invocation has no {RequestIdHeader} header.");
        var deadline = long.TryParse(Single(response, DeadlineHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : throw new RuntimeApiException($"Invocation {requestId} has no valid {DeadlineHeader} header.");
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new Invocation(requestId, deadline, Single(response, FunctionArnHeader), Single(response, TraceIdHeader), payload);
    }

    public async Task SendResponseAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(response);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await PostAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/response", content, cancellationToken);
    }

    public async Task SendErrorAsync(string requestId, ErrorReport error, CancellationToken cancellationToken) =>
        await PostErrorAsync($"runtime/invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    public async Task SendInitErrorAsync(ErrorReport error, CancellationToken cancellationToken) =>
        await PostErrorAsync("runtime/init/error", error, cancellationToken);

    private async Task PostErrorAsync(string path, ErrorReport error, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, LambdaJson.Default.ErrorReport));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        await PostAsync(path, content, cancellationToken, error.ErrorType);
    }

    private async Task PostAsync(string path, HttpContent content, CancellationToken cancellationToken, string? errorType = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation(ErrorTypeHeader, errorType);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new RuntimeApiException($"POST /{path} answered {(int)response.StatusCode}.");
        }
    }

    private static string? Single(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public void Dispose() => _http.Dispose();
}
