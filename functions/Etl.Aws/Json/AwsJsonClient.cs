using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Etl.Aws.Json;

/// <summary>
/// A client of one AWS service that speaks the JSON protocol (Step Functions, Glue): every operation is a POST of a JSON
/// body to the endpoint's root with <c>X-Amz-Target: {prefix}.{operation}</c>, signed with SigV4 by AWSSDK.Core's
/// <see cref="SigV4SigningHandler"/>. Hand-written because the service packages (AWSSDK.StepFunctions, AWSSDK.Glue) are
/// not available here. Throttling, 5xx and dropped connections are retried with jittered exponential backoff; any
/// other error answer becomes an <see cref="AwsServiceException"/>.
/// </summary>
public sealed class AwsJsonClient : IDisposable
{
    private readonly HttpClient http;
    private readonly AwsJsonService service;
    private readonly int maxRetries;
    private readonly TimeSpan baseDelay;

    public AwsJsonClient(AwsJsonService service, Uri endpoint, string region, AWSCredentials credentials, int maxRetries, TimeSpan? baseDelay = null, HttpMessageHandler? transport = null)
    {
        this.service = service;
        this.maxRetries = maxRetries;
        this.baseDelay = baseDelay ?? TimeSpan.FromMilliseconds(100);
        var signer = new SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(region), service.SigningName, transport ?? new SocketsHttpHandler());
        http = new HttpClient(signer) { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Endpoint => http.BaseAddress!;

    /// <summary>Calls <paramref name="operation"/> with <paramref name="request"/> and returns the answer's JSON object.</summary>
    public async Task<JsonObject> CallAsync(string operation, JsonObject request, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(request.ToJsonString());
        for (var attempt = 0; ; attempt++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(body) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(service.ContentType);
            message.Headers.Add("X-Amz-Target", $"{service.TargetPrefix}.{operation}");
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < maxRetries)
            {
                await Backoff(attempt, cancellationToken);
                continue;
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
                }

                var (code, serviceMessage) = ReadError(text, response);
                if (AwsServiceException.IsTransientAnswer(response.StatusCode, code) && attempt < maxRetries)
                {
                    await Backoff(attempt, cancellationToken);
                    continue;
                }

                throw new AwsServiceException(service.DisplayName, operation, code, serviceMessage, response.StatusCode);
            }
        }
    }

    public void Dispose() => http.Dispose();

    // Full jitter (the SDKs' standard mode): a random wait up to base·2^attempt, at most 20 s.
    private Task Backoff(int attempt, CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(20_000, baseDelay.TotalMilliseconds * Math.Pow(2, attempt));
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), cancellationToken);
    }

    // The JSON protocol names the error in __type ("ExecutionAlreadyExists" or "com.amazonaws.states#ExecutionAlreadyExists")
    // or in the x-amzn-ErrorType header ("Code:http://..."); the message is "message" or "Message".
    private static (string Code, string Message) ReadError(string text, HttpResponseMessage response)
    {
        string? code = null;
        string? message = null;
        try
        {
            if (JsonNode.Parse(text) is JsonObject error)
            {
                code = (error["__type"] ?? error["code"])?.GetValue<string>();
                message = (error["message"] ?? error["Message"])?.GetValue<string>();
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's or load balancer's page): the status names the failure.
        }

        if (code is null && response.Headers.TryGetValues("x-amzn-ErrorType", out var values))
        {
            code = values.First();
        }

        code = code is null ? (response.StatusCode == HttpStatusCode.TooManyRequests ? "ThrottlingException" : $"Http{(int)response.StatusCode}") : Shorten(code);
        return (code, message ?? (text.Length > 200 ? text[..200] : text));
    }

    private static string Shorten(string code)
    {
        var hash = code.LastIndexOf('#');
        var colon = code.IndexOf(':');
        code = hash >= 0 ? code[(hash + 1)..] : code;
        return colon >= 0 && hash < 0 ? code[..colon] : code;
    }
}

/// <summary>How one JSON-protocol service is addressed and signed.</summary>
public sealed record AwsJsonService(string DisplayName, string SigningName, string TargetPrefix, string ContentType, string EndpointPrefix)
{
    public static readonly AwsJsonService StepFunctions = new("Step Functions", "states", "AWSStepFunctions", "application/x-amz-json-1.0", "states");

    public static readonly AwsJsonService Glue = new("Glue", "glue", "AWSGlue", "application/x-amz-json-1.1", "glue");

    /// <summary>The service's public endpoint in <paramref name="region"/>.</summary>
    public Uri RegionalEndpoint(string region) => new($"https://{EndpointPrefix}.{region}.amazonaws.com/");
}
