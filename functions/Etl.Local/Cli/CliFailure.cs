using Etl.Parquet;

namespace Etl.Local.Cli;

/// <summary>
/// How the file verbs end on failure: one line on standard error saying what and where, an exit code by kind
/// (1 usage or file system, 2 unreadable input data, 3 internal error, 4 output limit reached), the stack trace only
/// with --verbose.
/// </summary>
internal static class CliFailure
{
    public const int Usage = 1;
    public const int BadInput = 2;
    public const int Internal = 3;
    public const int OutputLimit = 4;

    public static int Report(Exception error, bool verbose)
    {
        var (code, message) = error switch
        {
            ParquetEncryptedException e => (BadInput, e.Message),
            ParquetFormatException e => (BadInput, $"cannot read this Parquet file: {e.Message}"),
            Etl.Core.Json.JsonInputException e => (BadInput, e.Message),
            CliUsageException e => (Usage, e.Message),
            Etl.Core.Convert.OutputLimitExceededException e => (OutputLimit, $"{e.Message}; no output was kept — raise --max-output-bytes to allow it"),
            FileNotFoundException e => (Usage, $"file not found: {e.FileName ?? e.Message}"),
            DirectoryNotFoundException e => (Usage, $"directory not found: {e.Message}"),
            UnauthorizedAccessException e => (Usage, $"permission denied: {e.Message}"),
            IOException e => (Usage, $"I/O error: {e.Message}"),
            OperationCanceledException => (Internal, "cancelled"),
            _ => (Internal, $"internal error ({error.GetType().Name}): {error.Message} — please report it with --verbose output"),
        };
        Console.Error.WriteLine($"etl: error: {OneLine(message)}");
        if (verbose) Console.Error.WriteLine(error.ToString());
        return code;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}

/// <summary>A mistake in how the command was called (unknown format, missing argument): exit code 1.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
