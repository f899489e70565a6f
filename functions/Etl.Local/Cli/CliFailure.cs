using Etl.Parquet;

namespace Etl.Local.Cli;

/// <summary>
/// How the file verbs end on failure: one line on standard error saying what and where, an exit code by kind
/// (1 usage or file system, 2 unreadable input data or a row group larger than --max-decode-bytes, 3 internal error, 4 the output cannot be written or would pass
/// --max-output-bytes), the stack
/// trace only with --verbose.
/// </summary>
internal static class CliFailure
{
    public const int Usage = 1;
    public const int BadInput = 2;
    public const int Internal = 3;
    public const int CannotWrite = 4;

    public static int Report(Exception error, bool verbose)
    {
        var (code, message) = error switch
        {
            ParquetEncryptedException e => (BadInput, e.Message),
            ParquetRowGroupTooLargeException e => (BadInput, DecodeBudgetOption.Describe(e)),
            ParquetFormatException e => (BadInput, $"cannot read this Parquet file: {e.Message}"),
            Etl.Core.Json.JsonInputException e => (BadInput, e.Message),
            CliInputException e => (BadInput, e.Message),
            Etl.Core.Normalize.NormalizeOptionsException e => (Usage, $"bad --options: {e.Message}"),
            Etl.Core.Normalize.NormalizationValidationException e => (Internal, e.Message),
            CliOutputException e => (CannotWrite, e.Message),
            CliUsageException e => (Usage, e.Message),
            Etl.Core.Convert.OutputLimitExceededException e => (CannotWrite, $"{e.Message}; no output was kept — raise --max-output-bytes to allow it"),
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

/// <summary>An input that holds nothing to convert (empty, larger than the spool limit): exit code 2.</summary>
internal sealed class CliInputException(string message) : Exception(message);

/// <summary>OUT refused the bytes (no space left, the reader of a pipe went away, a device error): exit code 4.</summary>
internal sealed class CliOutputException(string message, Exception inner) : Exception(message, inner)
{
    // errno values, which .NET gives as the HResult of an IOException on Unix.
    private const int NoSpace = 28;
    private const int BrokenPipe = 32;
    private const int TooLarge = 27;
    private const int QuotaExceeded = 122;

    public static CliOutputException Writing(string output, IOException error) => new(error.HResult switch
    {
        NoSpace => $"cannot write {output}: no space left on the device; free some space or write to another place",
        QuotaExceeded => $"cannot write {output}: disk quota exceeded; free some space or write to another place",
        TooLarge => $"cannot write {output}: the file has grown too large for its file system; write to another place",
        BrokenPipe => $"cannot write {output}: its reader closed the pipe",
        _ => $"cannot write {output}: {error.Message}",
    }, error);
}
