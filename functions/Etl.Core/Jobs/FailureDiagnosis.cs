using System.Globalization;
using System.Text.RegularExpressions;
using Etl.Core.Datasets.Changes;
using Etl.Core.Normalize;
using Etl.Core.Pipeline;
using Etl.Core.Validation;

namespace Etl.Core.Jobs;

/// <summary>
/// Classifies a failed job's error into what kind of failure it is and what a person should do about it: the
/// diagnosis recorded on the job (<c>errorCategory</c>, <c>suggestedAction</c>, <c>resolution</c>) and shown on the page.
/// One table of error types, so the page, the API and the logs never disagree on what an error means.
/// </summary>
public static partial class FailureDiagnosis
{
    public const string Input = "input";
    public const string Schema = "schema";
    public const string Limit = "limit";
    public const string Transient = "transient";
    public const string Internal = "internal";

    public const string Retry = "retry";
    public const string FixInput = "fix-input";
    public const string RaiseLimit = "raise-limit";
    public const string ReviewChange = "review-change";
    public const string Escalate = "escalate";

    /// <summary>The diagnosis of <paramref name="errorType"/> with <paramref name="errorMessage"/> (for the line and column of bad input).</summary>
    public static (string Category, string Action, string Resolution) Of(string errorType, string errorMessage)
    {
        switch (errorType)
        {
            case InputErrorTypes.InvalidJson or InputErrorTypes.InvalidParquet or InputErrorTypes.EmptyFile or InputErrorTypes.MissingInput:
                var where = Position(errorMessage);
                return (Input, FixInput, errorType switch
                {
                    InputErrorTypes.MissingInput => "The uploaded file is gone: upload it again and trigger a new job.",
                    InputErrorTypes.EmptyFile => "The file is empty: export it again and upload the whole file.",
                    InputErrorTypes.InvalidParquet => "The file is not readable Parquet: re-export it from its source (or check that the upload was not cut short) and upload it again.",
                    _ => where is null
                        ? "Fix the JSON where the error says and upload the file again."
                        : $"Fix the JSON at {where} (open the file in an editor and go to that line) and upload the file again.",
                });
            case Agents.AgentErrorTypes.SourceUnavailable:
                return (Input, FixInput, "The agents could not read what the run was asked to work on (the error says what): load the dataset again, or name an existing dataset, job or previous run, and ask again.");
            case Agents.AgentErrorTypes.InvalidProject:
                return (Input, FixInput, "The project to update is not a readable dbt project zip: zip the project's folder (text files only, at most 50 MiB unpacked), upload it and ask again.");
            case PolicyDecision.RejectedErrorType:
                return (Schema, ReviewChange, "The dataset's policy refused the schema change: look at the changes in the job's changes.json, then either fix the source or change the dataset's policy (PUT /datasets/{name}/policy) and load the file again.");
            case StageErrorTypes.InvalidOptions:
                return (Schema, FixInput, "The trigger's normalization options do not fit the file: correct the setting the error names and trigger a new job.");
            case NormalizationValidationException.ErrorType:
                return (Internal, Escalate, "Rows were lost between the input and the tables (the in == out check failed): nothing was published; report the job id with the file.");
            case StageErrorTypes.OutputLimitExceeded or StageErrorTypes.RowGroupTooLarge:
                return (Limit, RaiseLimit, "The file is larger than this server is configured for: raise the setting the error names where the server runs (see the README's configuration table), or split the file, and upload it again.");
            // PipelineStartFailed: the API could not start the pipeline (its queue was full or its state machine unreachable).
            case StageErrorTypes.Transient or StageErrorTypes.Abandoned or "PipelineStartFailed":
                return (Transient, Retry, "A temporary problem stopped the job; the input is kept: trigger the job again (POST /trigger-job) or upload the file again.");
            case StageErrorTypes.NotSupportedYet:
                return (Internal, Escalate, "This server cannot do what the job asks yet: see the error for what is missing.");
            default:
                return (Internal, Escalate, "The job failed unexpectedly: report the job id and the error message to whoever runs the server.");
        }
    }

    /// <summary>Applies the diagnosis to a job that has just failed.</summary>
    public static JobRecord Diagnose(JobRecord job)
    {
        if (job.ErrorType is not { } type) return job;
        var (category, action, resolution) = Of(type, job.ErrorMessage ?? string.Empty);
        return job with { ErrorCategory = category, SuggestedAction = action, Resolution = resolution };
    }

    private static string? Position(string message)
    {
        var match = LineColumn().Match(message);
        return match.Success
            ? string.Create(CultureInfo.InvariantCulture, $"line {match.Groups[1].Value}, column {match.Groups[2].Value}")
            : null;
    }

    [GeneratedRegex(@"line (\d+), column (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex LineColumn();
}
