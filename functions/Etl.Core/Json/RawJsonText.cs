using System.Text.Json;

namespace Etl.Core.Json;

/// <summary>The JSON text of one value inside a record, as the writers store a JSON column: strings with their quotes, objects and arrays minified.</summary>
internal static class RawJsonText
{
    /// <summary>
    /// The text of the value <paramref name="reader"/> is on (it moves past an object or array), sliced from
    /// <paramref name="record"/> when it has no whitespace, else minified into <paramref name="scratch"/> (grown as needed).
    /// </summary>
    public static ReadOnlySpan<byte> Of(ref Utf8JsonReader reader, ReadOnlySpan<byte> record, ref byte[] scratch)
    {
        var start = (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return record.Slice(start, reader.ValueSpan.Length + 2);
            case JsonTokenType.StartObject:
            case JsonTokenType.StartArray:
                reader.Skip();
                var raw = record[start..(int)reader.BytesConsumed];
                if (raw.IndexOfAny(" \t\r\n"u8) < 0) return raw;
                if (scratch.Length < raw.Length) scratch = new byte[Math.Max(raw.Length, scratch.Length * 2)];
                return scratch.AsSpan(0, RecordShredder.Minify(raw, scratch));
            default:
                return reader.ValueSpan;
        }
    }
}
