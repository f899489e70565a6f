namespace Etl.Core.Validation;

/// <summary>What the first bytes of a file look like.</summary>
public enum SniffedContent
{
    Empty,
    Parquet,
    Json,

    /// <summary>A zip archive (local file header or, for an empty archive, the end record).</summary>
    Zip,
    Other,
}

/// <summary>Guesses a file's kind from its first bytes: the Parquet magic "PAR1", or JSON's first non-blank character.</summary>
public static class ContentSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> wants to see.</summary>
    public const int HeadLength = 512;

    internal static ReadOnlySpan<byte> ParquetMagic => "PAR1"u8;

    public static SniffedContent Sniff(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty)
        {
            return SniffedContent.Empty;
        }

        if (head.StartsWith(ParquetMagic))
        {
            return SniffedContent.Parquet;
        }

        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8))
        {
            return SniffedContent.Zip;
        }

        var text = head.StartsWith("\uFEFF"u8) ? head[3..] : head;
        foreach (var b in text)
        {
            switch (b)
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    continue;
                case (byte)'{' or (byte)'[' or (byte)'"' or (byte)'-' or (>= (byte)'0' and <= (byte)'9') or (byte)'t' or (byte)'f' or (byte)'n':
                    // Any JSON value may stand at the top (a lone scalar converts to one row of "value").
                    return SniffedContent.Json;
                default:
                    return SniffedContent.Other;
            }
        }

        // Only whitespace so far: nothing contradicts JSON yet, and the validate stage reads further.
        return SniffedContent.Json;
    }

    /// <summary>
    /// Null when the head fits the declared kind, otherwise a sentence a person can act on. An empty head is
    /// reported separately by callers, so it is not judged here.
    /// </summary>
    public static string? Contradiction(FileKind declared, ReadOnlySpan<byte> head)
    {
        var sniffed = Sniff(head);
        return (declared, sniffed) switch
        {
            (_, SniffedContent.Empty) => null,
            (FileKind.Zip, SniffedContent.Zip) => null,
            (FileKind.Zip, _) => $"The file is named as a zip but starts with {Describe(head)}, not a zip's 'PK' header. Upload the dbt project as a zip of its folder.",
            (_, SniffedContent.Zip) => "The file is a zip archive. To update a dbt project with the agents, name it .zip; data files must be Parquet, JSON or NDJSON.",
            (FileKind.Parquet, SniffedContent.Parquet) => null,
            (FileKind.Parquet, _) =>
                $"The file is declared as Parquet but starts with {Describe(head)}, not the Parquet magic bytes 'PAR1'. Upload a Parquet file, or name it .json/.ndjson if it is JSON.",
            (_, SniffedContent.Json) => null,
            (_, SniffedContent.Parquet) =>
                "The file is declared as JSON but starts with the Parquet magic bytes 'PAR1'. Name it .parquet.",
            _ => $"The file is declared as JSON but starts with {Describe(head)}, which no JSON value starts with. Upload a JSON or NDJSON file, or name it for what it is.",
        };
    }

    /// <summary>The first bytes as hex and printable text, for error messages.</summary>
    public static string Describe(ReadOnlySpan<byte> head)
    {
        var shown = head[..Math.Min(8, head.Length)];
        var hex = System.Convert.ToHexString(shown);
        var printable = new string([.. shown.ToArray().Select(b => b is >= 0x20 and < 0x7F ? (char)b : '.')]);
        return $"the bytes 0x{hex} (\"{printable}\")";
    }
}
