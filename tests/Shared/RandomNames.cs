using System.Text;

namespace Etl.Tests.Shared;

/// <summary>
/// File names as people and hostile clients produce them, from a seeded <see cref="Random"/>: every script, emoji and
/// other 4-byte UTF-8, combining marks, right-to-left and zero-width characters, both Unicode normal forms, control
/// characters, broken UTF-16, path separators, reserved punctuation, dots, and very long names.
/// </summary>
public static class RandomNames
{
    private static readonly string[] Pieces =
    [
        "data", "Sales 2024", "données", "🚀", "👨‍👩‍👧", "🇺🇳", "👍🏽", "e\u0301", "é", "Å", "A\u030A", "ﬁ", "ß", "שלום", "مرحبا",
        "\u200B", "\u200C", "\u200D", "\u200E", "\u200F", "\u202E", "\u2066", "\uFEFF", "\uFE0F", "日本語", "한국어", "𝔘𝔫𝔦", "𠜎",
        "Ω", "Ω", " ", "  ", ".", "..", "...", "/", "\\", ":", "*", "?", "\"", "<", ">", "|", "%", "%2F", "#", "\0", "\t",
        "\r\n", "\u007F", "\u0085", "\u2028", "\u2029", "\u00A0", "\u3000", "\uD800", "\uDC00", "\uFFFD", "\uFFFF", "\uE000",
        "a", "Z", "-", "_", "(1)", "'", "&", "+", "=", "@", "!", "~", "$", ";", ",", "[", "]", "{", "}", "CON", "nul",
    ];

    private static readonly string[] Extensions =
    [
        ".parquet", ".parquet", ".json", ".ndjson", ".jsonl", ".PARQUET", ".pq", "", ".csv", ".parquet.", ".parquet ", "/",
        ".parquet/", "\\", ".🚀",
    ];

    /// <summary>A name of 0 to about 8 pieces, sometimes hundreds of characters long, then an extension.</summary>
    public static string Next(Random random)
    {
        var builder = new StringBuilder();
        var pieces = random.Next(10) == 0 ? random.Next(40, 120) : random.Next(0, 8);
        for (var i = 0; i < pieces; i++)
        {
            builder.Append(random.Next(4) == 0 ? AnyScalar(random) : Pieces[random.Next(Pieces.Length)]);
        }

        return builder.Append(Extensions[random.Next(Extensions.Length)]).ToString();
    }

    /// <summary>Any Unicode scalar value: mostly the Basic Multilingual Plane, often the supplementary planes.</summary>
    public static string AnyScalar(Random random)
    {
        while (true)
        {
            var value = random.Next(3) == 0 ? random.Next(0x10000, 0x110000) : random.Next(0, 0x10000);
            if (value is < 0xD800 or > 0xDFFF)
            {
                return char.ConvertFromUtf32(value);
            }
        }
    }

    /// <summary>What a client that encodes the name as UTF-8 actually sends: broken UTF-16 becomes U+FFFD.</summary>
    public static string AsSentInUtf8(string name) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(name));
}
