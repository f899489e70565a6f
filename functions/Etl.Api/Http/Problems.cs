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

    /// <summary>409 for a dataset version that is not in the state the request needs (approve a decided version, roll back to a held one).</summary>
    public static ProblemHttpResult VersionConflict(string detail) => Create(StatusCodes.Status409Conflict, "The version is not in a state that allows this", detail);

    public static ProblemHttpResult TooLarge(string detail) => Create(StatusCodes.Status413PayloadTooLarge, "The file is too large", detail);

    public static ProblemHttpResult UnsupportedType(string detail) => Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported file type", detail);

    public static ProblemHttpResult Unavailable(string detail) => Create(StatusCodes.Status503ServiceUnavailable, "The service could not do this now", detail);

    public static ProblemHttpResult UnknownJob(string? jobId) =>
        NotFound($"No job has the id '{Quote(jobId)}'. Check the jobId returned by POST /upload, or list jobs with GET /jobs.");

    public static ProblemHttpResult UnknownDataset(string? name) =>
        NotFound($"No dataset is named '{Quote(name)}'. List datasets with GET /datasets; a dataset is created by its first load, " +
            "POST /trigger-job with {\"jobId\": \"…\", \"dataset\": \"name\"}.");

    /// <summary>
    /// A value the client sent, fit to be echoed in a detail: at most <see cref="MaxEchoLength"/> characters, then "…".
    /// Every detail that repeats something from the request goes through here, so a hostile value cannot flood a response or a log.
    /// </summary>
    public static string Quote(string? value)
    {
        if (value is null || value.Length <= MaxEchoLength)
        {
            return value ?? string.Empty;
        }

        var cut = char.IsHighSurrogate(value[MaxEchoLength - 1]) ? MaxEchoLength - 1 : MaxEchoLength;
        return string.Concat(value.AsSpan(0, cut), "…");
    }

    /// <summary>How much of a client's value a detail repeats.</summary>
    public const int MaxEchoLength = 64;

    private static ProblemHttpResult Create(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
