using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Etl.Api.Http;

/// <summary>
/// Reads a small JSON request body ourselves, so a malformed body gets a problem document that says what is wrong
/// instead of the framework's bare 400: invalid JSON (where), not an object, or a field of the wrong type (which field,
/// what it must be). Numbers must be JSON numbers: "size": "12" is refused, not read as 12.
/// </summary>
internal static class JsonBody
{
    private const int MaxBytes = 64 * 1024;

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.UnsupportedType("Send the body as JSON with Content-Type: application/json."));
        }

        var tooLarge = Problems.TooLarge($"The JSON body is larger than {MaxBytes} bytes; request bodies here are small JSON objects.");
        if (request.ContentLength > MaxBytes)
        {
            return (null, tooLarge);
        }

        byte[]? body;
        try
        {
            body = await ReadBoundedAsync(request.Body, cancellationToken);
        }
        catch (IOException)
        {
            return (null, Problems.BadRequest("The body ended before its announced length (Content-Length) was reached. Send the whole body again."));
        }

        if (body is null)
        {
            return (null, tooLarge);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return (null, NotJson(ex));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.BadRequest($"The body is a JSON {Describe(document.RootElement.ValueKind)}; send a JSON object."));
            }

            var options = Strict(request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions);
            var typeInfo = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            foreach (var field in document.RootElement.EnumerateObject())
            {
                if (Find(typeInfo, field.Name) is { } property && WrongType(property, field.Value) is { } expected)
                {
                    return (null, Problems.BadRequest(
                        $"{property.Name} must be {expected}, but the body has a {Describe(field.Value.ValueKind)} there."));
                }
            }

            try
            {
                return (document.Deserialize(typeInfo)!, null);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // What the checks above let through: a string with a broken \uD800 escape, a number out of range.
                return (null, Problems.BadRequest($"The body is not valid JSON for this request: {Problems.Quote(ex.Message.Split(". ")[0])}."));
            }
        }
    }

    // The body, or null when it is longer than MaxBytes (a body without Content-Length is cut off there, not read to its end).
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxBytes + 1];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return length > MaxBytes ? null : buffer[..length];
    }

    private static ProblemHttpResult NotJson(JsonException ex)
    {
        var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : string.Empty;
        return Problems.BadRequest($"The body is not valid JSON{where}: {Problems.Quote(ex.Message.Split(". ")[0])}.");
    }

    private static JsonPropertyInfo? Find(JsonTypeInfo typeInfo, string name)
    {
        foreach (var property in typeInfo.Properties)
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property;
            }
        }

        return null;
    }

    // Null when the value fits the property; otherwise what the property must be, in words.
    private static string? WrongType(JsonPropertyInfo property, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(string))
        {
            return value.ValueKind == JsonValueKind.String ? null : "a string";
        }

        if (type == typeof(long) || type == typeof(int))
        {
            return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _) ? null : "a number (a whole number, e.g. 1048576)";
        }

        if (type == typeof(bool))
        {
            return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "true or false";
        }

        return null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> StrictOptions = new();

    // The host's options (names, case-insensitivity, resolvers: the contracts' come first, see EtlApi.AddEtlApi)
    // without the web default of reading numbers from strings.
    private static JsonSerializerOptions Strict(JsonSerializerOptions options) => StrictOptions.GetValue(options, o =>
    {
        var strict = new JsonSerializerOptions(o) { NumberHandling = JsonNumberHandling.Strict };
        strict.MakeReadOnly();
        return strict;
    });
}
