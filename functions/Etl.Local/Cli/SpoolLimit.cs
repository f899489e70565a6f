using System.CommandLine;
using System.Globalization;

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

    public static long Resolve(string? option)
    {
        if (option is not null)
            return Parse(option) ?? throw new CliUsageException($"--spool-limit '{option}' is not a size; give bytes or a number with K, M, G or T (e.g. 4G)");
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
            return Parse(configured) ?? throw new CliUsageException($"{Variable}='{configured}' is not a size; give bytes or a number with K, M, G or T (e.g. 4G)");
        return Default;
    }

    /// <summary>"1073741824", "1G", "1GiB", "1gb", "512M"… as bytes; null when it is not a size.</summary>
    private static long? Parse(string text)
    {
        var trimmed = text.Trim();
        var end = trimmed.Length;
        if (trimmed.EndsWith("iB", StringComparison.OrdinalIgnoreCase)) end -= 2;
        else if (trimmed.EndsWith('B') || trimmed.EndsWith('b')) end -= 1;
        var shift = end > 0 ? char.ToUpperInvariant(trimmed[end - 1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 } : 0;
        if (shift > 0) end--;
        else if (end != trimmed.Length && end > 0 && !char.IsAsciiDigit(trimmed[end - 1])) return null;
        if (!long.TryParse(trimmed.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return null;
        if (number > long.MaxValue >> shift) return null;
        return number << shift;
    }

    /// <summary>The input from a pipe was larger than the limit: exit code 2, with how to raise it.</summary>
    public static CliInputException Exceeded(string input, long limit, string why) =>
        new($"{input} is larger than the spool limit of {Describe(limit)} ({why}, so an input that is not a regular file is first copied to a temporary file); " +
            $"raise the limit with --spool-limit (e.g. --spool-limit 8G) or {Variable}, or pass a regular file");

    /// <summary>"1 GiB", "512 MiB", "1000 bytes": the limit as the message shows it.</summary>
    private static string Describe(long bytes)
    {
        string[] units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
        var unit = 0;
        while (unit < units.Length - 1 && bytes != 0 && bytes % 1024 == 0)
        {
            bytes /= 1024;
            unit++;
        }
        return $"{bytes} {units[unit]}";
    }
}
