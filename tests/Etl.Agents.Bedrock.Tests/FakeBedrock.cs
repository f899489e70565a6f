using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Etl.Aws.Tests.SigV4;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Etl.Agents.Bedrock.Tests;

/// <summary>One InvokeModel request as it arrived on the wire.</summary>
public sealed record InvokeRequest(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public string Text() => Encoding.UTF8.GetString(Body);

    public string Header(string name) =>
        Headers.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"the request has no {name} header");
}

/// <summary>
/// Amazon Bedrock Runtime's InvokeModel on a free 127.0.0.1 port (Kestrel), speaking its wire format for Anthropic
/// models: <c>POST /model/{modelId}/invoke</c> with a Messages body that carries <c>anthropic_version</c> and no
/// <c>model</c>, answered with the full Messages response shape. Like Bedrock it refuses a request without a SigV4
/// Authorization header or with a wrong anthropic_version (400 ValidationException); the signature itself is
/// recomputed by the independent signer in <see cref="AssertSigned"/>. Answers are scripted, in order.
/// </summary>
public sealed class FakeBedrock : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(int Status, string Body, Dictionary<string, string> Headers)> answers = new();

    private FakeBedrock(WebApplication app)
    {
        this.app = app;
    }

    public ConcurrentQueue<InvokeRequest> Requests { get; } = new();

    public List<InvokeRequest> Received => [.. Requests];

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<FakeBedrock> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeBedrock(app);
        app.MapPost("/model/{modelId}/invoke", fake.InvokeAsync);
        app.MapFallback((HttpContext context) => Results.Json(new { message = $"Unknown operation {context.Request.Method} {context.Request.Path}" }, statusCode: 404));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        fake.Endpoint = new Uri(address);
        return fake;
    }

    /// <summary>The next answer is a tool_use message calling <paramref name="tool"/> with <paramref name="input"/> (JSON).</summary>
    public FakeBedrock AnswerTool(string tool, string input, long inputTokens = 1000, long outputTokens = 200)
    {
        var message = new JsonObject
        {
            ["id"] = $"msg_bdrk_{Guid.NewGuid():N}",
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = "claude-haiku-4-5-20251001",
            ["content"] = new JsonArray(new JsonObject
            {
                ["type"] = "tool_use",
                ["id"] = $"toolu_bdrk_{Guid.NewGuid():N}",
                ["name"] = tool,
                ["input"] = JsonNode.Parse(input),
            }),
            ["stop_reason"] = "tool_use",
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject { ["input_tokens"] = inputTokens, ["output_tokens"] = outputTokens },
        };
        answers.Enqueue((200, message.ToJsonString(), []));
        return this;
    }

    /// <summary>The next answer is Bedrock's throttling error.</summary>
    public FakeBedrock AnswerThrottled(string retryAfterSeconds = "1")
    {
        answers.Enqueue((429, """{"message":"Too many requests, please wait before trying again."}""", new Dictionary<string, string>
        {
            ["x-amzn-ErrorType"] = "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/",
            ["Retry-After"] = retryAfterSeconds,
        }));
        return this;
    }

    /// <summary>The next answer is a service error (500 InternalServerException, 503 ServiceUnavailableException).</summary>
    public FakeBedrock AnswerServerError(int status)
    {
        answers.Enqueue((status, """{"message":"The service is unavailable. Please try again."}""", new Dictionary<string, string>
        {
            ["x-amzn-ErrorType"] = (status == 503 ? "ServiceUnavailableException" : "InternalServerException") + ":http://internal.amazon.com/coral/com.amazon.bedrock/",
        }));
        return this;
    }

    private async Task InvokeAsync(HttpContext context, string modelId)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        Requests.Enqueue(new InvokeRequest(context.Request.Method, rawTarget, headers, body.ToArray()));

        if (!headers.TryGetValue("Authorization", out var authorization) || !authorization.StartsWith("AWS4-HMAC-SHA256 ", StringComparison.Ordinal))
        {
            await Reply(context, 403, """{"message":"Missing Authentication Token"}""", []);
            return;
        }
        var json = JsonNode.Parse(body.ToArray())?.AsObject();
        var version = json?["anthropic_version"]?.GetValue<string>();
        if (version != "bedrock-2023-05-31" || json!.ContainsKey("model") || json["max_tokens"] is null || json["messages"] is null)
        {
            await Reply(context, 400, JsonSerializer.Serialize(new { message = $"Malformed input request: anthropic_version is '{version}', model in body: {json?.ContainsKey("model")}" }),
                new Dictionary<string, string> { ["x-amzn-ErrorType"] = "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/" });
            return;
        }
        if (!answers.TryDequeue(out var answer))
        {
            await Reply(context, 500, """{"message":"the fake has no scripted answer"}""", []);
            return;
        }
        await Reply(context, answer.Status, answer.Body, answer.Headers);
    }

    private static async Task Reply(HttpContext context, int status, string body, Dictionary<string, string> headers)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        foreach (var (name, value) in headers) context.Response.Headers[name] = value;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body));
    }

    /// <summary>
    /// Recomputes every received request's SigV4 signature with @smithy/signature-v4 (for service <c>bedrock</c>, the
    /// given region and keys, over the headers the request says it signed and its body) and requires the same
    /// Authorization header and content hash.
    /// </summary>
    public void AssertSigned(string region, string accessKey, string secretKey, string? sessionToken)
    {
        var received = Received;
        Assert.NotEmpty(received);
        var requests = new List<SmithyRequest>();
        for (var i = 0; i < received.Count; i++)
        {
            var request = received[i];
            var authorization = request.Header("Authorization");
            var signedHeaders = authorization[(authorization.IndexOf("SignedHeaders=", StringComparison.Ordinal) + "SignedHeaders=".Length)..].Split(',')[0].Split(';');
            Assert.Contains("host", signedHeaders);
            Assert.Contains("x-amz-date", signedHeaders);
            Assert.Contains("x-amz-content-sha256", signedHeaders);
            if (sessionToken is not null)
            {
                Assert.Contains("x-amz-security-token", signedHeaders);
                Assert.Equal(sessionToken, request.Header("x-amz-security-token"));
            }
            var path = request.RawTarget.Split('?')[0];
            requests.Add(new SmithyRequest
            {
                Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Mode = "header",
                Method = request.Method,
                Host = request.Header("Host"),
                Path = path, // as sent: the signer encodes it once more, as AWS does for every service but S3
                Headers = signedHeaders.Where(h => h is not ("x-amz-date" or "x-amz-content-sha256" or "x-amz-security-token"))
                    .Select(h => new KeyValuePair<string, string>(h, request.Header(h))).ToList(),
                Body = request.Body,
                AccessKey = accessKey,
                SecretKey = secretKey,
                SessionToken = sessionToken,
                Region = region,
                Service = "bedrock",
                SignedAt = DateTime.ParseExact(request.Header("X-Amz-Date"), "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal),
                ContentSha256Header = true,
            });
        }
        var results = SmithySigner.Sign(requests);
        for (var i = 0; i < received.Count; i++)
        {
            Assert.Equal(results[i].Authorization, received[i].Header("Authorization"));
            Assert.Equal(results[i].Headers["x-amz-content-sha256"], received[i].Header("x-amz-content-sha256"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
