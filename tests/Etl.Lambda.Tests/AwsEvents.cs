using System.Text.Json;
using System.Text.Json.Nodes;

namespace Etl.Lambda.Tests;

/// <summary>The sample events of tests/data/aws-events, and events of the same shapes built for the product's routes.</summary>
public static class AwsEvents
{
    public static JsonObject Sample(string fileName) =>
        JsonNode.Parse(File.ReadAllText(TestFiles.In("aws-events", fileName)))!.AsObject();

    /// <summary>
    /// The wire format of an event whose keys a .NET tool wrote in PascalCase: every object key with its first letter
    /// lower-cased (the real service sends camelCase), header names included (they are case-insensitive).
    /// </summary>
    public static JsonNode? CamelCaseKeys(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(
            p.Key.Length > 0 ? char.ToLowerInvariant(p.Key[0]) + p.Key[1..] : p.Key, CamelCaseKeys(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(CamelCaseKeys)]),
        null => null,
        _ => node.DeepClone(),
    };

    /// <summary>An HTTP API 2.0 event as API Gateway sends it for a request to the $default stage.</summary>
    public static JsonObject HttpApiV2(string method, string path, string? query = null, byte[]? body = null, string? contentType = null,
        string stage = "$default", string? routeKey = null, IReadOnlyDictionary<string, string>? pathParameters = null)
    {
        var headers = new JsonObject
        {
            ["host"] = "abc123.execute-api.us-east-1.amazonaws.com",
            ["user-agent"] = "etl-tests",
            ["x-forwarded-proto"] = "https",
        };
        if (contentType is not null)
        {
            headers["content-type"] = contentType;
        }

        if (body is not null)
        {
            headers["content-length"] = body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var rawPath = stage == "$default" ? path : $"/{stage}{path}";
        var e = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = routeKey ?? "$default",
            ["rawPath"] = rawPath,
            ["rawQueryString"] = query ?? string.Empty,
            ["headers"] = headers,
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "123456789012",
                ["apiId"] = "abc123",
                ["domainName"] = "abc123.execute-api.us-east-1.amazonaws.com",
                ["http"] = new JsonObject
                {
                    ["method"] = method,
                    ["path"] = rawPath,
                    ["protocol"] = "HTTP/1.1",
                    ["sourceIp"] = "203.0.113.7",
                    ["userAgent"] = "etl-tests",
                },
                ["requestId"] = Guid.NewGuid().ToString("N")[..16],
                ["routeKey"] = routeKey ?? "$default",
                ["stage"] = stage,
                ["timeEpoch"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            },
            ["isBase64Encoded"] = body is not null,
        };
        if (body is not null)
        {
            e["body"] = Convert.ToBase64String(body);
        }

        if (pathParameters is not null)
        {
            e["pathParameters"] = new JsonObject(pathParameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }

        return e;
    }

    public static JsonObject HttpApiV2Json(string method, string path, string json) =>
        HttpApiV2(method, path, body: System.Text.Encoding.UTF8.GetBytes(json), contentType: "application/json");

    /// <summary>A REST API (1.0) proxy event: multi-value headers, the body as text unless binary.</summary>
    public static JsonObject RestApiV1(string method, string path, byte[]? body = null, string? contentType = null, bool base64 = true, string stage = "prod")
    {
        var headers = new Dictionary<string, string> { ["Host"] = "abc123.execute-api.us-east-1.amazonaws.com", ["X-Forwarded-Proto"] = "https" };
        if (contentType is not null)
        {
            headers["Content-Type"] = contentType;
        }

        return new JsonObject
        {
            ["resource"] = "/{proxy+}",
            ["path"] = path,
            ["httpMethod"] = method,
            ["headers"] = new JsonObject(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))),
            ["multiValueHeaders"] = new JsonObject(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)new JsonArray(h.Value)))),
            ["queryStringParameters"] = null,
            ["multiValueQueryStringParameters"] = null,
            ["pathParameters"] = new JsonObject { ["proxy"] = path.TrimStart('/') },
            ["requestContext"] = new JsonObject
            {
                ["stage"] = stage,
                ["requestId"] = Guid.NewGuid().ToString(),
                ["path"] = $"/{stage}{path}",
                ["httpMethod"] = method,
                ["identity"] = new JsonObject { ["sourceIp"] = "203.0.113.8" },
            },
            ["body"] = body is null ? null : base64 ? Convert.ToBase64String(body) : System.Text.Encoding.UTF8.GetString(body),
            ["isBase64Encoded"] = body is not null && base64,
        };
    }

    public static JsonElement BodyJson(JsonElement proxyResponse) =>
        JsonDocument.Parse(BodyBytes(proxyResponse)).RootElement;

    public static byte[] BodyBytes(JsonElement proxyResponse)
    {
        var body = proxyResponse.GetProperty("body").GetString() ?? string.Empty;
        return proxyResponse.GetProperty("isBase64Encoded").GetBoolean()
            ? Convert.FromBase64String(body)
            : System.Text.Encoding.UTF8.GetBytes(body);
    }
}
