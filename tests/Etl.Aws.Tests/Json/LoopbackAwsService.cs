using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Etl.Aws.Tests.SigV4;

namespace Etl.Aws.Tests.Json;

/// <summary>One request as it arrived on the wire.</summary>
public sealed record CapturedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"the request has no {name} header");
}

/// <summary>
/// An AWS service stand-in on a free 127.0.0.1 port: records every request and answers with the scripted answers in
/// order, then with <see cref="Respond"/> (a stateful fake's answer) or the default answer. It checks nothing itself;
/// tests assert on <see cref="Requests"/>.
/// </summary>
public sealed class LoopbackAwsService : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<(int Status, string Body)> answers = new();
    private readonly Task loop;

    public LoopbackAwsService(string defaultAnswer = "{}")
    {
        DefaultAnswer = defaultAnswer;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Endpoint.AbsoluteUri);
        listener.Start();
        loop = Task.Run(Serve);
    }

    public Uri Endpoint { get; }

    public string DefaultAnswer { get; set; }

    /// <summary>Answers each request that no scripted answer is queued for; null: <see cref="DefaultAnswer"/>.</summary>
    public Func<CapturedRequest, (int Status, string Body)>? Respond { get; set; }

    /// <summary>The answers' Content-Type (the protocol version of the service).</summary>
    public string ContentType { get; set; } = "application/x-amz-json-1.0";

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    public void Answer(int status, string body) => answers.Enqueue((status, body));

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener.
        }
    }

    /// <summary>
    /// Checks the request's SigV4 signature with the independent signer: the same signed headers and body, signed by
    /// @smithy/signature-v4 (which computes the body hash itself), must give the same Authorization and content hash.
    /// </summary>
    public static void AssertSignedBySmithy(CapturedRequest request, string service, string region, string accessKey, string secretKey)
    {
        var authorization = request.Header("Authorization");
        var signedHeaders = authorization[(authorization.IndexOf("SignedHeaders=", StringComparison.Ordinal) + "SignedHeaders=".Length)..].Split(',')[0].Split(';');
        Assert.Contains("host", signedHeaders);
        Assert.Contains("x-amz-target", signedHeaders);
        Assert.Contains("content-type", signedHeaders);
        var independent = SmithySigner.Sign(IndependentRequest(request, signedHeaders, service, region, accessKey, secretKey));
        Assert.Equal(independent.Authorization, authorization);
        if (signedHeaders.Contains("x-amz-content-sha256"))
        {
            Assert.Equal(independent.Headers["x-amz-content-sha256"], request.Header("x-amz-content-sha256"));
        }
    }

    /// <summary>
    /// <see cref="AssertSignedBySmithy(CapturedRequest, string, string, string, string)"/> for many requests, with one run
    /// of the independent signer.
    /// </summary>
    public static void AssertSignedBySmithy(IReadOnlyList<CapturedRequest> requests, string service, string region, string accessKey, string secretKey)
    {
        if (requests.Count == 0) return;
        var signed = requests.Select(r => r.Header("Authorization")[(r.Header("Authorization").IndexOf("SignedHeaders=", StringComparison.Ordinal) + "SignedHeaders=".Length)..].Split(',')[0].Split(';')).ToList();
        var independent = SmithySigner.Sign(requests.Select((r, i) => IndependentRequest(r, signed[i], service, region, accessKey, secretKey) with { Id = $"r{i}" }));
        for (var i = 0; i < requests.Count; i++)
        {
            Assert.Contains("x-amz-target", signed[i]);
            Assert.True(independent[i].Authorization == requests[i].Header("Authorization"),
                $"request {i} ({requests[i].Header("X-Amz-Target")}) is not signed as @smithy/signature-v4 signs it");
        }
    }

    private static SmithyRequest IndependentRequest(CapturedRequest request, string[] signedHeaders, string service, string region, string accessKey, string secretKey)
    {
        var date = request.Header("X-Amz-Date");
        return new SmithyRequest
        {
            Id = "captured",
            Mode = "header",
            Method = request.Method,
            Host = request.Header("Host"),
            Path = request.Path,
            Headers = signedHeaders.Where(h => h is not ("x-amz-date" or "x-amz-content-sha256")).Select(h => new KeyValuePair<string, string>(h, request.Header(h))).ToList(),
            Body = request.Body,
            AccessKey = accessKey,
            SecretKey = secretKey,
            Region = region,
            Service = service,
            SignedAt = DateTime.ParseExact(date, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal),
            ContentSha256Header = signedHeaders.Contains("x-amz-content-sha256"),
        };
    }

    private async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in context.Request.Headers.AllKeys)
            {
                headers[name!] = context.Request.Headers[name]!;
            }

            var captured = new CapturedRequest(context.Request.HttpMethod, context.Request.RawUrl ?? "/", headers, body.ToArray());
            Requests.Enqueue(captured);
            var (status, text) = answers.TryDequeue(out var scripted) ? scripted : Respond?.Invoke(captured) ?? (200, DefaultAnswer);
            var bytes = Encoding.UTF8.GetBytes(text);
            context.Response.StatusCode = status;
            context.Response.ContentType = ContentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
