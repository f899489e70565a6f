using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Etl.Core.Storage;

/// <summary>
/// Turns whatever a client calls its file into the name the job keeps and stores it under: the person's name,
/// changed only where <see cref="StorageKeys.SegmentProblem"/> (the one rule for stored names) forbids it.
/// </summary>
public static class FileNames
{
    /// <summary>
    /// Longest stored file name, in UTF-8 bytes: below <see cref="StorageKeys.MaxSegmentBytes"/> so that the output's
    /// name (the same stem with a longer extension such as ".parquet") fits too.
    /// </summary>
    public const int MaxBytes = 180;

    // Extensions longer than this are treated as part of the name when a long name is cut.
    private const int MaxExtensionLength = 16;

    /// <summary>
    /// The name to keep for <paramref name="name"/>: its last path segment (clients sometimes send C:\Users\…\data.parquet),
    /// with every character the rule forbids (control characters, line separators, broken UTF-16, : * ? " &lt; &gt; |)
    /// replaced by '_', without leading dots or surrounding spaces and trailing dots, cut to <see cref="MaxBytes"/>
    /// at a character boundary keeping the extension. Everything else — any script, emoji, combining marks, right-to-left
    /// and zero-width characters, either Unicode normal form — is kept as sent. False, with the reason in
    /// <paramref name="problem"/>, when no file name is left: empty, a folder ("x/"), dots only, or only an extension (".parquet").
    /// </summary>
    public static bool TrySanitize(string? name, [NotNullWhen(true)] out string? safeName, [NotNullWhen(false)] out string? problem)
    {
        safeName = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            problem = "The file name is empty. Send the file's name, e.g. sales.parquet.";
            return false;
        }

        var path = name.AsSpan().TrimEnd();
        if (path[^1] is '/' or '\\')
        {
            problem = "The file name ends with '/' or '\\', so it names a folder, not a file. Send the file's own name, e.g. sales.parquet.";
            return false;
        }

        var leaf = path[(path.LastIndexOfAny('/', '\\') + 1)..];
        var replaced = new StringBuilder(leaf.Length);
        for (var i = 0; i < leaf.Length;)
        {
            if (Rune.DecodeFromUtf16(leaf[i..], out var rune, out var consumed) == OperationStatus.Done && StorageKeys.IsAllowed(rune))
            {
                replaced.Append(leaf.Slice(i, consumed));
            }
            else
            {
                replaced.Append('_');
            }

            i += consumed;
        }

        var text = replaced.ToString();
        var start = 0;
        while (start < text.Length && IsTrimmed(text[start]))
        {
            start++;
        }

        var hadLeadingDot = text.AsSpan(0, start).Contains('.');
        var cleaned = TrimEnd(text.AsSpan(start)).ToString();
        if (cleaned.Length == 0)
        {
            problem = "The file name has no name in it, only dots or spaces. Send the file's own name, e.g. sales.parquet.";
            return false;
        }

        if (hadLeadingDot && !cleaned.Contains('.'))
        {
            problem = "The file name is only an extension; give the file a name before its extension, e.g. sales.parquet.";
            return false;
        }

        if (Encoding.UTF8.GetByteCount(cleaned) > MaxBytes)
        {
            cleaned = Shorten(cleaned);
        }

        if (StorageKeys.SegmentProblem(cleaned) is { } left)
        {
            // Unreachable by construction (FileNameRuleTests); kept so a gap in this method is a 400, never a bad key.
            problem = $"The file name cannot be stored: {left}. Rename the file and upload it again.";
            return false;
        }

        safeName = cleaned;
        problem = null;
        return true;
    }

    /// <summary>The name without its last extension ("sales.2024.parquet" → "sales.2024").</summary>
    public static string StripExtension(string safeFileName)
    {
        var dot = safeFileName.LastIndexOf('.');
        return dot > 0 ? safeFileName[..dot] : safeFileName;
    }

    // Keeps the extension and as many whole characters (grapheme clusters: an emoji sequence, a letter with its marks)
    // of the stem as fit; a single cluster longer than the limit is cut between code points instead.
    private static string Shorten(string name)
    {
        var extension = Path.GetExtension(name);
        if (extension.Length > MaxExtensionLength)
        {
            extension = string.Empty;
        }

        var stem = name.AsSpan(0, name.Length - extension.Length);
        var budget = MaxBytes - Encoding.UTF8.GetByteCount(extension);
        var kept = PrefixWithin(stem, budget, wholeClusters: true);
        if (kept == 0)
        {
            kept = PrefixWithin(stem, budget, wholeClusters: false);
        }

        return string.Concat(TrimEnd(stem[..kept]), extension);
    }

    private static int PrefixWithin(ReadOnlySpan<char> text, int budget, bool wholeClusters)
    {
        var length = 0;
        while (length < text.Length)
        {
            var next = wholeClusters
                ? StringInfo.GetNextTextElementLength(text[length..])
                : length + 1 < text.Length && char.IsSurrogatePair(text[length], text[length + 1]) ? 2 : 1;
            var bytes = Encoding.UTF8.GetByteCount(text[length..(length + next)]);
            if (bytes > budget)
            {
                break;
            }

            budget -= bytes;
            length += next;
        }

        return length;
    }

    private static ReadOnlySpan<char> TrimEnd(ReadOnlySpan<char> text)
    {
        var end = text.Length;
        while (end > 0 && IsTrimmed(text[end - 1]))
        {
            end--;
        }

        return text[..end];
    }

    private static bool IsTrimmed(char c) => c == '.' || char.IsWhiteSpace(c);
}
