using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Etl.Lambda.Tests;

/// <summary>
/// API Gateway events (the captured samples and variants of them) through the bridge into ASP.NET Core: what the
/// application sees of each, and what the proxy response looks like.
/// </summary>
public sealed class ApiGatewayBridgeTests : IAsyncLifetime
{
    private static readonly byte[] AllBytes = [.. Enumerable.Range(0, 256).Select(i => (byte)i)];
    private BridgeUnderTest _bridge = null!;

    public async Task InitializeAsync() => _bridge = await BridgeUnderTest.StartAsync(MapEchoEndpoints);

    public async Task DisposeAsync() => await _bridge.DisposeAsync();

    [Fact]
    public async Task HTTP_API_sample_with_repeated_query_keys_reaches_the_application_with_each_value()
    {
        var response = await _bridge.SendAsync(AwsEvents.Sample("httpapi-v2-get-proxy-path-param.json"));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.False(response.GetProperty("isBase64Encoded").GetBoolean());
        Assert.False(response.TryGetProperty("multiValueHeaders", out _)); // the 2.0 shape, not the REST one
        var echo = AwsEvents.BodyJson(response);
        Assert.Equal("GET", echo.GetProperty("method").GetString());
        Assert.Equal("/api/querystring", echo.GetProperty("path").GetString());
        Assert.Equal("", echo.GetProperty("pathBase").GetString());
        Assert.Equal(["value1", "value2"], Strings(echo.GetProperty("query").GetProperty("mv-test")));
        Assert.Equal(["Lewis"], Strings(echo.GetProperty("query").GetProperty("firstName")));
        Assert.Equal("/api/querystring?firstName=Lewis&lastName=Meriwether&mv-test=value1&mv-test=value2", echo.GetProperty("rawTarget").GetString());
        Assert.Equal("uo9pe23ec6.execute-api.us-east-1.amazonaws.com", Header(echo, "Host"));
        Assert.Equal("https", echo.GetProperty("scheme").GetString());
        Assert.Equal("192.182.149.40", echo.GetProperty("remoteIp").GetString());
        Assert.Equal("J62m0g3MoAMEPAg=", echo.GetProperty("traceIdentifier").GetString());
    }

    [Fact]
    public async Task HTTP_API_PascalCase_sample_after_key_conversion_delivers_its_base64_body_as_bytes()
    {
        var e = AwsEvents.CamelCaseKeys(AwsEvents.Sample("httpapi-v2-post-base64-binary.pascalcase.json"))!;

        var echo = AwsEvents.BodyJson(await _bridge.SendAsync(e));

        Assert.Equal("POST", echo.GetProperty("method").GetString());
        Assert.Equal("/test11/api/users/123/avatar", echo.GetProperty("path").GetString());
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, Convert.FromBase64String(echo.GetProperty("body").GetString()!));
        Assert.Equal("application/octet-stream", Header(echo, "Content-Type"));
        Assert.Equal(5, echo.GetProperty("contentLength").GetInt64());
    }

    [Fact]
    public async Task The_PascalCase_sample_as_written_is_not_an_API_Gateway_event()
    {
        var outcome = await _bridge.Api.InvokeAsync(AwsEvents.Sample("httpapi-v2-post-base64-binary.pascalcase.json").ToJsonString());

        Assert.True(outcome.IsError);
        Assert.Equal("UnrecognizedEvent", outcome.ErrorType);
    }

    [Fact]
    public async Task HTTP_API_cookies_array_becomes_one_Cookie_header_and_comma_joined_query_values_stay_separate()
    {
        var e = AwsEvents.Sample("httpapi-v2-post-cookies-jwt-authorizer.json");
        // The sample's body is not base64 although it says so (see the README): read it as the text it is.
        e["isBase64Encoded"] = false;

        var echo = AwsEvents.BodyJson(await _bridge.SendAsync(e));

        Assert.Equal("cookie1; cookie2", Header(echo, "Cookie"));
        Assert.Equal(["value1", "value2"], Strings(echo.GetProperty("query").GetProperty("parameter1")));
        Assert.Equal("value1", Header(echo, "Header1"));
        Assert.Equal("Hello from Lambda", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(echo.GetProperty("body").GetString()!)));
        Assert.Equal("/my/path", echo.GetProperty("path").GetString());
    }

    [Fact]
    public async Task A_body_marked_base64_that_is_not_base64_is_a_400_problem_not_a_function_error()
    {
        var response = await _bridge.SendAsync(AwsEvents.Sample("httpapi-v2-post-cookies-jwt-authorizer.json"));

        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/problem+json", response.GetProperty("headers").GetProperty("Content-Type").GetString());
        Assert.Contains("not valid base64", AwsEvents.BodyJson(response).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task REST_API_sample_keeps_multi_value_headers_and_query_and_answers_in_the_REST_shape()
    {
        var response = await _bridge.SendAsync(AwsEvents.Sample("restapi-v1-proxy-post.json"));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/json; charset=utf-8", Strings(response.GetProperty("multiValueHeaders").GetProperty("Content-Type")).Single());
        var echo = AwsEvents.BodyJson(response);
        Assert.Equal("POST", echo.GetProperty("method").GetString());
        Assert.Equal("/hello/world", echo.GetProperty("path").GetString());
        Assert.Equal(["me"], Strings(echo.GetProperty("query").GetProperty("name")));
        Assert.Equal("headerValue", Header(echo, "headerName"));
        Assert.Equal("54.240.196.186, 54.182.214.83", Header(echo, "X-Forwarded-For"));
        Assert.Equal("{\r\n\t\"a\": 1\r\n}", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(echo.GetProperty("body").GetString()!)));
        Assert.Equal("192.168.196.186", echo.GetProperty("remoteIp").GetString());
    }

    [Fact]
    public async Task REST_API_repeated_headers_and_query_values_arrive_as_separate_values()
    {
        var e = AwsEvents.Sample("restapi-v1-proxy-post.json");
        e["multiValueHeaders"]!["Accept"] = new JsonArray("text/plain", "application/json");
        e["multiValueQueryStringParameters"] = new JsonObject { ["tag"] = new JsonArray("a b", "c&d") };

        var echo = AwsEvents.BodyJson(await _bridge.SendAsync(e));

        Assert.Equal(["text/plain", "application/json"], Strings(echo.GetProperty("headers").GetProperty("Accept")));
        Assert.Equal(["a b", "c&d"], Strings(echo.GetProperty("query").GetProperty("tag")));
    }

    [Fact]
    public async Task A_stage_prefix_moves_from_the_path_to_PathBase_in_both_formats()
    {
        var rest = AwsEvents.Sample("restapi-v1-proxy-post.json");
        rest["path"] = "/testStage/hello/world";
        var http = AwsEvents.HttpApiV2("GET", "/api/items", stage: "prod");

        var restEcho = AwsEvents.BodyJson(await _bridge.SendAsync(rest));
        var httpEcho = AwsEvents.BodyJson(await _bridge.SendAsync(http));

        Assert.Equal("/testStage", restEcho.GetProperty("pathBase").GetString());
        Assert.Equal("/hello/world", restEcho.GetProperty("path").GetString());
        Assert.Equal("/prod", httpEcho.GetProperty("pathBase").GetString());
        Assert.Equal("/api/items", httpEcho.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Path_parameters_and_an_encoded_raw_path_route_as_under_Kestrel()
    {
        var e = AwsEvents.HttpApiV2("GET", "/items/a%20b", routeKey: "GET /items/{id}",
            pathParameters: new Dictionary<string, string> { ["id"] = "a b" });

        var echo = AwsEvents.BodyJson(await _bridge.SendAsync(e));

        Assert.Equal("a b", echo.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_binary_response_is_base64_encoded_in_both_shapes()
    {
        var http = await _bridge.SendAsync(AwsEvents.HttpApiV2("GET", "/binary"));
        var rest = await _bridge.SendAsync(AwsEvents.RestApiV1("GET", "/binary"));

        foreach (var response in new[] { http, rest })
        {
            Assert.True(response.GetProperty("isBase64Encoded").GetBoolean());
            Assert.Equal(AllBytes, AwsEvents.BodyBytes(response));
        }
    }

    [Fact]
    public async Task The_application_answering_the_sample_response_gives_that_HTTP_API_response()
    {
        var expected = AwsEvents.Sample("httpapi-v2-style-response.json");

        var actual = await _bridge.SendAsync(AwsEvents.HttpApiV2("GET", "/sample-response"));

        Assert.Equal(expected["statusCode"]!.GetValue<int>(), actual.GetProperty("statusCode").GetInt32());
        Assert.Equal(expected["body"]!.GetValue<string>(), actual.GetProperty("body").GetString());
        Assert.Equal(expected["isBase64Encoded"]!.GetValue<bool>(), actual.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(expected["cookies"]!.AsArray().Select(c => c!.GetValue<string>()), Strings(actual.GetProperty("cookies")));
        foreach (var (name, value) in expected["headers"]!.AsObject())
        {
            Assert.Equal(value!.GetValue<string>(), actual.GetProperty("headers").GetProperty(name).GetString());
        }

        Assert.False(actual.GetProperty("headers").TryGetProperty("Set-Cookie", out _));
    }

    [Fact]
    public async Task In_the_REST_shape_each_cookie_is_its_own_Set_Cookie_value()
    {
        var actual = await _bridge.SendAsync(AwsEvents.RestApiV1("GET", "/sample-response"));

        Assert.Equal(2, actual.GetProperty("multiValueHeaders").GetProperty("Set-Cookie").GetArrayLength());
        Assert.Equal("Custom Value", actual.GetProperty("headers").GetProperty("My-Custom-Header").GetString());
    }

    private static void MapEchoEndpoints(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/binary", () => Results.Bytes(AllBytes, "application/octet-stream"));
        routes.MapGet("/items/{id}", (string id) => Results.Json(new { id }));
        routes.MapGet("/sample-response", (HttpContext context) =>
        {
            var sample = AwsEvents.Sample("httpapi-v2-style-response.json");
            context.Response.Headers["My-Custom-Header"] = "Custom Value";
            context.Response.Headers.Append("Set-Cookie", sample["cookies"]![0]!.GetValue<string>());
            context.Response.Headers.Append("Set-Cookie", sample["cookies"]![1]!.GetValue<string>());
            return Results.Text(sample["body"]!.GetValue<string>(), "application/json", statusCode: 201);
        });
        routes.Map("/{**rest}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var request = context.Request;
            return Results.Json(new
            {
                method = request.Method,
                scheme = request.Scheme,
                pathBase = request.PathBase.Value ?? "",
                path = request.Path.Value,
                rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToArray()),
                headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToArray()),
                contentLength = request.ContentLength,
                body = Convert.ToBase64String(body.ToArray()),
                remoteIp = context.Connection.RemoteIpAddress?.ToString(),
                traceIdentifier = context.TraceIdentifier,
            });
        });
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString() ?? "")];

    private static string? Header(JsonElement echo, string name)
    {
        foreach (var header in echo.GetProperty("headers").EnumerateObject())
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return string.Join(",", Strings(header.Value));
            }
        }

        return null;
    }
}
