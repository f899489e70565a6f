using System.Text;

namespace Etl.Api.Tests.Fuzzing;

/// <summary>
/// One generated request. <see cref="Raw"/> requests are written byte for byte to a socket (protocol-level garbage an
/// HTTP client would refuse to produce); the others go through HttpClient.
/// </summary>
public sealed record FuzzRequest(string Kind, string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body)
{
    /// <summary>Bytes to write to the connection as they are, instead of Method/Target/Headers/Body.</summary>
    public byte[]? Raw { get; init; }

    /// <summary>The raw bytes stop before the request does (a body shorter than its length): close the sending side after them.</summary>
    public bool EndsEarly { get; init; }

    /// <summary>Send the body with chunked transfer encoding instead of Content-Length.</summary>
    public bool Chunked { get; init; }

    public override string ToString()
    {
        if (Raw is not null)
        {
            return $"[{Kind}] raw {Raw.Length} bytes: {Printable(Raw.AsSpan(0, Math.Min(160, Raw.Length)))}";
        }

        var headers = string.Join("; ", Headers.Select(h => $"{h.Key}: {Clip(h.Value, 60)}"));
        var body = Body is null ? "no body" : $"{Body.Length} bytes: {Printable(Body.AsSpan(0, Math.Min(120, Body.Length)))}";
        return $"[{Kind}] {Method} {Clip(Target, 160)} | {headers} | {(Chunked ? "chunked, " : string.Empty)}{body}";
    }

    private static string Clip(string value, int length) => value.Length <= length ? value : value[..length] + $"…({value.Length})";

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is >= ' ' and < '\u007F' ? c.ToString() : c == '\r' ? "\\r" : c == '\n' ? "\\n" : $"\\u{(int)c:X4}");
        }

        return builder.ToString();
    }
}
