using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Unicode;

namespace Etl.Core.Convert;

/// <summary>JSON string literals from UTF-8 bytes: escaping, and repair of invalid UTF-8 with U+FFFD.</summary>
internal static class JsonText
{
    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create(EscapedBytes());
    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>Writes <paramref name="utf8"/> as a quoted JSON string.</summary>
    public static void WriteString(JsonBuffer output, ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            WriteRepaired(output, utf8);
            return;
        }
        // Worst case every byte becomes \u00XX (6 bytes) plus the quotes.
        var span = output.GetSpan(utf8.Length * 6 + 2);
        span[0] = (byte)'"';
        var pos = 1;
        while (true)
        {
            var next = utf8.IndexOfAny(NeedsEscape);
            if (next < 0)
            {
                utf8.CopyTo(span[pos..]);
                pos += utf8.Length;
                break;
            }
            utf8[..next].CopyTo(span[pos..]);
            pos += next;
            pos += Escape(utf8[next], span[pos..]);
            utf8 = utf8[(next + 1)..];
        }
        span[pos++] = (byte)'"';
        output.Advance(pos);
    }

    /// <summary>The pre-encoded <c>"name":</c> of a field (with a leading comma for all but an object's first).</summary>
    public static byte[] Key(string name, bool leadingComma = false)
    {
        var buffer = new JsonBuffer(name.Length * 6 + 4);
        if (leadingComma) buffer.Write((byte)',');
        WriteString(buffer, Encoding.UTF8.GetBytes(name));
        buffer.Write((byte)':');
        return buffer.Written.ToArray();
    }

    /// <summary>Writes base64 (RFC 4648, padded) as a quoted JSON string.</summary>
    public static void WriteBase64(JsonBuffer output, ReadOnlySpan<byte> bytes)
    {
        var length = Base64.GetMaxEncodedToUtf8Length(bytes.Length);
        var span = output.GetSpan(length + 2);
        span[0] = (byte)'"';
        Base64.EncodeToUtf8(bytes, span[1..], out _, out var written);
        span[written + 1] = (byte)'"';
        output.Advance(written + 2);
    }

    private static int Escape(byte b, Span<byte> destination)
    {
        destination[0] = (byte)'\\';
        switch (b)
        {
            case (byte)'"': destination[1] = (byte)'"'; return 2;
            case (byte)'\\': destination[1] = (byte)'\\'; return 2;
            case (byte)'\n': destination[1] = (byte)'n'; return 2;
            case (byte)'\r': destination[1] = (byte)'r'; return 2;
            case (byte)'\t': destination[1] = (byte)'t'; return 2;
            case (byte)'\b': destination[1] = (byte)'b'; return 2;
            case (byte)'\f': destination[1] = (byte)'f'; return 2;
            default:
                destination[1] = (byte)'u';
                destination[2] = (byte)'0';
                destination[3] = (byte)'0';
                destination[4] = Hex[b >> 4];
                destination[5] = Hex[b & 0xF];
                return 6;
        }
    }

    private static void WriteRepaired(JsonBuffer output, ReadOnlySpan<byte> invalid)
    {
        // Rare path: a STRING column holding bytes that are not UTF-8. Decoding with the replacement
        // fallback keeps the output valid JSON and shows where the damage is.
        var text = Encoding.UTF8.GetString(invalid);
        WriteString(output, Encoding.UTF8.GetBytes(text));
    }

    private static byte[] EscapedBytes()
    {
        var bytes = new byte[34];
        for (var i = 0; i < 32; i++) bytes[i] = (byte)i;
        bytes[32] = (byte)'"';
        bytes[33] = (byte)'\\';
        return bytes;
    }
}
