using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Etl.Api.Http;

/// <summary>
/// Reads a small JSON request body ourselves, so a malformed body gets a problem document that says what is wrong
/// instead of the framework's bare 400.
/// </summary>
internal static class JsonBody
{
    private const long MaxBytes = 64 * 1024;

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problems.UnsupportedType("Send the body as JSON with Content-Type: application/json."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.TooLarge($"The JSON body is larger than {MaxBytes} bytes; request bodies here are small JSON objects."));
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, cancellationToken);
            return value is null
                ? (null, Problems.BadRequest("The body is JSON null; send a JSON object."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : string.Empty;
            return (null, Problems.BadRequest($"The body is not valid JSON for this request{where}: {ex.Message.Split(". ")[0]}."));
        }
    }
}
