using System.Text;

namespace Etl.Core.Json;

/// <summary>What is wrong with a JSON input, so callers can tell a syntax error from a limit or a shape.</summary>
public enum JsonInputErrorKind
{
    /// <summary>Not valid JSON (RFC 8259).</summary>
    Syntax,

    /// <summary>Not UTF-8: invalid byte sequences, a UTF-16 input, or a \u escape holding a lone surrogate.</summary>
    Encoding,

    /// <summary>Valid JSON whose top-level shape cannot be read as records (e.g. an NDJSON line that is an array).</summary>
    Shape,

    /// <summary>The input holds no JSON value at all.</summary>
    Empty,

    /// <summary>Nesting deeper than <see cref="JsonReadOptions.MaxDepth"/>.</summary>
    TooDeep,

    /// <summary>One record is larger than <see cref="JsonReadOptions.MaxRecordBytes"/>.</summary>
    RecordTooLarge,

    /// <summary>The input differs between the inference pass and the conversion pass (it was modified meanwhile).</summary>
    Changed,
}

/// <summary>
/// A JSON or NDJSON input that cannot be read, with where (1-based line and column, 0-based byte offset from the
/// start of the input) and what is wrong. The message is one line: "invalid JSON at line 3, column 17 (byte offset
/// 1234): expected ',' or '}' after a property value". Columns count bytes, as the byte offset does.
/// </summary>
public sealed class JsonInputException : Exception
{
    public JsonInputException(JsonInputErrorKind kind, string reason, long line, long column, long byteOffset)
        : base($"{Title(kind)} at line {line}, column {column} (byte offset {byteOffset}): {OneLine(reason)}")
    {
        Kind = kind;
        Reason = OneLine(reason);
        Line = line;
        Column = column;
        ByteOffset = byteOffset;
    }

    /// <summary>An error that has no single position (an empty input).</summary>
    public JsonInputException(JsonInputErrorKind kind, string reason)
        : base($"{Title(kind)}: {OneLine(reason)}")
    {
        Kind = kind;
        Reason = OneLine(reason);
    }

    public JsonInputErrorKind Kind { get; }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>1-based line, or null when the error has no position.</summary>
    public long? Line { get; }

    /// <summary>1-based column in bytes, or null.</summary>
    public long? Column { get; }

    /// <summary>0-based byte offset from the start of the input (a byte order mark included), or null.</summary>
    public long? ByteOffset { get; }

    /// <summary>
    /// The same error <paramref name="lines"/> lines further down: for an error found in a part of the input read
    /// on its own (whose first line counted as 1) once the lines before that part are known.
    /// </summary>
    internal JsonInputException LinesLater(long lines) =>
        Line is { } line && lines != 0 ? new JsonInputException(Kind, Reason, line + lines, Column!.Value, ByteOffset!.Value) : this;

    private static string Title(JsonInputErrorKind kind) => kind switch
    {
        JsonInputErrorKind.Syntax => "invalid JSON",
        JsonInputErrorKind.Encoding => "invalid text encoding in JSON",
        JsonInputErrorKind.Shape => "unsupported JSON layout",
        JsonInputErrorKind.Empty => "empty JSON input",
        JsonInputErrorKind.TooDeep => "JSON nested too deeply",
        JsonInputErrorKind.RecordTooLarge => "JSON record too large",
        JsonInputErrorKind.Changed => "JSON input changed while being read",
        _ => "invalid JSON",
    };

    /// <summary>Keeps messages on one line and free of raw control characters.</summary>
    internal static string OneLine(string text)
    {
        var clean = true;
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                clean = false;
                break;
            }
        }
        if (clean) return text;
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c)) builder.Append($"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.ToString();
    }
}
