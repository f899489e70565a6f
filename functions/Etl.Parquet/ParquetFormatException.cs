using System.Text;

namespace Etl.Parquet;

/// <summary>
/// The one exception the codec throws for a file it cannot read: malformed, truncated, hostile or
/// unsupported. The message says what is wrong; the location properties say where, so callers can
/// report "row group 2, column 'a.b', page 7, byte 12345" without parsing text.
/// </summary>
public class ParquetFormatException : Exception
{
    public ParquetFormatException(string problem) : base(problem) => Problem = problem;

    public ParquetFormatException(string problem, Exception inner) : base(problem, inner) => Problem = problem;

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>Zero-based row group index, when known.</summary>
    public int? RowGroup { get; private set; }

    /// <summary>Dotted path of the leaf column, when known.</summary>
    public string? Column { get; private set; }

    /// <summary>Zero-based page index within the column chunk, when known.</summary>
    public int? Page { get; private set; }

    /// <summary>Absolute byte offset in the file, when known.</summary>
    public long? Offset { get; private set; }

    /// <summary>Adds location details that are not set yet; inner layers know more precise places.</summary>
    public ParquetFormatException At(int? rowGroup = null, string? column = null, int? page = null, long? offset = null)
    {
        RowGroup ??= rowGroup;
        Column ??= column;
        Page ??= page;
        Offset ??= offset;
        return this;
    }

    public override string Message
    {
        get
        {
            var where = new StringBuilder();
            if (RowGroup is { } rg) where.Append("row group ").Append(rg);
            if (Column is { } c) Append(where, $"column '{c}'");
            if (Page is { } p) Append(where, $"page {p}");
            if (Offset is { } o) Append(where, $"byte offset {o}");
            return OneLine(where.Length == 0 ? Problem : $"{Problem} (at {where})");
        }
    }

    /// <summary>Names inside messages come from the file and may hold line breaks; a message stays one line.</summary>
    private static string OneLine(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001f')) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c < ' ') sb.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ => $"\\u{(int)c:x4}" });
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string part)
    {
        if (sb.Length > 0) sb.Append(", ");
        sb.Append(part);
    }
}

/// <summary>The file uses Parquet Modular Encryption, which the codec does not decrypt.</summary>
public sealed class ParquetEncryptedException : ParquetFormatException
{
    public ParquetEncryptedException(string problem) : base(problem) { }
}
