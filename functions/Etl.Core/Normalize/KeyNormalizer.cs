using System.Text;

namespace Etl.Core.Normalize;

/// <summary>
/// Turns one JSON key into a lower-case snake_case segment of <c>[a-z0-9_]</c>: never empty, never with a
/// doubled or trailing underscore, so segments joined with <c>__</c> stay unambiguous.
/// </summary>
internal static class KeyNormalizer
{
    /// <summary>The segment for a key with no letter or digit at all (<c>""</c>, <c>"!!"</c>, <c>"🎉"</c>).</summary>
    public const string EmptyKey = "_empty";

    public static string Normalize(string key)
    {
        // Surrounding whitespace is noise from hand-made headers, not a leading underscore.
        var ascii = Transliterate(key.Trim());
        var snake = new StringBuilder(ascii.Length + 8);
        var hasLetterOrDigit = false;
        for (var i = 0; i < ascii.Length; i++)
        {
            var c = ascii[i];
            if (c == '_')
            {
                if (snake.Length == 0 || snake[^1] != '_') snake.Append('_');
                continue;
            }
            hasLetterOrDigit = true;
            if (char.IsAsciiLetterUpper(c) && i > 0 && IsWordBreak(ascii[i - 1], i + 1 < ascii.Length ? ascii[i + 1] : '\0')
                && snake.Length > 0 && snake[^1] != '_')
                snake.Append('_');
            snake.Append(char.ToLowerInvariant(c));
        }
        if (!hasLetterOrDigit) return EmptyKey;
        // A leading underscore is kept (Mongo's "_id", "$oid" → "_oid" read as intended); a trailing one would run
        // into the "__" separator.
        while (snake[^1] == '_') snake.Length--;
        return snake.ToString();
    }

    // The same breaks as dlt's snake_case: "userId" → user_id, "ipv4Address" → ipv4_address, "HTTPServer" →
    // http_server, while "ABC" stays one word.
    private static bool IsWordBreak(char previous, char next) =>
        char.IsAsciiLetterLower(previous) || char.IsAsciiDigit(previous)
        || (char.IsAsciiLetterUpper(previous) && char.IsAsciiLetterLower(next));

    // Keeps the case (the camelCase breaks need it); every character that is neither an ASCII letter or digit nor
    // a transliterable Latin letter becomes '_' — a surrogate pair (an emoji) is one character of the key.
    private static string Transliterate(string key)
    {
        var ascii = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsAsciiLetterOrDigit(c)) ascii.Append(c);
            else if (LatinTransliteration.Lookup(c) is { } letters) ascii.Append(letters);
            else
            {
                ascii.Append('_');
                if (char.IsHighSurrogate(c) && i + 1 < key.Length && char.IsLowSurrogate(key[i + 1])) i++;
            }
        }
        return ascii.ToString();
    }
}
