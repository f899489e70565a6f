using Microsoft.AspNetCore.Http.HttpResults;

namespace Etl.Api.Upload;

/// <summary>Thrown from inside a blob write to abandon it (nothing is published) and answer with <see cref="Problem"/>.</summary>
internal sealed class UploadRejectedException(ProblemHttpResult problem) : Exception(problem.ProblemDetails.Detail)
{
    public ProblemHttpResult Problem { get; } = problem;
}
