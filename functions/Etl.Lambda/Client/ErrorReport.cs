using System.Text.Json.Serialization;

namespace Etl.Lambda.Client;

/// <summary>
/// The error document of POST …/invocation/{id}/error and /runtime/init/error. Step Functions sees
/// <see cref="ErrorType"/> as the task's Error (what Retry and Catch match) and this whole document as its Cause.
/// </summary>
public sealed record ErrorReport(
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace)
{
    public static ErrorReport From(Exception exception) => new(
        exception.Message,
        exception is FunctionErrorException named ? named.ErrorType : exception.GetType().Name,
        StackLines(exception));

    private static string[] StackLines(Exception exception) =>
        exception.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}

/// <summary>A handler failure with a chosen errorType (the name a state machine's Retry/Catch matches).</summary>
public class FunctionErrorException(string errorType, string message, Exception? inner = null) : Exception(message, inner)
{
    public string ErrorType { get; } = errorType;
}
