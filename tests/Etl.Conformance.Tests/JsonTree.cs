using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Etl.Conformance.Tests;

/// <summary>
/// A parsed JSON value that keeps what a comparison needs and System.Text.Json would lose or refuse: the exact
/// text of numbers, object members in order (duplicates included), and DuckDB's bare NaN / Infinity tokens.
/// </summary>
public abstract class JNode
{
    public abstract void Render(StringBuilder sb);

    /// <summary>Compact JSON, for messages (cut to a readable length).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Render(sb);
        return sb.Length > 300 ? sb.ToString(0, 300) + "…" : sb.ToString();
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    protected static void RenderString(StringBuilder sb, string s) => sb.Append(JsonSerializer.Serialize(s, Relaxed));
}

public sealed class JObject(List<KeyValuePair<string, JNode>> members) : JNode
{
    public List<KeyValuePair<string, JNode>> Members { get; } = members;

    public override void Render(StringBuilder sb)
    {
        sb.Append('{');
        for (var i = 0; i < Members.Count; i++)
        {
            if (i > 0) sb.Append(',');
            RenderString(sb, Members[i].Key);
            sb.Append(':');
            Members[i].Value.Render(sb);
        }
        sb.Append('}');
    }
}

public sealed class JArray(List<JNode> items) : JNode
{
    public List<JNode> Items { get; } = items;

    public override void Render(StringBuilder sb)
    {
        sb.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0) sb.Append(',');
            Items[i].Render(sb);
        }
        sb.Append(']');
    }
}

public sealed class JString(string value) : JNode
{
    public string Value { get; } = value;
    public override void Render(StringBuilder sb) => RenderString(sb, Value);
}

/// <summary>A number, kept as its literal text.</summary>
public sealed class JNumber(string text) : JNode
{
    public string Text { get; } = text;
    public override void Render(StringBuilder sb) => sb.Append(Text);
}

public sealed class JBool(bool value) : JNode
{
    public bool Value { get; } = value;
    public override void Render(StringBuilder sb) => sb.Append(Value ? "true" : "false");
}

public sealed class JNull : JNode
{
    public static readonly JNull Instance = new();
    public override void Render(StringBuilder sb) => sb.Append("null");
}

/// <summary>A bare NaN, Infinity or -Infinity token (not JSON; DuckDB writes them).</summary>
public sealed class JNonFinite(string token) : JNode
{
    public string Token { get; } = token;
    public double Value => Token switch { "NaN" => double.NaN, "Infinity" => double.PositiveInfinity, _ => double.NegativeInfinity };
    public override void Render(StringBuilder sb) => sb.Append(Token);
}

public static class JsonTree
{
    /// <summary>
    /// Parses one document strictly (RFC 8259 via System.Text.Json: no NaN tokens, no comments, no trailing
    /// commas, no duplicate member names, valid UTF-8) and converts it to a <see cref="JNode"/>.
    /// </summary>
    public static JNode ParseStrict(ReadOnlyMemory<byte> utf8)
    {
        using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 256 });
        return FromElement(document.RootElement);
    }

    public static JNode FromElement(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => new JObject(e.EnumerateObject().Select(p => new KeyValuePair<string, JNode>(p.Name, FromElement(p.Value))).ToList()),
        JsonValueKind.Array => new JArray(e.EnumerateArray().Select(FromElement).ToList()),
        JsonValueKind.String => new JString(e.GetString()!),
        JsonValueKind.Number => new JNumber(e.GetRawText()),
        JsonValueKind.True => new JBool(true),
        JsonValueKind.False => new JBool(false),
        JsonValueKind.Null => JNull.Instance,
        _ => throw new InvalidOperationException($"unexpected JSON value kind {e.ValueKind}"),
    };

    /// <summary>Parses one document leniently: standard JSON plus bare NaN, Infinity and -Infinity.</summary>
    public static JNode ParseLenient(string text)
    {
        var parser = new LenientParser(text);
        var value = parser.Value();
        parser.SkipWhitespace();
        if (!parser.AtEnd) throw parser.Error("trailing characters");
        return value;
    }

    private sealed class LenientParser(string text)
    {
        private int _pos;

        public bool AtEnd => _pos >= text.Length;

        public FormatException Error(string what) =>
            new($"invalid JSON at character {_pos}: {what} (near '{text.Substring(Math.Max(0, _pos - 20), Math.Min(40, text.Length - Math.Max(0, _pos - 20)))}')");

        public void SkipWhitespace()
        {
            while (_pos < text.Length && text[_pos] is ' ' or '\t' or '\n' or '\r') _pos++;
        }

        public JNode Value()
        {
            SkipWhitespace();
            if (AtEnd) throw Error("unexpected end");
            var c = text[_pos];
            switch (c)
            {
                case '{': return Object();
                case '[': return Array();
                case '"': return new JString(String());
                case 't': Literal("true"); return new JBool(true);
                case 'f': Literal("false"); return new JBool(false);
                case 'n': Literal("null"); return JNull.Instance;
                case 'N': Literal("NaN"); return new JNonFinite("NaN");
                case 'I': Literal("Infinity"); return new JNonFinite("Infinity");
                case '-' when _pos + 1 < text.Length && text[_pos + 1] == 'I':
                    Literal("-Infinity");
                    return new JNonFinite("-Infinity");
                default:
                    if (c == '-' || char.IsAsciiDigit(c)) return Number();
                    throw Error($"unexpected character '{c}'");
            }
        }

        private void Literal(string literal)
        {
            if (string.CompareOrdinal(text, _pos, literal, 0, literal.Length) != 0) throw Error($"expected {literal}");
            _pos += literal.Length;
        }

        private JObject Object()
        {
            _pos++;
            var members = new List<KeyValuePair<string, JNode>>();
            SkipWhitespace();
            if (!AtEnd && text[_pos] == '}')
            {
                _pos++;
                return new JObject(members);
            }
            while (true)
            {
                SkipWhitespace();
                if (AtEnd || text[_pos] != '"') throw Error("expected a member name");
                var name = String();
                SkipWhitespace();
                if (AtEnd || text[_pos] != ':') throw Error("expected ':'");
                _pos++;
                members.Add(new(name, Value()));
                SkipWhitespace();
                if (AtEnd) throw Error("unterminated object");
                if (text[_pos] == ',') { _pos++; continue; }
                if (text[_pos] == '}') { _pos++; return new JObject(members); }
                throw Error("expected ',' or '}'");
            }
        }

        private JArray Array()
        {
            _pos++;
            var items = new List<JNode>();
            SkipWhitespace();
            if (!AtEnd && text[_pos] == ']')
            {
                _pos++;
                return new JArray(items);
            }
            while (true)
            {
                items.Add(Value());
                SkipWhitespace();
                if (AtEnd) throw Error("unterminated array");
                if (text[_pos] == ',') { _pos++; continue; }
                if (text[_pos] == ']') { _pos++; return new JArray(items); }
                throw Error("expected ',' or ']'");
            }
        }

        private string String()
        {
            _pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw Error("unterminated string");
                var c = text[_pos++];
                if (c == '"') return sb.ToString();
                if (c != '\\')
                {
                    if (c < 0x20) throw Error("control character in a string");
                    sb.Append(c);
                    continue;
                }
                if (AtEnd) throw Error("unterminated escape");
                var e = text[_pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 > text.Length) throw Error("short \\u escape");
                        sb.Append((char)int.Parse(text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        _pos += 4;
                        break;
                    default: throw Error($"bad escape \\{e}");
                }
            }
        }

        private JNumber Number()
        {
            var start = _pos;
            if (text[_pos] == '-') _pos++;
            Digits();
            if (!AtEnd && text[_pos] == '.')
            {
                _pos++;
                Digits();
            }
            if (!AtEnd && text[_pos] is 'e' or 'E')
            {
                _pos++;
                if (!AtEnd && text[_pos] is '+' or '-') _pos++;
                Digits();
            }
            return new JNumber(text[start.._pos]);
        }

        private void Digits()
        {
            var start = _pos;
            while (!AtEnd && char.IsAsciiDigit(text[_pos])) _pos++;
            if (_pos == start) throw Error("expected digits");
        }
    }
}
