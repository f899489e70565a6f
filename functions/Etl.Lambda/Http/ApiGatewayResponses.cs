using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Etl.Lambda.Http;

/// <summary><see cref="BridgeResponse"/> → the proxy response shapes. Text bodies go as text, anything else base64.</summary>
public static class ApiGatewayResponses
{
    public static HttpApiV2Response ToHttpApiV2(BridgeResponse response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        List<string>? cookies = null;
        foreach (var (name, values) in response.Headers)
        {
            if (string.Equals(name, HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase))
            {
                cookies ??= [];
                cookies.AddRange(values.Where(v => v is not null)!);
            }
            else
            {
                headers[name] = string.Join(",", values.ToArray());
            }
        }

        var (body, base64) = Body(response);
        return new HttpApiV2Response(response.StatusCode, headers, cookies?.ToArray(), body, base64);
    }

    public static RestApiV1Response ToRestApiV1(BridgeResponse response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var multi = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers)
        {
            var list = values.Where(v => v is not null).ToArray();
            multi[name] = list!;
            if (list.Length == 1)
            {
                headers[name] = list[0]!;
            }
        }

        var (body, base64) = Body(response);
        return new RestApiV1Response(response.StatusCode, headers, multi, body, base64);
    }

    /// <summary>A problem document the bridge answers itself, when the event cannot become a request.</summary>
    public static BridgeResponse Problem(int status, string title, string detail)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }

        var json = buffer.WrittenMemory;
        IHeaderDictionary headers = new HeaderDictionary { ["Content-Type"] = "application/problem+json" };
        headers.ContentLength = json.Length;
        return new BridgeResponse(status, headers, json);
    }

    private static (string Body, bool Base64) Body(BridgeResponse response)
    {
        if (response.Body.IsEmpty)
        {
            return (string.Empty, false);
        }

        return IsText(response.Headers)
            ? (System.Text.Encoding.UTF8.GetString(response.Body.Span), false)
            : (Convert.ToBase64String(response.Body.Span), true);
    }

    /// <summary>Whether a body is text API Gateway may carry as a string: a textual type and no content coding.</summary>
    public static bool IsText(IHeaderDictionary headers)
    {
        if (headers.ContainsKey(HeaderNames.ContentEncoding) || !MediaTypeHeaderValue.TryParse(headers.ContentType.ToString(), out var type))
        {
            return false;
        }

        var media = type.MediaType.Value ?? string.Empty;
        return media.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("xml", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/javascript", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || media.Equals("application/yaml", StringComparison.OrdinalIgnoreCase);
    }
}
