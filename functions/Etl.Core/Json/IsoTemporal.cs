namespace Etl.Core.Json;

/// <summary>
/// Recognizes ISO-8601 / RFC 3339 dates and timestamps in UTF-8 strings, without allocating, for schema inference.
/// </summary>
/// <remarks>
/// Accepted: dates <c>YYYY-MM-DD</c>; timestamps <c>YYYY-MM-DD</c>, then <c>T</c> (or <c>t</c> or a space),
/// <c>HH:MM</c>, optionally <c>:SS</c> and a fraction of up to 9 digits after <c>.</c> or <c>,</c>, and optionally a
/// zone: <c>Z</c>, <c>±HH:MM</c>, <c>±HHMM</c> or <c>±HH</c>. Years 0001–9999, real calendar days, hours 00–23,
/// no leap seconds. A fraction finer than microseconds is accepted only when the digits past the sixth are zeros,
/// so a timestamp column never loses precision; otherwise the string is not a timestamp (the column stays STRING).
/// </remarks>
internal static class IsoTemporal
{
    public const long MicrosPerDay = 86_400_000_000L;
    private const long MicrosPerMinute = 60_000_000L;

    /// <summary>Parses <c>YYYY-MM-DD</c> into days since 1970-01-01.</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> s, out int days)
    {
        days = 0;
        if (s.Length != 10 || s[4] != (byte)'-' || s[7] != (byte)'-') return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || (day > 28 && day > DaysInMonth(year, month))) return false;
        days = (int)DaysFromCivil(year, month, day);
        return true;
    }

    /// <summary>
    /// Parses a timestamp into microseconds since 1970-01-01T00:00:00; with a zone the result is UTC
    /// (<paramref name="hasOffset"/> true), without one it is the local wall-clock time as written.
    /// </summary>
    public static bool TryParseTimestamp(ReadOnlySpan<byte> s, out long micros, out bool hasOffset)
    {
        micros = 0;
        hasOffset = false;
        if (s.Length < 16 || s.Length > 40) return false;
        if (!TryParseDate(s[..10], out var days)) return false;
        if (s[10] is not ((byte)'T' or (byte)'t' or (byte)' ')) return false;
        if (!Digits(s, 11, 2, out var hour) || s[13] != (byte)':' || !Digits(s, 14, 2, out var minute)) return false;
        var pos = 16;
        var second = 0;
        long fraction = 0;
        if (pos < s.Length && s[pos] == (byte)':')
        {
            if (!Digits(s, pos + 1, 2, out second)) return false;
            pos += 3;
            if (pos < s.Length && s[pos] is (byte)'.' or (byte)',')
            {
                pos++;
                var digits = 0;
                while (pos < s.Length && s[pos] - (uint)'0' <= 9)
                {
                    var d = s[pos] - '0';
                    if (digits < 6) fraction = fraction * 10 + d;
                    else if (d != 0) return false;
                    digits++;
                    pos++;
                }
                if (digits is 0 or > 9) return false;
                for (var i = digits; i < 6; i++) fraction *= 10;
            }
        }
        if (hour > 23 || minute > 59 || second > 59) return false;
        long offsetMinutes = 0;
        if (pos < s.Length)
        {
            var zone = s[pos];
            if (zone is (byte)'Z' or (byte)'z')
            {
                pos++;
            }
            else if (zone is (byte)'+' or (byte)'-')
            {
                if (!Digits(s, pos + 1, 2, out var offsetHours)) return false;
                pos += 3;
                var offsetMinute = 0;
                if (pos < s.Length)
                {
                    if (s[pos] == (byte)':') pos++;
                    if (!Digits(s, pos, 2, out offsetMinute)) return false;
                    pos += 2;
                }
                if (offsetHours > 23 || offsetMinute > 59) return false;
                offsetMinutes = offsetHours * 60L + offsetMinute;
                if (zone == (byte)'-') offsetMinutes = -offsetMinutes;
            }
            else
            {
                return false;
            }
            hasOffset = true;
        }
        if (pos != s.Length) return false;
        micros = days * MicrosPerDay + ((hour * 60L + minute) * 60 + second) * 1_000_000L + fraction - offsetMinutes * MicrosPerMinute;
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length) return false;
        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - (uint)'0';
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }

    private static int DaysInMonth(int year, int month) => month switch
    {
        2 => (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).</summary>
    internal static long DaysFromCivil(long year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yoe = year - era * 400;
        var doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
