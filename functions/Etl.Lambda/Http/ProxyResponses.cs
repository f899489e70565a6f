namespace Etl.Lambda.Http;

/// <summary>The HTTP API 2.0 response: each Set-Cookie in <see cref="Cookies"/>, other headers comma-joined.</summary>
public sealed record HttpApiV2Response(
    int StatusCode,
    Dictionary<string, string> Headers,
    string[]? Cookies,
    string Body,
    bool IsBase64Encoded);

/// <summary>The REST API proxy response: every header in <see cref="MultiValueHeaders"/>, single-valued ones also in <see cref="Headers"/>.</summary>
public sealed record RestApiV1Response(
    int StatusCode,
    Dictionary<string, string> Headers,
    Dictionary<string, string[]> MultiValueHeaders,
    string Body,
    bool IsBase64Encoded);
