namespace Etl.Lambda.Http;

/// <summary>
/// An API Gateway proxy event, either payload format: HTTP API 2.0 (<see cref="Version"/> "2.0", rawPath,
/// rawQueryString, cookies) or REST API 1.0 (httpMethod, path, multiValueHeaders, multiValueQueryStringParameters).
/// Only the fields the bridge uses are read; authorizer, identity and the rest stay in the event.
/// </summary>
public sealed class ApiGatewayRequest
{
    public string? Version { get; set; }

    public string? RouteKey { get; set; }

    public string? RawPath { get; set; }

    public string? RawQueryString { get; set; }

    public string[]? Cookies { get; set; }

    public string? Resource { get; set; }

    public string? Path { get; set; }

    public string? HttpMethod { get; set; }

    public Dictionary<string, string?>? Headers { get; set; }

    public Dictionary<string, string?[]?>? MultiValueHeaders { get; set; }

    public Dictionary<string, string?>? QueryStringParameters { get; set; }

    public Dictionary<string, string?[]?>? MultiValueQueryStringParameters { get; set; }

    public Dictionary<string, string?>? PathParameters { get; set; }

    public Dictionary<string, string?>? StageVariables { get; set; }

    public ApiGatewayRequestContext? RequestContext { get; set; }

    public string? Body { get; set; }

    public bool IsBase64Encoded { get; set; }

    /// <summary>HTTP API payload 2.0.</summary>
    public bool IsHttpApiV2 => Version == "2.0" && RequestContext?.Http?.Method is not null;

    /// <summary>REST API (payload 1.0).</summary>
    public bool IsRestApiV1 => !IsHttpApiV2 && HttpMethod is not null;
}

public sealed class ApiGatewayRequestContext
{
    public string? RequestId { get; set; }

    public string? Stage { get; set; }

    public string? DomainName { get; set; }

    public string? Protocol { get; set; }

    /// <summary>HTTP API 2.0: method, path, protocol, source address.</summary>
    public ApiGatewayHttpDescription? Http { get; set; }

    /// <summary>REST API 1.0: the caller's identity, of which the bridge reads the source address.</summary>
    public ApiGatewayIdentity? Identity { get; set; }
}

public sealed class ApiGatewayHttpDescription
{
    public string? Method { get; set; }

    public string? Path { get; set; }

    public string? Protocol { get; set; }

    public string? SourceIp { get; set; }
}

public sealed class ApiGatewayIdentity
{
    public string? SourceIp { get; set; }
}
