using System.Text;
using System.Text.Json;

namespace Etl.Aws.Tests.SigV4;

/// <summary>
/// One case folder of tests/data/aws-sigv4 (aws-c-auth's signing test suite): the unsigned request, its signing
/// parameters and the expected results of header and query signing. See that folder's README for the format.
/// </summary>
public sealed record SigV4Vector
{
    public required string Name { get; init; }

    public required string Method { get; init; }

    public required string Host { get; init; }

    /// <summary>The path as sent: may hold raw spaces and raw UTF-8, which the signer encodes.</summary>
    public required string Path { get; init; }

    /// <summary>The raw query string after '?', or empty.</summary>
    public required string Query { get; init; }

    /// <summary>Headers in the order sent; a repeated name is joined with commas and a folded value unfolded, as HTTP reads them.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    public required byte[] Body { get; init; }

    public required string AccessKey { get; init; }

    public required string SecretKey { get; init; }

    public string? SessionToken { get; init; }

    /// <summary>The token is added after signing (post-sts-header-after): not part of the signature.</summary>
    public bool OmitSessionToken { get; init; }

    public required string Region { get; init; }

    public required string Service { get; init; }

    public required DateTime SignedAt { get; init; }

    public required int ExpiresSeconds { get; init; }

    public required bool Normalize { get; init; }

    public required bool SignBody { get; init; }

    public static string Folder => TestFiles.In("aws-sigv4");

    public static IEnumerable<string> Names() =>
        Directory.GetDirectories(Folder).Where(d => File.Exists(System.IO.Path.Combine(d, "request.txt")))
            .Select(d => System.IO.Path.GetFileName(d)!).Order(StringComparer.Ordinal);

    public string Expected(string file) => File.ReadAllText(System.IO.Path.Combine(Folder, Name, file), Encoding.UTF8);

    /// <summary>The headers and query parameters of an expected *-signed-request.txt, as "name:value" / "name=value" sets.</summary>
    public (HashSet<string> Headers, HashSet<string> Query) ExpectedSignedRequest(string mode)
    {
        var lines = Expected($"{mode}-signed-request.txt").Split('\n');
        var target = lines[0][(lines[0].IndexOf(' ') + 1)..lines[0].LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var query = target.Contains('?') ? target[(target.IndexOf('?') + 1)..].Split('&').ToHashSet(StringComparer.Ordinal) : [];
        var headers = lines.Skip(1).TakeWhile(l => l.Length > 0).ToHashSet(StringComparer.Ordinal);
        return (headers, query);
    }

    public static SigV4Vector Load(string name)
    {
        var folder = System.IO.Path.Combine(Folder, name);
        var text = File.ReadAllText(System.IO.Path.Combine(folder, "request.txt"), Encoding.UTF8);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text.TrimEnd('\n') : text[..split];
        var body = split < 0 ? string.Empty : text[(split + 2)..];
        var lines = head.Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ')];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var question = target.IndexOf('?');

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && line[0] is ' ' or '\t')
            {
                // An obsolete line fold: HTTP reads it as a space; the signer then collapses the run of spaces.
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + line);
                continue;
            }

            var colon = line.IndexOf(':');
            var (headerName, value) = (line[..colon], line[(colon + 1)..]);
            var same = headers.FindIndex(h => h.Key.Equals(headerName, StringComparison.OrdinalIgnoreCase));
            if (same >= 0)
            {
                headers[same] = new(headers[same].Key, headers[same].Value + "," + value);
            }
            else
            {
                headers.Add(new(headerName, value));
            }
        }

        using var context = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(folder, "context.json")));
        var root = context.RootElement;
        var credentials = root.GetProperty("credentials");
        return new SigV4Vector
        {
            Name = name,
            Method = method,
            Host = headers.Single(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)).Value,
            Path = question < 0 ? target : target[..question],
            Query = question < 0 ? string.Empty : target[(question + 1)..],
            Headers = headers,
            Body = Encoding.UTF8.GetBytes(body),
            AccessKey = credentials.GetProperty("access_key_id").GetString()!,
            SecretKey = credentials.GetProperty("secret_access_key").GetString()!,
            SessionToken = credentials.TryGetProperty("token", out var token) ? token.GetString() : null,
            OmitSessionToken = root.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean(),
            Region = root.GetProperty("region").GetString()!,
            Service = root.GetProperty("service").GetString()!,
            SignedAt = root.GetProperty("timestamp").GetDateTime().ToUniversalTime(),
            ExpiresSeconds = root.GetProperty("expiration_in_seconds").GetInt32(),
            Normalize = root.GetProperty("normalize").GetBoolean(),
            SignBody = root.GetProperty("sign_body").GetBoolean(),
        };
    }

    /// <summary>The query as decoded name/value pairs in the order sent (a name without '=' has the empty value).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryParameters() =>
        Query.Length == 0
            ? []
            : Query.Split('&').Select(p => p.IndexOf('=') is var eq && eq < 0
                ? new KeyValuePair<string, string>(Uri.UnescapeDataString(p), string.Empty)
                : new KeyValuePair<string, string>(Uri.UnescapeDataString(p[..eq]), Uri.UnescapeDataString(p[(eq + 1)..]))).ToList();

    /// <summary>The session token the signature covers: none when the case adds it after signing.</summary>
    public string? SignedSessionToken => OmitSessionToken ? null : SessionToken;

    public override string ToString() => Name;
}
