using System.CommandLine;

namespace Etl.Local.Cli;

/// <summary>
/// How many bytes of a pipe, FIFO or standard input may be copied to a temporary file when a verb needs to read
/// the input at random (Parquet) or twice (JSON → Parquet): <c>--spool-limit</c>, else <c>ETL_SPOOL_LIMIT_BYTES</c>,
/// else 1 GiB. A size is a number of bytes, or a number with K, M, G or T (powers of 1024; <c>512M</c>, <c>4GiB</c>).
/// </summary>
internal static class SpoolLimit
{
    public const string Variable = "ETL_SPOOL_LIMIT_BYTES";
    public const long Default = 1L << 30;

    public static Option<string?> CreateOption() => new("--spool-limit")
    {
        Description = $"Largest pipe, FIFO or standard input copied to a temporary file (Parquet is read at random, JSON → Parquet reads twice), e.g. 512M, 4G; default {Variable} or 1G.",
    };

    public static long Resolve(string? option) => ByteSize.Resolve(option, "--spool-limit", Variable, Default);

    /// <summary>The input from a pipe was larger than the limit: exit code 2, with how to raise it.</summary>
    public static CliInputException Exceeded(string input, long limit, string why) =>
        new($"{input} is larger than the spool limit of {ByteSize.Describe(limit)} ({why}, so an input that is not a regular file is first copied to a temporary file); " +
            $"raise the limit with --spool-limit (e.g. --spool-limit 8G) or {Variable}, or pass a regular file");
}
