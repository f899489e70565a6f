using System.Text;

namespace Etl.Aws.Signing;

/// <summary>
/// The Content-Disposition a download answers with (RFC 6266): <c>attachment; filename="ascii fallback";
/// filename*=UTF-8''percent-encoded</c>, so every browser offers the real (UTF-8) name and old ones a readable one.
/// </summary>
public static class ContentDisposition
{
    public static string Attachment(string fileName)
    {
        var fallback = new StringBuilder(fileName.Length);
        foreach (var rune in fileName.EnumerateRunes())
        {
            // quoted-string: printable ASCII without '"' and '\'; anything else becomes '_'.
            fallback.Append(rune.Value is >= 0x20 and < 0x7F and not '"' and not '\\' ? (char)rune.Value : '_');
        }

        return $"attachment; filename=\"{fallback}\"; filename*=UTF-8''{Encode(fileName)}";
    }

    // RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"; the rest %XX of UTF-8.
    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length * 3);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || "!#$&+-.^_`|~".Contains((char)b, StringComparison.Ordinal))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
