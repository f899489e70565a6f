namespace Etl.Core.Validation;

/// <summary>The upload is not what it claims to be. <see cref="ErrorType"/> is what the job records.</summary>
public sealed class InputValidationException(string errorType, string message) : Exception(message)
{
    public string ErrorType { get; } = errorType;
}

/// <summary>The errorType values the validate stage records.</summary>
public static class InputErrorTypes
{
    public const string EmptyFile = "EmptyFile";
    public const string InvalidParquet = "InvalidParquet";
    public const string InvalidJson = "InvalidJson";
    public const string MissingInput = "MissingInput";
}
