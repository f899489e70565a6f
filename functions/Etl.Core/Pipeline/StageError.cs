using Etl.Core.Convert;
using Etl.Core.Validation;
using Etl.Parquet;

namespace Etl.Core.Pipeline;

/// <summary>A stage failure as the job records it: a type, a sentence a person can act on, and whether a retry may help.</summary>
public sealed record StageError(string ErrorType, string Message)
{
    public bool IsTransient => ErrorType == StageErrorTypes.Transient;

    /// <summary>Classifies what a stage threw. Only I/O hiccups and timeouts are transient; bad input never is.</summary>
    public static StageError From(Exception exception, string stage) => exception switch
    {
        StageFailedException failed => failed.Error,
        OutputLimitExceededException limit => new(StageErrorTypes.OutputLimitExceeded,
            $"The {stage} stage stopped: {limit.Message}. Nothing was published and the input is kept; to convert this file, "
            + $"raise {limit.Limit.Setting} where the server runs and upload the file again."),
        ParquetRowGroupTooLargeException large => new(StageErrorTypes.RowGroupTooLarge,
            $"The {stage} stage stopped: the Parquet file cannot be decoded within the server's memory budget: {large.Message}. "
            + $"Nothing was published and the input is kept; to convert the file as it is, raise {DecodeLimits.MaxBytesSetting} where the server runs and upload it again."),
        InputValidationException invalid => new(invalid.ErrorType, invalid.Message),
        Normalize.NormalizeOptionsException options => new(StageErrorTypes.InvalidOptions,
            $"The {stage} stage cannot use the job's options: {options.Message}. The input is kept; trigger a new job with corrected options."),
        Normalize.NormalizationValidationException validation => new(Normalize.NormalizationValidationException.ErrorType,
            $"The {stage} stage stopped: {validation.Message}"),
        Json.JsonInputException json => new(InputErrorTypes.InvalidJson,
            $"The JSON file cannot be converted: {json.Message}. The input is kept; fix the file and upload it again."),
        ParquetFormatException parquet => new(InputErrorTypes.InvalidParquet,
            $"The Parquet file cannot be read: {parquet.Message}. The input is kept; fix or re-export the file and upload it again."),
        Storage.BlobNotFoundException missing => new(InputErrorTypes.MissingInput,
            $"The {stage} stage found no object at '{missing.Key}'. Upload the file again."),
        // A remote service that stayed unavailable after its own retries (the model on Bedrock throttled past them).
        IOException or TimeoutException or System.Net.Http.HttpRequestException => new(StageErrorTypes.Transient,
            $"The {stage} stage hit a temporary problem: {exception.Message}"),
        NotSupportedException notSupported => new(StageErrorTypes.NotSupportedYet, notSupported.Message),
        _ => new(StageErrorTypes.Internal,
            $"The {stage} stage failed unexpectedly ({exception.GetType().Name}: {exception.Message}). The input is kept; please report this with the job id."),
    };
}

/// <summary>errorType values of stage failures that are not about the input itself.</summary>
public static class StageErrorTypes
{
    /// <summary>Worth retrying; the only error name the declared retry policies list.</summary>
    public const string Transient = "TransientError";

    public const string NotSupportedYet = "NotSupportedYet";

    /// <summary>The output grew past <see cref="OutputLimits"/>; the same input fails the same way, so never retried.</summary>
    public const string OutputLimitExceeded = "OutputLimitExceeded";

    /// <summary>A Parquet row group decodes to more than <see cref="DecodeLimits"/> allows; the same input fails the same way, so never retried.</summary>
    public const string RowGroupTooLarge = "RowGroupTooLarge";
    public const string Internal = "InternalError";

    /// <summary>The trigger's normalization options cannot be used (unknown member, bad value, a setting that does not fit the input).</summary>
    public const string InvalidOptions = "InvalidOptions";
    public const string Abandoned = "Abandoned";
}

/// <summary>A stage failed with an already-classified error (what a Lambda worker raises for Step Functions to match).</summary>
public sealed class StageFailedException(StageError error) : Exception(error.Message)
{
    public StageError Error { get; } = error;
}
