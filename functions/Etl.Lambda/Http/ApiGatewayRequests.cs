using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Etl.Lambda.Http;

/// <summary>
/// API Gateway proxy events → <see cref="BridgeRequest"/>. HTTP API 2.0: rawPath and rawQueryString as sent,
/// headers already comma-joined, cookies back into one Cookie header. REST API 1.0: multi-value headers and query
/// parameters win over their single-value twins. Both: a non-default stage's prefix moves from the path to PathBase,
/// base64 bodies are decoded, Content-Length is the decoded body's length.
/// </summary>
public static class ApiGatewayRequests
{
    public static BridgeRequest FromHttpApiV2(ApiGatewayRequest e)
    {
        var http = e.RequestContext!.Http!;
        IHeaderDictionary headers = new HeaderDictionary();
        AddSingleValues(headers, e.Headers);
        if (e.Cookies is { Length: > 0 } cookies)
        {
            var existing = headers.Cookie;
            headers.Cookie = StringValues.IsNullOrEmpty(existing)
                ? string.Join("; ", cookies)
                : string.Join("; ", [.. existing.ToArray(), .. cookies]);
        }

        var rawPath = string.IsNullOrEmpty(e.RawPath) ? http.Path ?? "/" : e.RawPath;
        var (pathBase, path) = SplitStage(PathString.FromUriComponent(EnsureRooted(rawPath)), e.RequestContext.Stage);
        var query = e.RawQueryString ?? string.Empty;
        return Create(http.Method!, pathBase, path, query, headers, e, http.Protocol ?? e.RequestContext.Protocol, http.SourceIp);
    }

    public static BridgeRequest FromRestApiV1(ApiGatewayRequest e)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        if (e.MultiValueHeaders is { Count: > 0 } multi)
        {
            foreach (var (name, values) in multi)
            {
                if (values is not null)
                {
                    headers[name] = new StringValues([.. values.Where(v => v is not null)]);
                }
            }
        }
        else
        {
            AddSingleValues(headers, e.Headers);
        }

        // REST API gives the path decoded.
        var (pathBase, path) = SplitStage(new PathString(EnsureRooted(e.Path ?? "/")), e.RequestContext?.Stage);
        var query = e.MultiValueQueryStringParameters is { Count: > 0 } multiQuery
            ? Query(multiQuery.SelectMany(p => (p.Value ?? []).Select(v => (p.Key, v))))
            : Query((e.QueryStringParameters ?? []).Select(p => (p.Key, p.Value)));
        return Create(e.HttpMethod!, pathBase, path, query, headers, e, e.RequestContext?.Protocol, e.RequestContext?.Identity?.SourceIp);
    }

    private static BridgeRequest Create(string method, PathString pathBase, PathString path, string query, IHeaderDictionary headers,
        ApiGatewayRequest e, string? protocol, string? sourceIp)
    {
        var body = Body(e);
        if (body.Length > 0 || headers.ContainsKey("Content-Length"))
        {
            headers.ContentLength = body.Length;
        }

        if (!headers.ContainsKey("Host") && e.RequestContext?.DomainName is { Length: > 0 } domain)
        {
            headers.Host = domain;
        }

        var scheme = headers.TryGetValue("X-Forwarded-Proto", out var proto) && proto.Count > 0 && !string.IsNullOrEmpty(proto[0])
            ? proto[0]!.Split(',')[0].Trim()
            : "https";
        var target = (pathBase + path).ToUriComponent() + (query.Length > 0 ? "?" + query : string.Empty);
        return new BridgeRequest(method.ToUpperInvariant(), pathBase, path, query, target, headers, body, scheme,
            protocol ?? "HTTP/1.1", sourceIp, e.RequestContext?.RequestId);
    }

    private static byte[] Body(ApiGatewayRequest e)
    {
        if (string.IsNullOrEmpty(e.Body))
        {
            return [];
        }

        if (!e.IsBase64Encoded)
        {
            return Encoding.UTF8.GetBytes(e.Body);
        }

        var bytes = new byte[e.Body.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(e.Body, bytes, out var written)
            ? bytes[..written]
            : throw new MalformedEventException(
                "The request body is marked isBase64Encoded but is not valid base64. API Gateway encodes binary bodies itself; "
                + "a client calling the function directly must base64-encode the body or set isBase64Encoded to false.");
    }

    private static void AddSingleValues(IHeaderDictionary headers, Dictionary<string, string?>? values)
    {
        if (values is null)
        {
            return;
        }

        foreach (var (name, value) in values)
        {
            if (value is not null)
            {
                headers.Append(name, value);
            }
        }
    }

    // A stage other than $default is the first path segment (HTTP API rawPath; REST API behind a base-path mapping):
    // the application's routes start after it, and PathBase keeps it for links the application builds.
    private static (PathString PathBase, PathString Path) SplitStage(PathString path, string? stage)
    {
        if (string.IsNullOrEmpty(stage) || stage == "$default")
        {
            return (PathString.Empty, path);
        }

        return path.StartsWithSegments("/" + stage, StringComparison.Ordinal, out var rest)
            ? (new PathString("/" + stage), rest.HasValue ? rest : new PathString("/"))
            : (PathString.Empty, path);
    }

    private static string EnsureRooted(string path) => path.StartsWith('/') ? path : "/" + path;

    private static string Query(IEnumerable<(string Key, string? Value)> pairs)
    {
        var query = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            if (query.Length > 0)
            {
                query.Append('&');
            }

            query.Append(Uri.EscapeDataString(key));
            if (value is not null)
            {
                query.Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        return query.ToString();
    }
}

/// <summary>The event cannot be turned into a request (answered 400, never a Lambda error).</summary>
public sealed class MalformedEventException(string message) : Exception(message);
