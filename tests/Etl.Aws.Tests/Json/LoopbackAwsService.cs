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
/// order (then with the default answer). It checks nothing itself; tests assert on <see cref="Requests"/>.
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
        var date = request.Header("X-Amz-Date");
        var independent = SmithySigner.Sign(new SmithyRequest
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
        });
        Assert.Equal(independent.Authorization, authorization);
        if (signedHeaders.Contains("x-amz-content-sha256"))
        {
            Assert.Equal(independent.Headers["x-amz-content-sha256"], request.Header("x-amz-content-sha256"));
        }
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

            Requests.Enqueue(new CapturedRequest(context.Request.HttpMethod, context.Request.RawUrl ?? "/", headers, body.ToArray()));
            var (status, text) = answers.TryDequeue(out var scripted) ? scripted : (200, DefaultAnswer);
            var bytes = Encoding.UTF8.GetBytes(text);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/x-amz-json-1.0";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
