using Microsoft.AspNetCore.Http;

namespace Etl.Api.Http;

/// <summary>
/// Problems the framework raises before an endpoint runs (no route, wrong method, wrong content type) come without a
/// detail; this fills one in so every error says what to do.
/// </summary>
internal static class FrameworkProblems
{
    public static void AddDetail(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Detail is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        problem.Detail = problem.Status switch
        {
            StatusCodes.Status404NotFound => $"There is no endpoint at {Problems.Quote(request.Method)} {Problems.Quote(request.Path)}. The API is described at /openapi/v1.json.",
            StatusCodes.Status405MethodNotAllowed => $"{Problems.Quote(request.Path)} does not accept {Problems.Quote(request.Method)}. The API is described at /openapi/v1.json.",
            StatusCodes.Status415UnsupportedMediaType =>
                $"{Problems.Quote(request.Path)} does not accept Content-Type '{Problems.Quote(request.ContentType)}'. Send application/json" +
                (request.Path.StartsWithSegments("/upload") ? ", or multipart/form-data with the file in a field named 'file'." : "."),
            StatusCodes.Status400BadRequest => "The request is malformed; check it against /openapi/v1.json.",
            StatusCodes.Status500InternalServerError => "The server failed unexpectedly; nothing was changed by this request unless its response said so. Try again, and report it if it persists.",
            _ => null,
        };
    }
}
