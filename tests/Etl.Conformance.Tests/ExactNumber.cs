using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Etl.Conformance.Tests;

/// <summary>
/// A JSON number as an exact rational mantissa × 10^exponent, normalized (no trailing zeros in the mantissa), so
/// "1.0", "1.00" and "1e0" are equal and DECIMAL(38) values compare without passing through binary floating point.
/// </summary>
public readonly partial record struct ExactNumber(BigInteger Mantissa, int Exponent)
{
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();

    public static bool TryParse(string text, out ExactNumber value)
    {
        value = default;
        if (!JsonNumber().IsMatch(text)) return false;
        var exponent = 0;
        var e = text.IndexOfAny(['e', 'E']);
        var mantissaText = text;
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissaText = text[..e];
        }
        var dot = mantissaText.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            exponent -= mantissaText.Length - dot - 1;
            mantissaText = mantissaText.Remove(dot, 1);
        }
        var mantissa = BigInteger.Parse(mantissaText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (mantissa.IsZero)
        {
            value = new ExactNumber(BigInteger.Zero, 0);
            return true;
        }
        while (mantissa % 10 == 0)
        {
            mantissa /= 10;
            exponent++;
        }
        value = new ExactNumber(mantissa, exponent);
        return true;
    }

    public override string ToString() => Exponent == 0 ? Mantissa.ToString(CultureInfo.InvariantCulture) : $"{Mantissa}e{Exponent}";
}
