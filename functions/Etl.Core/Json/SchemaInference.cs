using System.Text.Json;
using System.Text.Unicode;

namespace Etl.Core.Json;

/// <summary>
/// Pass one of JSON → Parquet: reads every record, validating it completely (syntax, UTF-8, escapes), and counts
/// per field what kinds of values it saw; <see cref="Build"/> then widens those counts into an
/// <see cref="InferredSchema"/> by the rules of ../shared/spec/parquet-json.md.
/// </summary>
internal sealed class SchemaInference
{
    private readonly Node _root = new();
    private readonly int _maxFields;
    private byte[] _scratch = new byte[1024];
    private long _stamp;

    public SchemaInference(JsonReadOptions options) => _maxFields = options.MaxFieldsPerObject;

    public long Records { get; private set; }

    /// <summary>
    /// Infers from at most the first <paramref name="maxRecords"/> records / <paramref name="maxBytes"/> input bytes
    /// (at least one record). <paramref name="complete"/> tells whether that was the whole input; the inference is
    /// returned so a single-pass conversion can finish its counts (<see cref="Finish"/>).
    /// </summary>
    internal static SchemaInference InferPrefix(Stream json, JsonReadOptions options, long maxRecords, long maxBytes,
        out bool complete, out InputLayout layout, CancellationToken cancellationToken)
    {
        using var records = new JsonRecordReader(json, options);
        var inference = new SchemaInference(options);
        complete = false;
        while (true)
        {
            if (records.RecordCount >= maxRecords || records.BytesConsumed >= maxBytes) break;
            if (!records.Read())
            {
                complete = true;
                break;
            }
            inference.Add(records);
            if ((records.RecordCount & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
        }
        layout = InputLayout.Of(records);
        return inference;
    }

    /// <summary>
    /// The schema after a single pass whose shredder verified that every record past the prefix fitted it
    /// (<see cref="RecordShredder"/> in strict mode): the record count and the number counts of DOUBLE columns are
    /// the only things that could still change.
    /// </summary>
    internal InferredSchema Finish(long records, JsonInputShape shape)
    {
        Records = records;
        return Build(shape);
    }

    /// <summary>
    /// Replaces the number counts of a DOUBLE column (see <see cref="InferredField.Origin"/>) by those a strict
    /// shredder counted over every record, the prefix included.
    /// </summary>
    internal static void SetNumbers(object origin, long integers, long bigIntegers, long fractions, long outOfRange)
    {
        var node = (Node)origin;
        node.Integers = integers;
        node.BigIntegers = bigIntegers;
        node.Fractions = fractions;
        node.OutOfRange = outOfRange;
    }

    /// <summary>Runs the whole pass over <paramref name="json"/>.</summary>
    public static InferredSchema Infer(Stream json, JsonReadOptions? options, CancellationToken cancellationToken, Action<long>? progress = null) =>
        Infer(json, options, progress, out _, cancellationToken);

    /// <summary>As above, also telling the input's layout (how pass two can read it).</summary>
    public static InferredSchema Infer(Stream json, JsonReadOptions? options, Action<long>? progress, out InputLayout layout, CancellationToken cancellationToken)
    {
        options ??= new JsonReadOptions();
        using var records = new JsonRecordReader(json, options);
        var inference = new SchemaInference(options);
        while (records.Read())
        {
            inference.Add(records);
            if ((records.RecordCount & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke(records.BytesConsumed);
            }
        }
        progress?.Invoke(records.BytesConsumed);
        layout = InputLayout.Of(records);
        return inference.Build(records.Shape);
    }

    /// <summary>Adds the reader's current record.</summary>
    public void Add(JsonRecordReader records)
    {
        var reader = new Utf8JsonReader(records.Record, isFinalBlock: true, new JsonReaderState(records.ReaderOptions));
        try
        {
            reader.Read();
            Value(ref reader, _root);
            if (reader.Read()) throw new RecordProblemException(reader.TokenStartIndex, JsonInputErrorKind.Syntax, "unexpected data after the record");
        }
        catch (JsonException e)
        {
            throw records.RecordError(e);
        }
        catch (RecordProblemException p)
        {
            throw records.RecordError(p.IndexInRecord, p.Kind, p.Reason);
        }
        Records++;
    }

    /// <summary>The schema, widened over every record added.</summary>
    public InferredSchema Build(JsonInputShape shape)
    {
        var root = _root;
        // Rows are the records' fields when every record is an object with at least one key somewhere (Parquet
        // needs a column); otherwise each record is one row of a single column named "value".
        if (!root.IsMap && root.Objects == root.Present && root.Fields is { Count: > 0 })
        {
            var table = root.Fields;
            var fields = new List<InferredField>(table.Count);
            for (var i = 0; i < table.Count; i++) fields.Add(Resolve(table[i], table.NameAt(i), root.Objects));
            return new InferredSchema(Records, shape, wrapsValues: false, fields);
        }
        return new InferredSchema(Records, shape, wrapsValues: true, [Resolve(root, InferredSchema.ValueColumn, Records)]);
    }

    private void Value(ref Utf8JsonReader reader, Node node)
    {
        node.Present++;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                node.Nulls++;
                break;
            case JsonTokenType.True:
            case JsonTokenType.False:
                node.Booleans++;
                break;
            case JsonTokenType.Number:
                Number(ref reader, node);
                break;
            case JsonTokenType.String:
                String(ref reader, node);
                break;
            case JsonTokenType.StartObject:
                Object(ref reader, node);
                break;
            case JsonTokenType.StartArray:
                node.Arrays++;
                var element = node.Element ??= new Node();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) Value(ref reader, element);
                break;
            default:
                throw new RecordProblemException(reader.TokenStartIndex, JsonInputErrorKind.Syntax, $"unexpected {reader.TokenType} token");
        }
    }

    private static void Number(ref Utf8JsonReader reader, Node node)
    {
        var text = reader.ValueSpan;
        var special = text.IndexOfAny("eE."u8);
        if (special >= 0)
        {
            node.Fractions++;
            // Without an exponent, a (valid) number of fewer than 300 characters is below 10^300: always finite.
            if (text.Length < 300 && text[special] == (byte)'.' && text[special..].IndexOfAny((byte)'e', (byte)'E') < 0) return;
            if (!reader.TryGetDouble(out var d) || !double.IsFinite(d)) node.OutOfRange++;
        }
        else if (text.Length <= 18 || reader.TryGetInt64(out _)) // 18 characters (sign included) always fit in 64 bits
        {
            node.Integers++;
        }
        else
        {
            node.BigIntegers++;
            if (!reader.TryGetDouble(out var d) || !double.IsFinite(d)) node.OutOfRange++;
        }
    }

    private void String(ref Utf8JsonReader reader, Node node)
    {
        var text = Text(ref reader, ref _scratch);
        if (node.Strings == node.Dates + node.UtcTimestamps + node.LocalTimestamps)
        {
            // Every string so far was a date or a timestamp: keep checking. Once one is not, stop looking.
            if (text.Length == 10)
            {
                if (IsoTemporal.TryParseDate(text, out _)) node.Dates++;
            }
            else if (IsoTemporal.TryParseTimestamp(text, out _, out var hasOffset))
            {
                if (hasOffset) node.UtcTimestamps++;
                else node.LocalTimestamps++;
            }
        }
        node.Strings++;
    }

    /// <summary>
    /// The unescaped UTF-8 of the string or property-name token the reader is on, checked to be valid Unicode;
    /// unescaped into <paramref name="scratch"/> only when it holds escapes.
    /// </summary>
    internal static ReadOnlySpan<byte> Text(ref Utf8JsonReader reader, ref byte[] scratch)
    {
        var raw = reader.ValueSpan;
        if (!Utf8.IsValid(raw))
        {
            var bad = JsonRecordReader.FirstInvalidUtf8(raw);
            throw new RecordProblemException(reader.TokenStartIndex + 1 + bad, JsonInputErrorKind.Encoding,
                $"a string holds the invalid UTF-8 byte 0x{raw[Math.Min(bad, raw.Length - 1)]:X2}");
        }
        if (!reader.ValueIsEscaped) return raw;
        if (scratch.Length < raw.Length) scratch = new byte[Math.Max(raw.Length, scratch.Length * 2)];
        try
        {
            var length = reader.CopyString(scratch);
            return scratch.AsSpan(0, length);
        }
        catch (InvalidOperationException)
        {
            throw new RecordProblemException(reader.TokenStartIndex, JsonInputErrorKind.Encoding, RecordProblemException.LoneSurrogate);
        }
    }

    private void Object(ref Utf8JsonReader reader, Node node)
    {
        node.Objects++;
        if (node.IsMap)
        {
            SkipProperties(ref reader, ref _scratch);
            return;
        }
        var fields = node.Fields ??= new FieldTable<Node>();
        var stamp = ++_stamp;
        var guess = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = fields.Find(ref reader, guess, out var name);
            if (index < 0)
            {
                if (fields.Count >= _maxFields)
                {
                    // Too many distinct keys for a struct: an open map (keys are data). Keep it as JSON text.
                    node.IsMap = true;
                    node.Fields = null;
                    reader.Read();
                    Skip(ref reader, ref _scratch);
                    SkipProperties(ref reader, ref _scratch);
                    return;
                }
                index = fields.Add(name!, new Node());
            }
            guess = index + 1;
            var child = fields[index];
            reader.Read();
            if (child.Stamp == stamp)
            {
                // A key repeated in one object: the first occurrence wins (the shredder does the same).
                Skip(ref reader, ref _scratch);
                continue;
            }
            child.Stamp = stamp;
            Value(ref reader, child);
        }
    }

    /// <summary>Skips the rest of an object's properties (the reader is inside it), still validating text.</summary>
    internal static void SkipProperties(ref Utf8JsonReader reader, ref byte[] scratch)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            Text(ref reader, ref scratch);
            reader.Read();
            Skip(ref reader, ref scratch);
        }
    }

    /// <summary>Skips the value the reader is on (and its children), still validating strings and names.</summary>
    internal static void Skip(ref Utf8JsonReader reader, ref byte[] scratch)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            if (reader.TokenType == JsonTokenType.String) Text(ref reader, ref scratch);
            return;
        }
        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (token is JsonTokenType.String or JsonTokenType.PropertyName) Text(ref reader, ref scratch);
            else if (token is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == depth) return;
        }
    }

    private InferredField Resolve(Node n, string name, long parentInstances)
    {
        var nonNull = n.Present - n.Nulls;
        var nullable = n.Present < parentInstances || n.Nulls > 0 || nonNull == 0;
        if (nonNull == 0)
        {
            var note = n.Present == 0 ? "no values at all (only empty lists, or no records): stored as STRING" : "only nulls: no type could be inferred, stored as STRING";
            return new InferredField(name, InferredType.String, nullable: true, note: note);
        }
        if (n.IsMap)
        {
            return new InferredField(name, InferredType.Json, nullable, widened: nonNull,
                note: $"objects with more than {_maxFields} distinct keys (JsonReadOptions.MaxFieldsPerObject) are read as open maps: stored as JSON text");
        }
        var scalars = n.Booleans + n.Integers + n.BigIntegers + n.Fractions + n.Strings;
        var shapes = (n.Objects > 0 ? 1 : 0) + (n.Arrays > 0 ? 1 : 0) + (scalars > 0 ? 1 : 0);
        if (shapes > 1)
            return new InferredField(name, InferredType.Json, nullable, widened: nonNull, note: $"conflicting shapes ({Kinds(n)}): stored as JSON text");
        if (n.Objects > 0)
        {
            var table = n.Fields;
            if (table is null || table.Count == 0)
                return new InferredField(name, InferredType.Json, nullable, note: "always an empty object: stored as JSON text");
            var fields = new List<InferredField>(table.Count);
            for (var i = 0; i < table.Count; i++) fields.Add(Resolve(table[i], table.NameAt(i), n.Objects));
            return new InferredField(name, InferredType.Struct, nullable, fields);
        }
        if (n.Arrays > 0)
        {
            var element = n.Element is { } e ? Resolve(e, "element", e.Present) : Resolve(new Node(), "element", 0);
            return new InferredField(name, InferredType.List, nullable, element: element);
        }
        var numbers = n.Integers + n.BigIntegers + n.Fractions;
        var kinds = (n.Booleans > 0 ? 1 : 0) + (numbers > 0 ? 1 : 0) + (n.Strings > 0 ? 1 : 0);
        if (kinds > 1)
        {
            var widened = n.Booleans + numbers;
            var what = n.Strings > 0 ? $"{Plural(widened, "non-string value")} stored as text" : "stored as text";
            return new InferredField(name, InferredType.String, nullable, widened: widened, note: $"mixed {Kinds(n)}: {what}");
        }
        if (n.Booleans > 0) return new InferredField(name, InferredType.Boolean, nullable);
        if (numbers > 0)
        {
            if (n.Fractions == 0 && n.BigIntegers == 0) return new InferredField(name, InferredType.Int64, nullable);
            var notes = new List<string>(3);
            if (n.Integers > 0 && n.Fractions > 0) notes.Add($"{Plural(n.Integers, "integer")} widened to DOUBLE");
            if (n.BigIntegers > 0) notes.Add($"{Plural(n.BigIntegers, "integer")} beyond the 64-bit range stored as DOUBLE (precision may be lost)");
            if (n.OutOfRange > 0) notes.Add($"{Plural(n.OutOfRange, "number")} beyond the DOUBLE range stored as ±Infinity");
            var widened = n.Integers + n.BigIntegers;
            return new InferredField(name, InferredType.Double, nullable, widened: widened, note: notes.Count > 0 ? string.Join("; ", notes) : null)
            {
                Origin = n,
            };
        }
        var temporal = n.Dates + n.UtcTimestamps + n.LocalTimestamps;
        if (n.Dates == n.Strings) return new InferredField(name, InferredType.Date, nullable);
        if (n.UtcTimestamps == n.Strings) return new InferredField(name, InferredType.Timestamp, nullable);
        if (n.LocalTimestamps == n.Strings) return new InferredField(name, InferredType.TimestampLocal, nullable);
        if (temporal == n.Strings)
        {
            var note = n.Dates > 0
                ? $"dates ({n.Dates}) and timestamps ({n.UtcTimestamps + n.LocalTimestamps}) mixed: kept as STRING"
                : $"timestamps with a UTC offset ({n.UtcTimestamps}) and without one ({n.LocalTimestamps}) mixed: kept as STRING";
            return new InferredField(name, InferredType.String, nullable, note: note);
        }
        return new InferredField(name, InferredType.String, nullable);
    }

    private static string Kinds(Node n)
    {
        var parts = new List<string>(6);
        if (n.Strings > 0) parts.Add(Plural(n.Strings, "string"));
        if (n.Integers + n.BigIntegers > 0) parts.Add(Plural(n.Integers + n.BigIntegers, "integer"));
        if (n.Fractions > 0) parts.Add(Plural(n.Fractions, "decimal number"));
        if (n.Booleans > 0) parts.Add(Plural(n.Booleans, "boolean"));
        if (n.Objects > 0) parts.Add(Plural(n.Objects, "object"));
        if (n.Arrays > 0) parts.Add(Plural(n.Arrays, "array"));
        return string.Join(", ", parts);
    }

    private static string Plural(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>What one field (or list element, or the record itself) held across all records.</summary>
    private sealed class Node
    {
        public long Present;
        public long Nulls;
        public long Booleans;
        public long Integers;
        public long BigIntegers;
        public long Fractions;
        public long OutOfRange;
        public long Strings;
        public long Dates;
        public long UtcTimestamps;
        public long LocalTimestamps;
        public long Objects;
        public long Arrays;
        public bool IsMap;
        public long Stamp;
        public FieldTable<Node>? Fields;
        public Node? Element;
    }
}
