using System.Globalization;
using System.Runtime.CompilerServices;

namespace Etl.Core.Convert;

/// <summary>
/// Shortest round-trip number text, straight to UTF-8. Doubles that are short decimals (most real data: prices,
/// measurements, x/1000) take an exact fast path; the rest go through the runtime's shortest formatting.
/// </summary>
internal static class NumberText
{
    private static readonly double[] PowersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>Writes a finite double; same digits as the runtime's shortest round-trip form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FormatDouble(double value, Span<byte> destination)
    {
        return TryFormatShortDecimal(value, destination, out var written) ? written : FormatSlow(value, destination);
    }

    private static int FormatSlow(double value, Span<byte> destination)
    {
        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>
    /// For |v| in [1e-4, 1e15): finds the fewest decimals k such that round(v·10^k)/10^k == v. IEEE division is
    /// correctly rounded, so that equality says the k-decimal text parses back to exactly v; with the mantissa
    /// below 2^52, two k-decimal texts cannot both do so, so the text is also the unique shortest one.
    /// </summary>
    private static bool TryFormatShortDecimal(double value, Span<byte> destination, out int written)
    {
        written = 0;
        var magnitude = Math.Abs(value);
        if (!(magnitude >= 1e-4 && magnitude < 1e15)) return value == 0 && FormatZero(value, destination, out written);
        for (var k = 0; k < PowersOfTen.Length; k++)
        {
            var scaled = magnitude * PowersOfTen[k];
            if (scaled >= 4503599627370496.0) return false; // 2^52
            var mantissa = Math.Round(scaled);
            if (mantissa / PowersOfTen[k] != magnitude) continue;
            written = WriteScaled(value < 0, (ulong)mantissa, k, destination);
            return true;
        }
        return false;
    }

    private static bool FormatZero(double value, Span<byte> destination, out int written)
    {
        if (double.IsNegative(value))
        {
            "-0"u8.CopyTo(destination);
            written = 2;
        }
        else
        {
            destination[0] = (byte)'0';
            written = 1;
        }
        return true;
    }

    /// <summary>Writes ±mantissa·10^-scale with exactly <paramref name="scale"/> decimals (none when 0).</summary>
    public static int WriteScaled(bool negative, ulong mantissa, int scale, Span<byte> destination)
    {
        Span<byte> digits = stackalloc byte[24];
        mantissa.TryFormat(digits, out var count, default, CultureInfo.InvariantCulture);
        return WriteScaledDigits(negative, digits[..count], scale, destination);
    }

    /// <summary>
    /// Writes the decimal digits of a magnitude with a decimal point <paramref name="scale"/> places from the right
    /// (zero-padded on the left when needed) and an optional minus sign; destination needs digits + scale + 3 bytes.
    /// </summary>
    public static int WriteScaledDigits(bool negative, ReadOnlySpan<byte> digits, int scale, Span<byte> destination)
    {
        var pos = 0;
        if (negative) destination[pos++] = (byte)'-';
        if (scale <= 0)
        {
            digits.CopyTo(destination[pos..]);
            return pos + digits.Length;
        }
        var integerDigits = digits.Length - scale;
        if (integerDigits <= 0)
        {
            destination[pos++] = (byte)'0';
            destination[pos++] = (byte)'.';
            destination.Slice(pos, -integerDigits).Fill((byte)'0');
            pos -= integerDigits;
            digits.CopyTo(destination[pos..]);
            return pos + digits.Length;
        }
        digits[..integerDigits].CopyTo(destination[pos..]);
        pos += integerDigits;
        destination[pos++] = (byte)'.';
        digits[integerDigits..].CopyTo(destination[pos..]);
        return pos + scale;
    }
}
