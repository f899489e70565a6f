using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Etl.Api.Http;

/// <summary>RFC 7807 problem documents with a title per status and a detail a person can act on.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "The request is malformed", detail);

    public static ProblemHttpResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, "The link is not valid", detail);

    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Conflict(string detail) => Create(StatusCodes.Status409Conflict, "The job is not in a state that allows this", detail);

    public static ProblemHttpResult TooLarge(string detail) => Create(StatusCodes.Status413PayloadTooLarge, "The file is too large", detail);

    public static ProblemHttpResult UnsupportedType(string detail) => Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported file type", detail);

    public static ProblemHttpResult NotImplemented(string detail) => Create(StatusCodes.Status501NotImplemented, "Not available yet", detail);

    public static ProblemHttpResult UnknownJob(string? jobId) =>
        NotFound($"No job has the id '{jobId}'. Check the jobId returned by POST /upload, or list jobs with GET /jobs.");

    private static ProblemHttpResult Create(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
