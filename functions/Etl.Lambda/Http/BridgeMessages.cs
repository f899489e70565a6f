using Microsoft.AspNetCore.Http;

namespace Etl.Lambda.Http;

/// <summary>An HTTP request as the bridge hands it to ASP.NET Core, whichever event format it came in.</summary>
/// <param name="Path">Decoded path, without the stage prefix.</param>
/// <param name="PathBase">The stripped stage prefix ("/prod"), or empty.</param>
/// <param name="QueryString">Encoded query without '?', or empty.</param>
/// <param name="RawTarget">The request target as sent (encoded path and query).</param>
public sealed record BridgeRequest(
    string Method,
    PathString PathBase,
    PathString Path,
    string QueryString,
    string RawTarget,
    IHeaderDictionary Headers,
    byte[] Body,
    string Scheme,
    string Protocol,
    string? RemoteAddress,
    string? TraceIdentifier);

/// <summary>What the application answered.</summary>
public sealed record BridgeResponse(int StatusCode, IHeaderDictionary Headers, ReadOnlyMemory<byte> Body);
