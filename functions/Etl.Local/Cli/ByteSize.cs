using System.Globalization;

namespace Etl.Local.Cli;

/// <summary>
/// Sizes as the CLI takes and shows them: a number of bytes, or a number with K, M, G or T (powers of 1024;
/// <c>512M</c>, <c>4GiB</c>).
/// </summary>
internal static class ByteSize
{
    /// <summary>"1073741824", "1G", "1GiB", "1gb", "512M"… as bytes; null when it is not a size.</summary>
    public static long? Parse(string text)
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

    /// <summary>
    /// A size setting of a verb: the option when given, else the environment variable, else <paramref name="fallback"/>;
    /// a value that is not a size of at least <paramref name="minimum"/> bytes is a usage error naming where it came from.
    /// </summary>
    public static long Resolve(string? option, string optionName, string variable, long fallback, long minimum = 0)
    {
        if (option is not null)
            return AtLeast(Parse(option), minimum) ?? throw NotASize($"{optionName} '{option}'");
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured)
            return AtLeast(Parse(configured), minimum) ?? throw NotASize($"{variable}='{configured}'");
        return fallback;
    }

    private static long? AtLeast(long? bytes, long minimum) => bytes >= minimum ? bytes : null;

    private static CliUsageException NotASize(string setting) =>
        new($"{setting} is not a size; give bytes or a number with K, M, G or T (e.g. 4G)");

    /// <summary>"1 GiB", "512 MiB", "1000 bytes": the limit as the message shows it.</summary>
    public static string Describe(long bytes)
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
