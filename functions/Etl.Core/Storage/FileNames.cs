using System.Text;

namespace Etl.Core.Storage;

/// <summary>
/// Turns whatever a client calls its file into a safe single name segment: the last path segment only, no control
/// characters, no characters that mean something to a file system or a URL, at most 200 characters.
/// </summary>
public static class FileNames
{
    private const int MaxLength = 200;
    private const string Fallback = "upload";

    public static string Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Fallback;
        }

        // Clients sometimes send a full path (C:\Users\…\data.parquet); only its last segment names the file.
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        var leaf = lastSeparator >= 0 ? name[(lastSeparator + 1)..] : name;

        var builder = new StringBuilder(leaf.Length);
        foreach (var rune in leaf.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune.Value is ':' or '*' or '?' or '"' or '<' or '>' or '|' or '%' or '#')
            {
                builder.Append('_');
            }
            else if (!Rune.IsWhiteSpace(rune) || rune.Value == ' ')
            {
                builder.Append(rune.ToString());
            }
        }

        var cleaned = builder.ToString().Trim().Trim('.').Trim();
        while (cleaned.Contains("..", StringComparison.Ordinal))
        {
            cleaned = cleaned.Replace("..", ".", StringComparison.Ordinal);
        }

        if (cleaned.Length > MaxLength)
        {
            var extension = Path.GetExtension(cleaned);
            extension = extension.Length <= 16 ? extension : string.Empty;
            cleaned = cleaned[..(MaxLength - extension.Length)] + extension;
        }

        return cleaned.Length == 0 ? Fallback : cleaned;
    }

    /// <summary>The name without its last extension ("sales.2024.parquet" → "sales.2024").</summary>
    public static string StripExtension(string safeFileName)
    {
        var dot = safeFileName.LastIndexOf('.');
        return dot > 0 ? safeFileName[..dot] : safeFileName;
    }
}
