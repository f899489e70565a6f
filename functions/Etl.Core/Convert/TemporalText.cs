namespace Etl.Core.Convert;

/// <summary>
/// ISO-8601 dates, times and timestamps from epoch counts, written straight to UTF-8. Works for any year the
/// integer holds (expanded years beyond 0001–9999), which DateTime cannot represent.
/// </summary>
internal static class TemporalText
{
    public const long NanosPerDay = 86_400_000_000_000;

    /// <summary>Writes "YYYY-MM-DD" for days since 1970-01-01 (unquoted); returns bytes written.</summary>
    public static int FormatDate(long daysSinceEpoch, Span<byte> destination)
    {
        CivilFromDays(daysSinceEpoch, out var year, out var month, out var day);
        var pos = FormatYear(year, destination);
        destination[pos++] = (byte)'-';
        Two(month, destination[pos..]);
        pos += 2;
        destination[pos++] = (byte)'-';
        Two(day, destination[pos..]);
        return pos + 2;
    }

    /// <summary>Writes "HH:MM:SS[.fraction]" for a time of day in units of 10^-<paramref name="digits"/> s.</summary>
    public static int FormatTime(long units, int digits, Span<byte> destination)
    {
        var pos = 0;
        if (units < 0)
        {
            destination[pos++] = (byte)'-';
            units = -units;
        }
        var perSecond = Pow10(digits);
        var seconds = units / perSecond;
        var fraction = units % perSecond;
        var hours = seconds / 3600;
        if (hours < 100)
        {
            Two((int)hours, destination[pos..]);
            pos += 2;
        }
        else
        {
            hours.TryFormat(destination[pos..], out var written);
            pos += written;
        }
        destination[pos++] = (byte)':';
        Two((int)(seconds / 60 % 60), destination[pos..]);
        pos += 2;
        destination[pos++] = (byte)':';
        Two((int)(seconds % 60), destination[pos..]);
        pos += 2;
        return pos + FormatFraction(fraction, digits, destination[pos..]);
    }

    /// <summary>Writes "YYYY-MM-DDTHH:MM:SS[.fraction]" for units of 10^-<paramref name="digits"/> s since the epoch.</summary>
    public static int FormatTimestamp(long units, int digits, Span<byte> destination)
    {
        var perDay = 86_400L * Pow10(digits);
        var days = Math.DivRem(units, perDay, out var ofDay);
        if (ofDay < 0)
        {
            ofDay += perDay;
            days--;
        }
        return FormatTimestamp(days, ofDay, digits, destination);
    }

    /// <summary>As above, with the day and the time of day already separated.</summary>
    public static int FormatTimestamp(long days, long unitsOfDay, int digits, Span<byte> destination)
    {
        var pos = FormatDate(days, destination);
        destination[pos++] = (byte)'T';
        return pos + FormatTime(unitsOfDay, digits, destination[pos..]);
    }

    private static int FormatFraction(long fraction, int digits, Span<byte> destination)
    {
        if (fraction == 0) return 0;
        // Trailing zeros are dropped: 1.500 s is written "1.5".
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }
        destination[0] = (byte)'.';
        for (var i = digits; i >= 1; i--)
        {
            destination[i] = (byte)('0' + (int)(fraction % 10));
            fraction /= 10;
        }
        return digits + 1;
    }

    private static int FormatYear(long year, Span<byte> destination)
    {
        if (year is >= 1 and <= 9999)
        {
            var y = (int)year;
            destination[0] = (byte)('0' + y / 1000);
            destination[1] = (byte)('0' + y / 100 % 10);
            destination[2] = (byte)('0' + y / 10 % 10);
            destination[3] = (byte)('0' + y % 10);
            return 4;
        }
        // ISO-8601 expanded form: a sign and at least six digits.
        destination[0] = year < 0 ? (byte)'-' : (byte)'+';
        var magnitude = year < 0 ? (ulong)(-(year + 1)) + 1 : (ulong)year;
        magnitude.TryFormat(destination[1..], out var written, "D6");
        return written + 1;
    }

    private static void Two(int value, Span<byte> destination)
    {
        destination[0] = (byte)('0' + value / 10);
        destination[1] = (byte)('0' + value % 10);
    }

    private static long Pow10(int digits) => digits switch
    {
        0 => 1,
        3 => 1_000,
        6 => 1_000_000,
        9 => 1_000_000_000,
        _ => (long)Math.Pow(10, digits),
    };

    /// <summary>Proleptic Gregorian calendar date of a day count (Howard Hinnant's civil_from_days).</summary>
    private static void CivilFromDays(long z, out long year, out int month, out int day)
    {
        z += 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var doe = z - era * 146_097;
        var yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        var y = yoe + era * 400;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        day = (int)(doy - (153 * mp + 2) / 5 + 1);
        month = (int)(mp < 10 ? mp + 3 : mp - 9);
        year = month <= 2 ? y + 1 : y;
    }
}
