using System.Text.Json;
using System.Text.Json.Nodes;

namespace Etl.Aws.Tests.SigV4;

/// <summary>A request for the independent signer (tests/interop/sign-sigv4.mjs, @smithy/signature-v4 on node's crypto).</summary>
public sealed record SmithyRequest
{
    public required string Id { get; init; }

    /// <summary>"header" (an Authorization header) or "query" (a presigned URL).</summary>
    public required string Mode { get; init; }

    public required string Method { get; init; }

    public required string Host { get; init; }

    /// <summary>The path, raw (it is escaped by the signer when <see cref="EscapePath"/>) or already encoded otherwise.</summary>
    public required string Path { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    /// <summary>Every header to sign, Host included (smithy signs what the request carries).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    public byte[]? Body { get; init; }

    public required string AccessKey { get; init; }

    public required string SecretKey { get; init; }

    public string? SessionToken { get; init; }

    public required string Region { get; init; }

    public required string Service { get; init; }

    public required DateTime SignedAt { get; init; }

    public int ExpiresSeconds { get; init; } = 3600;

    /// <summary>Whether to add and sign x-amz-content-sha256 (header mode).</summary>
    public bool ContentSha256Header { get; init; }

    /// <summary>Normalize and escape the path (every service but S3).</summary>
    public bool EscapePath { get; init; } = true;
}

/// <summary>What the independent signer computed for one <see cref="SmithyRequest"/>.</summary>
public sealed record SmithyResult(string Id, string CanonicalRequest, string StringToSign, string Signature, IReadOnlyDictionary<string, string> Headers, JsonObject Query)
{
    public string Authorization => Headers["authorization"];
}

public static class SmithySigner
{
    public static IReadOnlyList<SmithyResult> Sign(IEnumerable<SmithyRequest> requests)
    {
        var array = new JsonArray();
        foreach (var r in requests)
        {
            var query = new JsonObject();
            foreach (var (name, value) in r.Query)
            {
                query[name] = query[name] switch
                {
                    null => value,
                    JsonArray values => Append(values, value),
                    var single => new JsonArray(single.GetValue<string>(), value),
                };
            }

            var headers = new JsonObject();
            foreach (var (name, value) in r.Headers)
            {
                headers[name] = value;
            }

            var credentials = new JsonObject { ["accessKeyId"] = r.AccessKey, ["secretAccessKey"] = r.SecretKey };
            if (r.SessionToken is not null)
            {
                credentials["sessionToken"] = r.SessionToken;
            }

            array.Add(new JsonObject
            {
                ["id"] = r.Id,
                ["mode"] = r.Mode,
                ["method"] = r.Method,
                ["hostname"] = r.Host,
                ["path"] = r.Path,
                ["query"] = query,
                ["headers"] = headers,
                ["body"] = r.Body is null ? null : Convert.ToBase64String(r.Body),
                ["credentials"] = credentials,
                ["region"] = r.Region,
                ["service"] = r.Service,
                ["timestamp"] = r.SignedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["expiresIn"] = r.ExpiresSeconds,
                ["applyChecksum"] = r.ContentSha256Header,
                ["uriEscapePath"] = r.EscapePath,
            });
        }

        var input = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sigv4-{Guid.NewGuid():N}.json");
        File.WriteAllText(input, array.ToJsonString());
        try
        {
            RequireSmithy();
            var output = JsonNode.Parse(InteropNode.Run("sign-sigv4.mjs", input))!.AsArray();
            return output.Select(o => new SmithyResult(
                o!["id"]!.GetValue<string>(),
                o["canonicalRequest"]!.GetValue<string>(),
                o["stringToSign"]!.GetValue<string>(),
                o["signature"]!.GetValue<string>(),
                o["headers"]!.AsObject().ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value!.GetValue<string>()),
                o["query"]!.AsObject())).ToList();
        }
        finally
        {
            File.Delete(input);
        }
    }

    public static SmithyResult Sign(SmithyRequest request) => Sign([request]).Single();

    private static JsonArray Append(JsonArray values, string value)
    {
        values.Add(value);
        return values;
    }

    private static void RequireSmithy()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var interop = System.IO.Path.Combine(dir.FullName, "tests", "interop");
            if (File.Exists(System.IO.Path.Combine(interop, "package.json")))
            {
                if (!File.Exists(System.IO.Path.Combine(interop, "node_modules", "@smithy", "signature-v4", "package.json")))
                {
                    Assert.Fail($"the npm package '@smithy/signature-v4' is missing from {interop}/node_modules: run npm ci in tests/interop (test.sh does this before dotnet test)");
                }

                return;
            }
        }
    }
}
