using System.Globalization;
using System.Text.RegularExpressions;

namespace Etl.Conformance.Tests;

/// <summary>
/// Parses the two renderings of dates, times and timestamps into exact numbers (days; nanoseconds) so they are
/// compared as instants, not as text: ours (ISO 8601, 'T', 'Z' when adjusted to UTC, ISO expanded years such as
/// "+290000-…" and "-000044-…") and DuckDB's ("YYYY-MM-DD HH:MM:SS[.f][+00]", years BC as "Y-MM-DD (BC)").
/// </summary>
public static partial class Temporal
{
    public const long NanosPerSecond = 1_000_000_000;
    public const long NanosPerDay = 86_400 * NanosPerSecond;

    [GeneratedRegex(@"^(?<y>[+-][0-9]{4,}|[0-9]{4})-(?<mo>[0-9]{2})-(?<d>[0-9]{2})$")]
    private static partial Regex OurDate();

    [GeneratedRegex(@"^(?<h>[0-9]{2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2})(\.(?<f>[0-9]{1,9}))?$")]
    private static partial Regex OurTime();

    [GeneratedRegex(@"^(?<date>[^T]+)T(?<time>[^Z]+)(?<z>Z?)$")]
    private static partial Regex OurTimestamp();

    [GeneratedRegex(@"^(?<y>-?[0-9]{4,})-(?<mo>[0-9]{2})-(?<d>[0-9]{2})(?<bc> \(BC\))?$")]
    private static partial Regex DuckDate();

    [GeneratedRegex(@"^(?<h>[0-9]{2}):(?<mi>[0-9]{2}):(?<s>[0-9]{2})(\.(?<f>[0-9]{1,9}))?(?<tz>[+-][0-9]{2}(:[0-9]{2})?)?$")]
    private static partial Regex DuckTime();

    [GeneratedRegex(@"^(?<date>[0-9-]+( \(BC\))?) (?<time>[0-9:.+-]+)$")]
    private static partial Regex DuckTimestamp();

    /// <summary>Our DATE text → days since 1970-01-01, or an error describing what is wrong with the form.</summary>
    public static long? OurDays(string text, out string? error)
    {
        error = null;
        var m = OurDate().Match(text);
        if (!m.Success) { error = "not YYYY-MM-DD (or an ISO expanded year)"; return null; }
        var yearText = m.Groups["y"].Value;
        var year = long.Parse(yearText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var expanded = yearText[0] is '+' or '-';
        if (expanded != (year is < 1 or > 9999)) { error = "years 0001–9999 take four digits, others ISO 8601's expanded form"; return null; }
        if (expanded && yearText.Length < 7) { error = "an expanded year has a sign and at least six digits"; return null; }
        return Days(year, m.Groups["mo"].Value, m.Groups["d"].Value, ref error);
    }

    /// <summary>Our TIME text → nanoseconds of day; checks the fraction has no trailing zeros and at most <paramref name="maxDigits"/>.</summary>
    public static long? OurTimeOfDay(string text, int maxDigits, out string? error)
    {
        error = null;
        var m = OurTime().Match(text);
        if (!m.Success) { error = "not HH:MM:SS[.fraction]"; return null; }
        var fraction = m.Groups["f"].Value;
        if (fraction.Length > maxDigits) { error = $"more than {maxDigits} fractional digits"; return null; }
        if (fraction.EndsWith('0')) { error = "trailing zeros in the fraction"; return null; }
        return TimeOfDay(m, ref error);
    }

    /// <summary>Our TIMESTAMP text → nanoseconds since the epoch; <paramref name="utc"/> says whether it ends in Z.</summary>
    public static Int128? OurInstant(string text, int maxDigits, out bool utc, out string? error)
    {
        utc = false;
        error = null;
        var m = OurTimestamp().Match(text);
        if (!m.Success) { error = "not YYYY-MM-DDTHH:MM:SS[.fraction][Z]"; return null; }
        utc = m.Groups["z"].Value == "Z";
        var days = OurDays(m.Groups["date"].Value, out error);
        if (days is null) return null;
        var ofDay = OurTimeOfDay(m.Groups["time"].Value, maxDigits, out error);
        if (ofDay is null) return null;
        return (Int128)days.Value * NanosPerDay + ofDay.Value;
    }

    public static long? DuckDays(string text, out string? error)
    {
        error = null;
        var m = DuckDate().Match(text);
        if (!m.Success) { error = "not a DuckDB date"; return null; }
        var year = long.Parse(m.Groups["y"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (m.Groups["bc"].Success) year = 1 - year; // 1 BC is ISO year 0
        return Days(year, m.Groups["mo"].Value, m.Groups["d"].Value, ref error);
    }

    public static long? DuckTimeOfDay(string text, out string? error)
    {
        error = null;
        var m = DuckTime().Match(text);
        if (!m.Success) { error = "not a DuckDB time"; return null; }
        if (m.Groups["tz"].Success && m.Groups["tz"].Value is not ("+00" or "+00:00"))
        {
            error = $"offset {m.Groups["tz"].Value} (the oracle ran with TimeZone=UTC)";
            return null;
        }
        return TimeOfDay(m, ref error);
    }

    public static Int128? DuckInstant(string text, out string? error)
    {
        error = null;
        var m = DuckTimestamp().Match(text);
        if (!m.Success) { error = "not a DuckDB timestamp"; return null; }
        var days = DuckDays(m.Groups["date"].Value, out error);
        if (days is null) return null;
        var ofDay = DuckTimeOfDay(m.Groups["time"].Value, out error);
        if (ofDay is null) return null;
        return (Int128)days.Value * NanosPerDay + ofDay.Value;
    }

    /// <summary>Truncates to whole microseconds the way a wall-clock rendering does (toward the past).</summary>
    public static Int128 FloorToMicros(Int128 nanos)
    {
        var r = nanos % 1000;
        if (r < 0) r += 1000;
        return nanos - r;
    }

    private static long? TimeOfDay(Match m, ref string? error)
    {
        var h = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var mi = int.Parse(m.Groups["mi"].Value, CultureInfo.InvariantCulture);
        var s = int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture);
        if (h > 23 || mi > 59 || s > 59) { error = "hour, minute or second out of range"; return null; }
        var fraction = m.Groups["f"].Value;
        var nanos = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture);
        return ((h * 60L + mi) * 60 + s) * NanosPerSecond + nanos;
    }

    private static long? Days(long year, string monthText, string dayText, ref string? error)
    {
        var month = int.Parse(monthText, CultureInfo.InvariantCulture);
        var day = int.Parse(dayText, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || day > DaysInMonth(year, month)) { error = "month or day out of range"; return null; }
        return DaysFromCivil(year, month, day);
    }

    private static int DaysInMonth(long year, int month)
    {
        var leap = Mod(year, 4) == 0 && (Mod(year, 100) != 0 || Mod(year, 400) == 0);
        return month switch { 2 => leap ? 29 : 28, 4 or 6 or 9 or 11 => 30, _ => 31 };
    }

    private static long Mod(long a, long b) => ((a % b) + b) % b;

    /// <summary>Days since 1970-01-01 in the proleptic Gregorian calendar, for any year (H. Hinnant's algorithm).</summary>
    public static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yoe = year - era * 400;
        var doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
