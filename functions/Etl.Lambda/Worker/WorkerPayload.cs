using System.Text.Json;
using Etl.Core.Pipeline;
using Etl.Lambda.Client;

namespace Etl.Lambda.Worker;

/// <summary>
/// A Step Functions task payload: {jobId, stage} runs one stage; {jobId, action: "complete"} and
/// {jobId, action: "fail", error} are the terminal moves. <c>error</c> is what a Catch puts at its ResultPath:
/// {"Error": errorType, "Cause": the failed task's error document as a string}.
/// </summary>
public sealed record WorkerPayload(string JobId, string? Stage, string? Action, StageError? Error)
{
    public const string Complete = "complete";
    public const string Fail = "fail";

    public static WorkerPayload Parse(ReadOnlyMemory<byte> payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException ex)
        {
            throw Invalid($"the payload is not JSON ({ex.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("the payload is not a JSON object");
            }

            var jobId = String(root, "jobId") ?? throw Invalid("jobId is missing");
            var stage = String(root, "stage");
            var action = String(root, "action")?.ToLowerInvariant();
            if (stage is null == action is null)
            {
                throw Invalid("give exactly one of stage (a pipeline stage) and action (complete or fail)");
            }

            if (action is not (null or Complete or Fail))
            {
                throw Invalid($"action '{action}' is not complete or fail");
            }

            var error = action == Fail ? FailureOf(root, stage) : null;
            return new WorkerPayload(jobId, stage, action, error);
        }
    }

    // The failure to record: the stage's own errorType and message when the Cause is our error document, else the
    // state machine's error name (States.Timeout, Lambda.Unknown, …) with its cause.
    private static StageError FailureOf(JsonElement root, string? stage)
    {
        if (!root.TryGetProperty("error", out var error) || error.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return new StageError(StageErrorTypes.Internal, "The pipeline failed without error details. The input is kept; trigger a new upload, and report this with the job id if it repeats.");
        }

        if (error.ValueKind == JsonValueKind.String)
        {
            return new StageError(StageErrorTypes.Internal, error.GetString()!);
        }

        var name = String(error, "Error") ?? String(error, "errorType") ?? StageErrorTypes.Internal;
        var cause = String(error, "Cause") ?? String(error, "errorMessage");
        if (cause is not null && cause.TrimStart().StartsWith('{'))
        {
            try
            {
                var report = JsonSerializer.Deserialize(cause, LambdaJson.Default.ErrorReport);
                if (report is { ErrorMessage.Length: > 0 })
                {
                    return new StageError(report.ErrorType ?? name, report.ErrorMessage);
                }
            }
            catch (JsonException)
            {
                // Not our document: keep the cause as text.
            }
        }

        return new StageError(name, cause is { Length: > 0 }
            ? $"The pipeline failed with {name}: {cause}"
            : $"The pipeline failed with {name}{(stage is null ? string.Empty : $" in stage {stage}")}. The input is kept; upload it again to retry.");
    }

    private static string? String(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            }
        }

        return null;
    }

    private static FunctionErrorException Invalid(string why) => new(WorkerErrorTypes.InvalidWorkerPayload,
        $"The worker payload is not usable: {why}. The worker takes {{\"jobId\", \"stage\"}}, {{\"jobId\", \"action\": \"complete\"}} "
        + "or {\"jobId\", \"action\": \"fail\", \"error\"}.");
}
