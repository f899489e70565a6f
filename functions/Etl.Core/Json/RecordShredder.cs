using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Etl.Parquet.File;

namespace Etl.Core.Json;

/// <summary>
/// Pass two of JSON → Parquet: stripes each record into one <see cref="ColumnBatch"/> per leaf column (Dremel
/// definition and repetition levels) following an <see cref="InferredSchema"/>.
/// </summary>
/// <remarks>
/// Levels: a field adds one definition level when it is optional; a list adds one for itself when optional and one
/// for its repeated group, whose repetition level is one more than its parent's. A missing or null optional field
/// writes, for every leaf under it, the definition level of its parent; an empty list writes its own. Keys are
/// visited in the record's order (each leaf column is independent), and fields a record lacks are filled in after
/// the object ends. A key repeated within one object keeps its first value, as inference does.
/// </remarks>
internal sealed class RecordShredder
{
    private ColumnBatch[] _batches;
    private readonly List<Node> _leaves = [];
    private readonly Node _root;
    private readonly bool _wrapsValues;
    private byte[] _scratch = new byte[1024];
    private byte[] _json = new byte[1024];
    private ReadOnlyMemory<byte> _record;
    private long _stamp;
    private readonly bool _strict;
    private readonly List<Node> _doubles = [];

    /// <param name="schema">The schema the records are striped by.</param>
    /// <param name="batches">One batch per leaf column.</param>
    /// <param name="strict">
    /// Single-pass mode: the schema was inferred from a prefix of the input, so every record must also be one that
    /// would not have changed it (and be validated as inference validates it): a value inference would count as
    /// another kind (an integer literal in an INT64 column is checked to be one, a STRING column takes only strings,
    /// checked to be valid UTF-8), a key repeated in an object, or data after the record throw
    /// <see cref="JsonInputException"/> like any record that does not fit; the numbers of DOUBLE columns are
    /// counted for <see cref="Commit"/>.
    /// </param>
    public RecordShredder(InferredSchema schema, ColumnBatch[] batches, bool strict = false)
    {
        _strict = strict;
        _batches = batches;
        _wrapsValues = schema.WrapsValues;
        var leaf = 0;
        if (_wrapsValues)
        {
            _root = Build(schema.Fields[0], 0, 0, ref leaf, schema.Fields[0].Name);
        }
        else
        {
            _root = new Node(InferredType.Struct, nullable: false, definition: 0, path: "") { Fields = new FieldTable<Node>() };
            var children = new Node[schema.Fields.Count];
            for (var i = 0; i < children.Length; i++)
            {
                var field = schema.Fields[i];
                children[i] = Build(field, 0, 0, ref leaf, field.Name);
                _root.Fields.Add(field.Name, children[i]);
            }
            _root.Children = children;
            _root.LeafEnd = leaf;
        }
        if (leaf != batches.Length) throw new InvalidOperationException($"the schema has {leaf} leaf columns but {batches.Length} batches were given");
    }

    /// <summary>Stripes the reader's current record; throws <see cref="JsonInputException"/> when it does not fit the schema.</summary>
    public void Add(JsonRecordReader records)
    {
        _record = records.RecordMemory;
        var reader = new Utf8JsonReader(records.Record, isFinalBlock: true, new JsonReaderState(records.ReaderOptions));
        try
        {
            reader.Read();
            if (_wrapsValues)
            {
                Value(ref reader, _root, 0);
            }
            else
            {
                if (reader.TokenType != JsonTokenType.StartObject) throw Changed(ref reader, _root);
                Object(ref reader, _root, 0);
            }
            if (_strict && reader.Read()) throw new RecordProblemException(reader.TokenStartIndex, JsonInputErrorKind.Syntax, "unexpected data after the record");
        }
        catch (JsonException e)
        {
            throw records.RecordError(e);
        }
        catch (RecordProblemException p)
        {
            throw records.RecordError(p.IndexInRecord, p.Kind, p.Reason);
        }
    }

    /// <summary>Stripes the next records into another set of batches for the same columns (one per leaf, in order).</summary>
    public void Rebind(ColumnBatch[] batches)
    {
        if (batches.Length != _leaves.Count) throw new ArgumentException($"the schema has {_leaves.Count} leaf columns but {batches.Length} batches were given", nameof(batches));
        for (var i = 0; i < batches.Length; i++)
        {
            if (batches[i].Column != _leaves[i].Batch!.Column) throw new ArgumentException($"batch {i} is for another column", nameof(batches));
            _leaves[i].Batch = batches[i];
        }
        _batches = batches;
    }

    /// <summary>
    /// Strict mode: gives the inference the schema came from the numbers counted in its DOUBLE columns over every
    /// record shredded (all of them, the prefix it was inferred from included).
    /// </summary>
    public void Commit()
    {
        foreach (var node in _doubles)
        {
            SchemaInference.SetNumbers(node.Origin!, node.Integers, node.BigIntegers, node.Fractions, node.OutOfRange);
        }
    }

    /// <summary>
    /// Strict mode: adds the numbers another shredder of the same schema counted in its DOUBLE columns (it shredded
    /// other records of the same input), so one <see cref="Commit"/> gives the counts over all of them.
    /// </summary>
    public void AddCounts(RecordShredder other)
    {
        if (other._doubles.Count != _doubles.Count) throw new ArgumentException("the shredders have different schemas", nameof(other));
        for (var i = 0; i < _doubles.Count; i++)
        {
            var to = _doubles[i];
            var from = other._doubles[i];
            to.Integers += from.Integers;
            to.BigIntegers += from.BigIntegers;
            to.Fractions += from.Fractions;
            to.OutOfRange += from.OutOfRange;
        }
    }

    private Node Build(InferredField field, int parentDefinition, int parentRepetition, ref int leaf, string path)
    {
        var definition = parentDefinition + (field.Nullable ? 1 : 0);
        var node = new Node(field.Type, field.Nullable, definition, path) { FirstLeaf = leaf };
        if (_strict && field.Type == InferredType.Double)
        {
            node.Origin = field.Origin ?? throw new InvalidOperationException($"strict mode needs the inference of '{path}'");
            _doubles.Add(node);
        }
        switch (field.Type)
        {
            case InferredType.Struct:
                node.Fields = new FieldTable<Node>();
                node.Children = new Node[field.Fields.Count];
                for (var i = 0; i < field.Fields.Count; i++)
                {
                    var child = field.Fields[i];
                    node.Children[i] = Build(child, definition, parentRepetition, ref leaf, $"{path}.{child.Name}");
                    node.Fields.Add(child.Name, node.Children[i]);
                }
                break;
            case InferredType.List:
                node.ElementRepetition = parentRepetition + 1;
                node.Element = Build(field.Element!, definition + 1, parentRepetition + 1, ref leaf, path + "[]");
                break;
            default:
                if (leaf >= _batches.Length) throw new InvalidOperationException("fewer batches than leaf columns");
                var batch = _batches[leaf++];
                if (batch.Column.MaxDefinitionLevel != definition || batch.Column.MaxRepetitionLevel != parentRepetition)
                {
                    throw new InvalidOperationException(
                        $"column '{batch.Column.DottedPath}' has levels ({batch.Column.MaxDefinitionLevel}, {batch.Column.MaxRepetitionLevel}), expected ({definition}, {parentRepetition}) for '{path}'");
                }
                node.Batch = batch;
                _leaves.Add(node);
                break;
        }
        node.LeafEnd = leaf;
        return node;
    }

    private void Value(ref Utf8JsonReader reader, Node node, int repetition)
    {
        var token = reader.TokenType;
        if (token == JsonTokenType.Null)
        {
            if (!node.Nullable) throw Changed(ref reader, node);
            Nulls(node, node.Definition - 1, repetition);
            return;
        }
        switch (node.Type)
        {
            case InferredType.Struct:
                if (token != JsonTokenType.StartObject) throw Changed(ref reader, node);
                Object(ref reader, node, repetition);
                return;
            case InferredType.List:
                if (token != JsonTokenType.StartArray) throw Changed(ref reader, node);
                var element = node.Element!;
                var level = repetition;
                var empty = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Value(ref reader, element, level);
                    level = node.ElementRepetition;
                    empty = false;
                }
                if (empty) Nulls(node, node.Definition, repetition);
                return;
            default:
                Leaf(ref reader, node, repetition);
                return;
        }
    }

    private void Object(ref Utf8JsonReader reader, Node node, int repetition)
    {
        var fields = node.Fields!;
        var stamp = ++_stamp;
        var guess = 0;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = fields.Find(ref reader, guess, out var unknown);
            if (index < 0)
            {
                throw new RecordProblemException(reader.TokenStartIndex, JsonInputErrorKind.Changed,
                    $"the key '{unknown}' in '{Display(node)}' was not there when the schema was inferred; the input must not change during the conversion");
            }
            guess = index + 1;
            var child = fields[index];
            reader.Read();
            if (child.Stamp == stamp)
            {
                if (_strict) throw new RecordProblemException(reader.TokenStartIndex, JsonInputErrorKind.Changed, "a key repeated in an object");
                reader.Skip();
                continue;
            }
            child.Stamp = stamp;
            seen++;
            Value(ref reader, child, repetition);
        }
        if (seen == fields.Count) return;
        var children = node.Children!;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            if (child.Stamp == stamp) continue;
            if (!child.Nullable)
            {
                throw new RecordProblemException(reader.TokenStartIndex, JsonInputErrorKind.Changed,
                    $"'{child.Path}' is missing, but every record had it when the schema was inferred; the input must not change during the conversion");
            }
            Nulls(child, child.Definition - 1, repetition);
        }
    }

    private void Leaf(ref Utf8JsonReader reader, Node node, int repetition)
    {
        var batch = node.Batch!;
        var token = reader.TokenType;
        switch (node.Type)
        {
            case InferredType.Boolean:
                if (token is not (JsonTokenType.True or JsonTokenType.False)) throw Changed(ref reader, node);
                batch.AppendLevels(node.Definition, repetition);
                batch.AppendBoolean(token == JsonTokenType.True);
                return;
            case InferredType.Int64:
                if (token != JsonTokenType.Number || !reader.TryGetInt64(out var integer)
                    || (_strict && !IsIntegerLiteral(reader.ValueSpan)))
                {
                    throw Changed(ref reader, node);
                }
                batch.AppendLevels(node.Definition, repetition);
                batch.AppendInt64(integer);
                return;
            case InferredType.Double:
                if (token != JsonTokenType.Number) throw Changed(ref reader, node);
                if (_strict)
                {
                    batch.AppendLevels(node.Definition, repetition);
                    batch.AppendDouble(StrictDouble(ref reader, node));
                    return;
                }
                if (!reader.TryGetDouble(out var number)
                    && !double.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                {
                    throw Changed(ref reader, node);
                }
                batch.AppendLevels(node.Definition, repetition);
                batch.AppendDouble(number);
                return;
            case InferredType.String:
                if (_strict)
                {
                    if (token != JsonTokenType.String || !Utf8.IsValid(reader.ValueSpan)) throw Changed(ref reader, node);
                    batch.AppendLevels(node.Definition, repetition);
                    batch.AppendBytes(Text(ref reader));
                    return;
                }
                ReadOnlySpan<byte> text = token switch
                {
                    JsonTokenType.String => Text(ref reader),
                    JsonTokenType.Number => reader.ValueSpan,
                    JsonTokenType.True => "true"u8,
                    JsonTokenType.False => "false"u8,
                    _ => throw Changed(ref reader, node),
                };
                batch.AppendLevels(node.Definition, repetition);
                batch.AppendBytes(text);
                return;
            case InferredType.Date:
                if (token != JsonTokenType.String || !IsoTemporal.TryParseDate(Text(ref reader), out var days)) throw Changed(ref reader, node);
                batch.AppendLevels(node.Definition, repetition);
                batch.AppendInt32(days);
                return;
            case InferredType.Timestamp:
            case InferredType.TimestampLocal:
                if (token != JsonTokenType.String
                    || !IsoTemporal.TryParseTimestamp(Text(ref reader), out var micros, out var hasOffset)
                    || hasOffset != (node.Type == InferredType.Timestamp))
                {
                    throw Changed(ref reader, node);
                }
                batch.AppendLevels(node.Definition, repetition);
                batch.AppendInt64(micros);
                return;
            default:
                batch.AppendLevels(node.Definition, repetition);
                batch.AppendBytes(JsonText(ref reader));
                return;
        }
    }

    /// <summary>
    /// Whether a JSON number literal has neither a fraction nor an exponent (inference counts it as an integer).
    /// A plain loop: numbers are short, shorter than what a vectorized search needs to pay off.
    /// </summary>
    internal static bool IsIntegerLiteral(ReadOnlySpan<byte> number)
    {
        foreach (var b in number)
        {
            if (b == (byte)'.' || (b | 0x20) == (byte)'e') return false;
        }
        return true;
    }

    /// <summary>A DOUBLE column's number in strict mode, counted as <see cref="SchemaInference"/> counts it.</summary>
    private static double StrictDouble(ref Utf8JsonReader reader, Node node)
    {
        var text = reader.ValueSpan;
        var parsed = reader.TryGetDouble(out var number);
        if (!IsIntegerLiteral(text))
        {
            node.Fractions++;
            if (!parsed || !double.IsFinite(number)) node.OutOfRange++;
        }
        else if (text.Length <= 18 || reader.TryGetInt64(out _))
        {
            node.Integers++;
        }
        else
        {
            node.BigIntegers++;
            if (!parsed || !double.IsFinite(number)) node.OutOfRange++;
        }
        if (!parsed && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number)) throw Changed(ref reader, node);
        return number;
    }

    private ReadOnlySpan<byte> JsonText(ref Utf8JsonReader reader) => RawJsonText.Of(ref reader, _record.Span, ref _json);

    /// <summary>Copies valid JSON text without the whitespace between tokens; returns the bytes written.</summary>
    internal static int Minify(ReadOnlySpan<byte> json, Span<byte> destination)
    {
        var written = 0;
        var i = 0;
        while (i < json.Length)
        {
            var b = json[i];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                i++;
                continue;
            }
            if (b != (byte)'"')
            {
                destination[written++] = b;
                i++;
                continue;
            }
            // A string: copy through to its closing quote, escapes included.
            var end = i + 1;
            while (true)
            {
                var k = json[end..].IndexOfAny((byte)'"', (byte)'\\');
                if (k < 0)
                {
                    end = json.Length;
                    break;
                }
                end += k;
                if (json[end] == (byte)'\\')
                {
                    end = Math.Min(end + 2, json.Length);
                    continue;
                }
                end++;
                break;
            }
            json[i..end].CopyTo(destination[written..]);
            written += end - i;
            i = end;
        }
        return written;
    }

    private ReadOnlySpan<byte> Text(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan;
        var raw = reader.ValueSpan;
        if (_scratch.Length < raw.Length) _scratch = new byte[Math.Max(raw.Length, _scratch.Length * 2)];
        try
        {
            return _scratch.AsSpan(0, reader.CopyString(_scratch));
        }
        catch (InvalidOperationException)
        {
            throw new RecordProblemException(reader.TokenStartIndex, JsonInputErrorKind.Encoding, RecordProblemException.LoneSurrogate);
        }
    }

    private void Nulls(Node node, int definition, int repetition)
    {
        var batches = _batches;
        for (var i = node.FirstLeaf; i < node.LeafEnd; i++) batches[i].AppendLevels(definition, repetition);
    }

    private static RecordProblemException Changed(ref Utf8JsonReader reader, Node node)
    {
        var found = reader.TokenType switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            _ => reader.TokenType.ToString(),
        };
        return new RecordProblemException(reader.TokenStartIndex, JsonInputErrorKind.Changed,
            $"'{Display(node)}' was inferred as {(node.Nullable ? "nullable " : "")}{InferredField.NameOf(node.Type)} but holds {found} here; the input must not change during the conversion");
    }

    private static string Display(Node node) => node.Path.Length == 0 ? "the record" : node.Path;

    /// <summary>One field of the schema with its levels and the batches of its leaves.</summary>
    private sealed class Node(InferredType type, bool nullable, int definition, string path)
    {
        public InferredType Type { get; } = type;
        public bool Nullable { get; } = nullable;

        /// <summary>Definition level when this field holds a value.</summary>
        public int Definition { get; } = definition;

        public string Path { get; } = path;
        public int FirstLeaf;
        public int LeafEnd;
        public long Stamp;
        public ColumnBatch? Batch;
        public FieldTable<Node>? Fields;
        public Node[]? Children;
        public Node? Element;
        public int ElementRepetition;
        public object? Origin;
        public long Integers;
        public long BigIntegers;
        public long Fractions;
        public long OutOfRange;
    }
}
