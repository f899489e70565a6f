using System.Globalization;
using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Conformance.Tests;

/// <summary>A documented deviation from the oracle for one value: ours must be exactly <see cref="OursJson"/>.</summary>
public sealed record ValueOverride(int Row, string Path, string OursJson, string Reason);

/// <summary>
/// The JSON shape the spec (tests/data/spec/parquet-json.md) gives a schema node, derived from the Parquet schema by
/// the format's LIST/MAP rules (including the backward-compatibility forms). The comparison walks it alongside
/// both outputs, so every scalar is compared knowing its column's <see cref="ValueKind"/>.
/// </summary>
internal abstract class Shape
{
    public static StructShape ForRows(ParquetSchema schema) => Struct(schema.Root);

    private static Shape Field(SchemaNode node)
    {
        if (node.Repetition == FieldRepetitionType.Repeated) return new ListShape(Content(node));
        return Content(node);
    }

    private static Shape Content(SchemaNode node)
    {
        if (node.IsLeaf) return new LeafShape(node.Column!);
        if (IsList(node, out var repeated))
        {
            Shape element;
            if (repeated.IsLeaf) element = new LeafShape(repeated.Column!);
            else if (repeated.Children.Count > 1 || repeated.Name == "array" || repeated.Name == node.Name + "_tuple") element = Content(repeated);
            else element = Field(repeated.Children[0]);
            return new ListShape(element);
        }
        if (IsMap(node, out var entries))
        {
            var key = entries.Children[0];
            return new MapShape(Field(key), entries.Children.Count > 1 ? Field(entries.Children[1]) : null, key.Column);
        }
        return Struct(node);
    }

    private static StructShape Struct(SchemaNode node) =>
        new([.. node.Children.Select(c => (c.Name, Field(c)))]);

    private static bool IsList(SchemaNode node, out SchemaNode repeated)
    {
        repeated = null!;
        if (node.Parent is null || !node.HasAnnotation(LogicalTypeKind.List, ConvertedType.List)) return false;
        if (node.Children.Count != 1 || node.Children[0].Repetition != FieldRepetitionType.Repeated) return false;
        repeated = node.Children[0];
        return true;
    }

    private static bool IsMap(SchemaNode node, out SchemaNode entries)
    {
        entries = null!;
        if (node.Parent is null) return false;
        if (!node.HasAnnotation(LogicalTypeKind.Map, ConvertedType.Map) && node.Element.ConvertedType != ConvertedType.MapKeyValue) return false;
        if (node.Children.Count != 1) return false;
        var child = node.Children[0];
        if (child.Repetition != FieldRepetitionType.Repeated || child.IsLeaf || child.Children.Count is < 1 or > 2) return false;
        entries = child;
        return true;
    }
}

internal sealed class StructShape(List<(string Name, Shape Shape)> fields) : Shape
{
    public List<(string Name, Shape Shape)> Fields { get; } = fields;
}

internal sealed class ListShape(Shape element) : Shape
{
    public Shape Element { get; } = element;
}

internal sealed class MapShape(Shape key, Shape? value, ColumnDescriptor? keyColumn) : Shape
{
    public Shape Key { get; } = key;
    public Shape? Value { get; } = value;
    /// <summary>Keys are written as object member names when they are strings (spec), else as {"key","value"} entries.</summary>
    public bool StringKeys { get; } = keyColumn?.Kind == ValueKind.String;
}

internal sealed class LeafShape(ColumnDescriptor column) : Shape
{
    public ColumnDescriptor Column { get; } = column;
}

/// <summary>
/// Compares our NDJSON rows with DuckDB's (MANIFEST.json expected_conventions) value by value: structure exactly,
/// numbers by value (float32 after rounding both to float, decimals and integers exactly), strings byte-exact,
/// bytes after decoding (ours base64, DuckDB \xHH), temporals as instants, NaN/±Infinity, and maps in both forms.
/// Our side is also held to the spec's form (decimal digits, fraction digits, Z, expanded years, base64 padding).
/// </summary>
internal sealed partial class OracleComparer
{
    private const int MaxReported = 30;

    private readonly string _file;
    private readonly Dictionary<(int Row, string Path), ValueOverride> _overrides;
    private readonly HashSet<(int Row, string Path)> _usedOverrides = [];
    private readonly List<string> _mismatches = [];
    private int _total;
    private int _row;

    private OracleComparer(string file, IEnumerable<ValueOverride> overrides)
    {
        _file = file;
        _overrides = overrides.ToDictionary(o => (o.Row, o.Path));
    }

    /// <summary>Compares all rows; returns the mismatch report, empty when everything matches.</summary>
    public static IReadOnlyList<string> Compare(string file, ParquetSchema schema, IReadOnlyList<JNode> ours, IReadOnlyList<JNode> expected,
        IEnumerable<ValueOverride> overrides)
    {
        var comparer = new OracleComparer(file, overrides);
        var shape = Shape.ForRows(schema);
        if (ours.Count != expected.Count)
            comparer.Report(-1, "$", $"{ours.Count} rows", $"{expected.Count} rows", "row count differs");
        for (var row = 0; row < Math.Min(ours.Count, expected.Count); row++)
        {
            comparer._row = row;
            comparer.Node(shape, ours[row], expected[row], "$");
        }
        foreach (var key in comparer._overrides.Keys.Where(k => !comparer._usedOverrides.Contains(k)))
            comparer.Report(key.Row, key.Path, "-", "-", "a documented override was never reached (stale override)");
        if (comparer._total > MaxReported) comparer._mismatches.Add($"… and {comparer._total - MaxReported} more mismatches");
        return comparer._mismatches;
    }

    private void Report(int row, string path, string ours, string expected, string why)
    {
        _total++;
        if (_mismatches.Count < MaxReported)
            _mismatches.Add($"{_file}, row {row}, {path}: ours {ours} vs expected {expected} — {why}");
    }

    private void Mismatch(string path, JNode ours, JNode expected, string why) => Report(_row, path, ours.ToString(), expected.ToString(), why);

    private static string Member(string path, string name) =>
        IsPlainName().IsMatch(name) ? $"{path}.{name}" : $"{path}[{System.Text.Json.JsonSerializer.Serialize(name)}]";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IsPlainName();

    private void Node(Shape shape, JNode ours, JNode expected, string path)
    {
        if (shape is LeafShape overridden && _overrides.TryGetValue((_row, path), out var valueOverride))
        {
            _usedOverrides.Add((_row, path));
            if (ours.ToString() != valueOverride.OursJson)
                Mismatch(path, ours, new JString(valueOverride.OursJson), $"documented override ({valueOverride.Reason}) not met for {overridden.Column.Kind}");
            return;
        }
        if (ours is JNull || expected is JNull)
        {
            if (ours is not JNull || expected is not JNull) Mismatch(path, ours, expected, "null on one side only");
            return;
        }
        switch (shape)
        {
            case StructShape s:
                Struct(s, ours, expected, path);
                break;
            case ListShape l:
                List(l.Element, ours, expected, path);
                break;
            case MapShape m:
                Map(m, ours, expected, path);
                break;
            case LeafShape leaf:
                Scalar(leaf.Column, ours, expected, path);
                break;
            default:
                throw new InvalidOperationException(shape.GetType().Name);
        }
    }

    private void Struct(StructShape shape, JNode ours, JNode expected, string path)
    {
        if (ours is not JObject o || expected is not JObject e)
        {
            Mismatch(path, ours, expected, "a group must be an object on both sides");
            return;
        }
        var names = shape.Fields.Select(f => f.Name).ToList();
        var ourNames = o.Members.Select(m => m.Key).ToList();
        if (!ourNames.SequenceEqual(names, StringComparer.Ordinal))
        {
            Report(_row, path, $"keys [{string.Join(",", ourNames)}]", $"schema fields [{string.Join(",", names)}]", "our object must hold every field, in schema order");
            return;
        }
        var theirs = e.Members.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        if (theirs.Count != names.Count || !names.All(theirs.ContainsKey))
        {
            Report(_row, path, $"keys [{string.Join(",", ourNames)}]", $"keys [{string.Join(",", e.Members.Select(m => m.Key))}]", "field names differ");
            return;
        }
        for (var i = 0; i < names.Count; i++)
            Node(shape.Fields[i].Shape, o.Members[i].Value, theirs[names[i]], Member(path, names[i]));
    }

    private void List(Shape element, JNode ours, JNode expected, string path)
    {
        if (ours is not JArray o || expected is not JArray e)
        {
            Mismatch(path, ours, expected, "a list must be an array on both sides");
            return;
        }
        if (o.Items.Count != e.Items.Count)
        {
            Mismatch(path, ours, expected, $"{o.Items.Count} elements vs {e.Items.Count}");
            return;
        }
        for (var i = 0; i < o.Items.Count; i++) Node(element, o.Items[i], e.Items[i], $"{path}[{i}]");
    }

    private void Map(MapShape shape, JNode ours, JNode expected, string path)
    {
        if (shape.Value is null)
        {
            // A MAP without a value field: both render the list of its keys.
            List(shape.Key, ours, expected, path);
            return;
        }
        if (expected is not JObject e)
        {
            Mismatch(path, ours, expected, "DuckDB renders a MAP as an object");
            return;
        }
        var entries = new List<(JNode Key, JNode Value)>();
        if (shape.StringKeys)
        {
            if (ours is not JObject o)
            {
                Mismatch(path, ours, expected, "a MAP with string keys must be an object (spec)");
                return;
            }
            entries.AddRange(o.Members.Select(m => ((JNode)new JString(m.Key), m.Value)));
        }
        else
        {
            if (ours is not JArray a)
            {
                Mismatch(path, ours, expected, "a MAP with non-string keys must be an array of {\"key\",\"value\"} (spec)");
                return;
            }
            foreach (var item in a.Items)
            {
                if (item is not JObject entry || entry.Members.Count != 2 || entry.Members[0].Key != "key" || entry.Members[1].Key != "value")
                {
                    Mismatch(path, ours, expected, "each entry must be exactly {\"key\":…,\"value\":…}");
                    return;
                }
                entries.Add((entry.Members[0].Value, entry.Members[1].Value));
            }
        }
        if (entries.Count != e.Members.Count)
        {
            Mismatch(path, ours, expected, $"{entries.Count} entries vs {e.Members.Count}");
            return;
        }
        for (var i = 0; i < entries.Count; i++)
        {
            var entryPath = $"{path}{{{i}}}";
            var theirKey = e.Members[i].Key;
            if (shape.StringKeys)
            {
                var ourKey = ((JString)entries[i].Key).Value;
                if (!string.Equals(ourKey, theirKey, StringComparison.Ordinal))
                    Mismatch(entryPath + ".key", entries[i].Key, new JString(theirKey), "map keys differ");
            }
            else
            {
                Node(shape.Key, entries[i].Key, KeyAsValue(shape.Key, theirKey), entryPath + ".key");
            }
            Node(shape.Value, entries[i].Value, e.Members[i].Value, entryPath + ".value");
        }
    }

    /// <summary>DuckDB writes every map key as a member name (a string); turn it back into the value its type renders.</summary>
    private static JNode KeyAsValue(Shape key, string text)
    {
        if (key is not LeafShape leaf) return JsonTree.ParseLenient(text);
        return leaf.Column.Kind switch
        {
            ValueKind.Int32 or ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64 or ValueKind.Decimal
                or ValueKind.Float or ValueKind.Double or ValueKind.Float16 => text is "NaN" or "Infinity" or "-Infinity" ? new JNonFinite(text) : new JNumber(text),
            ValueKind.Boolean => new JBool(text == "true"),
            _ => new JString(text),
        };
    }

    private void Scalar(ColumnDescriptor column, JNode ours, JNode expected, string path)
    {
        var kind = column.Kind;
        string? why = kind switch
        {
            ValueKind.Boolean => ours is JBool a && expected is JBool b ? (a.Value == b.Value ? null : "booleans differ") : "not a boolean on both sides",
            ValueKind.Int32 or ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64 => Integer(ours, expected),
            ValueKind.Float => Float(ours, expected),
            ValueKind.Double => Double(ours, expected),
            ValueKind.Float16 => Half16(ours, expected),
            ValueKind.Decimal => Decimal(column.Scale, ours, expected),
            ValueKind.String => ours is JString a && expected is JString b ? (string.Equals(a.Value, b.Value, StringComparison.Ordinal) ? null : "strings differ") : "not a string on both sides",
            ValueKind.Uuid => Uuid(ours, expected),
            ValueKind.Json => Embedded(ours, expected),
            ValueKind.Bytes => Bytes(ours, expected),
            ValueKind.Date => Date(ours, expected),
            ValueKind.TimeMillis => Time(ours, expected, 3),
            ValueKind.TimeMicros => Time(ours, expected, 6),
            ValueKind.TimeNanos => Time(ours, expected, 9),
            ValueKind.TimestampMillis => Timestamp(ours, expected, 3, column.IsAdjustedToUtc),
            ValueKind.TimestampMicros => Timestamp(ours, expected, 6, column.IsAdjustedToUtc),
            ValueKind.TimestampNanos => Timestamp(ours, expected, 9, column.IsAdjustedToUtc),
            ValueKind.Int96Timestamp => Timestamp(ours, expected, 9, utc: true),
            ValueKind.Null => "a NULL-typed column holds only nulls",
            _ => $"the conformance test has no comparison rule for {kind}",
        };
        if (why is not null) Mismatch(path, ours, expected, $"{why} ({kind} column '{column.DottedPath}')");
    }

    private static string? Integer(JNode ours, JNode expected)
    {
        if (ours is not JNumber o || !IntegerText().IsMatch(o.Text)) return "ours is not an integer literal";
        if (expected is not JNumber e || !ExactNumber.TryParse(e.Text, out var theirs)) return "expected is not a number";
        return ExactNumber.TryParse(o.Text, out var mine) && mine == theirs ? null : "integers differ";
    }

    [GeneratedRegex("^-?(0|[1-9][0-9]*)$")]
    private static partial Regex IntegerText();

    /// <summary>Ours: a number, or "NaN"/"Infinity"/"-Infinity" strings (spec). DuckDB: a number or a bare token.</summary>
    private static bool OurFloating(JNode ours, out string? text, out double special)
    {
        text = null;
        special = 0;
        switch (ours)
        {
            case JNumber n when ExactNumber.TryParse(n.Text, out _):
                text = n.Text;
                return true;
            case JString { Value: "NaN" }: special = double.NaN; return true;
            case JString { Value: "Infinity" }: special = double.PositiveInfinity; return true;
            case JString { Value: "-Infinity" }: special = double.NegativeInfinity; return true;
            default: return false;
        }
    }

    private static double? TheirFloating(JNode expected) => expected switch
    {
        JNumber n => double.Parse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture),
        JNonFinite t => t.Value,
        _ => null,
    };

    private static string? Float(JNode ours, JNode expected)
    {
        if (!OurFloating(ours, out var text, out var special)) return "ours is neither a number nor \"NaN\"/\"Infinity\"/\"-Infinity\"";
        if (TheirFloating(expected) is not { } theirs) return "expected is not a number";
        var mine = text is null ? (float)special : float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (text is not null && !float.IsFinite(mine)) return "ours overflows float";
        return SameFloat(mine, (float)theirs) ? null : $"float32 values differ ({mine:R} vs {(float)theirs:R})";
    }

    private static string? Double(JNode ours, JNode expected)
    {
        if (!OurFloating(ours, out var text, out var special)) return "ours is neither a number nor \"NaN\"/\"Infinity\"/\"-Infinity\"";
        if (TheirFloating(expected) is not { } theirs) return "expected is not a number";
        var mine = text is null ? special : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (text is not null && !double.IsFinite(mine)) return "ours overflows double";
        return SameDouble(mine, theirs) ? null : $"doubles differ ({mine:R} vs {theirs:R})";
    }

    private static string? Half16(JNode ours, JNode expected)
    {
        if (!OurFloating(ours, out var text, out var special)) return "ours is neither a number nor \"NaN\"/\"Infinity\"/\"-Infinity\"";
        if (TheirFloating(expected) is not { } theirs) return "expected is not a number";
        var mine = text is null ? (Half)special : Half.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (text is not null && !Half.IsFinite(mine)) return "ours overflows float16";
        // DuckDB widens FLOAT16 exactly, so its double must itself be a half value.
        return SameDouble((double)mine, theirs) ? null : $"float16 values differ ({mine} vs {theirs:R})";
    }

    private static bool SameFloat(float a, float b) =>
        (float.IsNaN(a) && float.IsNaN(b)) || BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    private static bool SameDouble(double a, double b) =>
        (double.IsNaN(a) && double.IsNaN(b)) || BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    private static readonly ConcurrentDictionary<int, Regex> DecimalForms = new();

    private static string? Decimal(int scale, JNode ours, JNode expected)
    {
        if (ours is not JNumber o) return "ours is not a number";
        var form = scale > 0 ? DecimalForms.GetOrAdd(scale, s => new Regex($"^-?(0|[1-9][0-9]*)\\.[0-9]{{{s}}}$", RegexOptions.CultureInvariant)) : IntegerText();
        if (!form.IsMatch(o.Text)) return $"ours must be a plain number with exactly {scale} decimals (spec)";
        if (expected is not JNumber e || !ExactNumber.TryParse(e.Text, out var theirs)) return "expected is not a number";
        if (!ExactNumber.TryParse(o.Text, out var mine)) return "ours is not a number";
        return mine == theirs ? null : $"decimals differ exactly ({mine} vs {theirs})";
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex CanonicalUuid();

    private static string? Uuid(JNode ours, JNode expected)
    {
        if (ours is not JString o || !CanonicalUuid().IsMatch(o.Value)) return "ours is not a canonical lowercase UUID string";
        if (expected is not JString e) return "expected is not a string";
        return string.Equals(o.Value, e.Value, StringComparison.OrdinalIgnoreCase) ? null : "UUIDs differ";
    }

    private static string? Embedded(JNode ours, JNode expected)
    {
        // DuckDB renders a JSON column as a string when its json extension is not loaded (the corpus outputs) and
        // embeds the value when it is (COPY … FORMAT json loads it): both must equal what we embedded.
        if (expected is not JString e) return SameJson(ours, expected) ? null : "embedded JSON values differ";
        JNode theirs;
        try { theirs = JsonTree.ParseLenient(e.Value); }
        catch (FormatException) { return ours is JString s && s.Value == e.Value ? null : "expected holds invalid JSON that ours does not keep as the same string"; }
        return SameJson(ours, theirs) ? null : "embedded JSON values differ";
    }

    private static bool SameJson(JNode a, JNode b) => (a, b) switch
    {
        (JNull, JNull) => true,
        (JBool x, JBool y) => x.Value == y.Value,
        (JString x, JString y) => string.Equals(x.Value, y.Value, StringComparison.Ordinal),
        (JNumber x, JNumber y) => ExactNumber.TryParse(x.Text, out var p) && ExactNumber.TryParse(y.Text, out var q) && p == q,
        (JArray x, JArray y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(t => SameJson(t.First, t.Second)),
        (JObject x, JObject y) => x.Members.Count == y.Members.Count
            && x.Members.Zip(y.Members).All(t => t.First.Key == t.Second.Key && SameJson(t.First.Value, t.Second.Value)),
        _ => false,
    };

    private static string? Bytes(JNode ours, JNode expected)
    {
        if (ours is not JString o) return "ours is not a (base64) string";
        byte[] mine;
        try { mine = System.Convert.FromBase64String(o.Value); }
        catch (FormatException) { return "ours is not valid base64"; }
        if (System.Convert.ToBase64String(mine) != o.Value) return "ours is not canonical padded base64 (RFC 4648)";
        if (expected is not JString e) return "expected is not a string";
        var theirs = DecodeDuckBlob(e.Value);
        if (theirs is null) return "expected is not DuckDB's \\xHH blob text";
        return mine.AsSpan().SequenceEqual(theirs) ? null : $"bytes differ: ours {Hex(mine)} vs expected {Hex(theirs)}";
    }

    /// <summary>DuckDB BLOB text: printable ASCII literal, everything else (and \ " ') as \xHH.</summary>
    public static byte[]? DecodeDuckBlob(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                if (i + 3 >= text.Length) return null;
                if (text[i + 1] != 'x' || !byte.TryParse(text.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b)) return null;
                bytes.Add(b);
                i += 3;
            }
            else if (c is >= ' ' and <= '~')
            {
                bytes.Add((byte)c);
            }
            else
            {
                return null;
            }
        }
        return [.. bytes];
    }

    private static string Hex(byte[] bytes) =>
        bytes.Length <= 48 ? System.Convert.ToHexString(bytes) : System.Convert.ToHexString(bytes, 0, 48) + $"…({bytes.Length} bytes)";

    private static string? Date(JNode ours, JNode expected)
    {
        if (ours is not JString o) return "ours is not a string";
        if (expected is not JString e) return "expected is not a string";
        var mine = Temporal.OurDays(o.Value, out var error);
        if (mine is null) return $"ours: {error}";
        var theirs = Temporal.DuckDays(e.Value, out error);
        if (theirs is null) return $"expected: {error}";
        return mine == theirs ? null : "dates differ";
    }

    private static string? Time(JNode ours, JNode expected, int digits)
    {
        if (ours is not JString o) return "ours is not a string";
        if (expected is not JString e) return "expected is not a string";
        var mine = Temporal.OurTimeOfDay(o.Value, digits, out var error);
        if (mine is null) return $"ours: {error}";
        var theirs = Temporal.DuckTimeOfDay(e.Value, out error);
        if (theirs is null) return $"expected: {error}";
        // DuckDB's TIME holds microseconds; nanosecond times are truncated.
        var comparable = digits > 6 ? mine.Value - mine.Value % 1000 : mine.Value;
        return comparable == theirs ? null : "times of day differ";
    }

    private static string? Timestamp(JNode ours, JNode expected, int digits, bool utc)
    {
        if (ours is not JString o) return "ours is not a string";
        if (expected is not JString e) return "expected is not a string";
        var mine = Temporal.OurInstant(o.Value, digits, out var hasZ, out var error);
        if (mine is null) return $"ours: {error}";
        if (hasZ != utc) return utc ? "ours lacks the Z of an instant adjusted to UTC" : "ours has a Z but the column is not adjusted to UTC";
        var theirs = Temporal.DuckInstant(e.Value, out error);
        if (theirs is null) return $"expected: {error}";
        // DuckDB truncates nanosecond timestamps (and INT96) to microseconds.
        var comparable = digits > 6 ? Temporal.FloorToMicros(mine.Value) : mine.Value;
        return comparable == theirs ? null : "instants differ";
    }
}
