using System.Text.Json;
using Etl.Parquet.Meta;

namespace Etl.Core.Json;

/// <summary>The type a JSON field is stored as in Parquet.</summary>
public enum InferredType
{
    /// <summary>BYTE_ARRAY (STRING).</summary>
    String,

    /// <summary>BOOLEAN.</summary>
    Boolean,

    /// <summary>INT64.</summary>
    Int64,

    /// <summary>DOUBLE.</summary>
    Double,

    /// <summary>INT32 (DATE): days since 1970-01-01.</summary>
    Date,

    /// <summary>INT64 TIMESTAMP(MICROS, isAdjustedToUTC = true): every value carried a UTC offset.</summary>
    Timestamp,

    /// <summary>INT64 TIMESTAMP(MICROS, isAdjustedToUTC = false): no value carried an offset (local wall-clock time).</summary>
    TimestampLocal,

    /// <summary>BYTE_ARRAY (JSON): the value's JSON text, minified. Used when a field's values have conflicting shapes.</summary>
    Json,

    /// <summary>A group of named fields (from JSON objects).</summary>
    Struct,

    /// <summary>A three-level LIST of <see cref="InferredField.Element"/> (from JSON arrays).</summary>
    List,
}

/// <summary>One field of an inferred schema: a column, a struct or a list.</summary>
public sealed class InferredField
{
    public InferredField(string name, InferredType type, bool nullable, IReadOnlyList<InferredField>? fields = null,
        InferredField? element = null, long widened = 0, string? note = null)
    {
        if (type == InferredType.Struct && (fields is null || fields.Count == 0))
            throw new ArgumentException("a struct needs at least one field", nameof(fields));
        if (type == InferredType.List && element is null) throw new ArgumentException("a list needs an element", nameof(element));
        Name = name;
        Type = type;
        Nullable = nullable;
        Fields = type == InferredType.Struct ? fields! : [];
        Element = type == InferredType.List ? element : null;
        Widened = widened;
        Note = note;
    }

    /// <summary>The JSON key, exactly as written (unescaped); "element" for a list's element.</summary>
    public string Name { get; }

    public InferredType Type { get; }

    /// <summary>False only when no record lacks the field and no value is null (Parquet REQUIRED).</summary>
    public bool Nullable { get; }

    /// <summary>The struct's fields in first-appearance order; empty for other types.</summary>
    public IReadOnlyList<InferredField> Fields { get; }

    /// <summary>The list's element; null for other types.</summary>
    public InferredField? Element { get; }

    /// <summary>How many values were stored in a type other than their own (an integer in a DOUBLE column, a number in a STRING column, any value in a JSON column).</summary>
    public long Widened { get; }

    /// <summary>Why the type was widened or could not be inferred; null when nothing is worth saying.</summary>
    public string? Note { get; }

    /// <summary>The inference node a DOUBLE field was resolved from (single-pass conversion only); null otherwise.</summary>
    internal object? Origin { get; init; }

    /// <summary>The type's name in reports: STRING, BOOLEAN, INT64, DOUBLE, DATE, TIMESTAMP, TIMESTAMP_LOCAL, JSON, STRUCT, LIST.</summary>
    public string TypeName => NameOf(Type);

    public override string ToString() => $"{Name}: {TypeName}{(Nullable ? "?" : "")}";

    internal static string NameOf(InferredType type) => type switch
    {
        InferredType.String => "STRING",
        InferredType.Boolean => "BOOLEAN",
        InferredType.Int64 => "INT64",
        InferredType.Double => "DOUBLE",
        InferredType.Date => "DATE",
        InferredType.Timestamp => "TIMESTAMP",
        InferredType.TimestampLocal => "TIMESTAMP_LOCAL",
        InferredType.Json => "JSON",
        InferredType.Struct => "STRUCT",
        InferredType.List => "LIST",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    internal static InferredType Parse(string name) => name switch
    {
        "STRING" => InferredType.String,
        "BOOLEAN" => InferredType.Boolean,
        "INT64" => InferredType.Int64,
        "DOUBLE" => InferredType.Double,
        "DATE" => InferredType.Date,
        "TIMESTAMP" => InferredType.Timestamp,
        "TIMESTAMP_LOCAL" => InferredType.TimestampLocal,
        "JSON" => InferredType.Json,
        "STRUCT" => InferredType.Struct,
        "LIST" => InferredType.List,
        _ => throw new FormatException($"unknown inferred type '{name}'"),
    };
}

/// <summary>
/// One line of the inference report: a field anywhere in the tree, named by its path (<c>a.b[].c</c>, where
/// <c>[]</c> is a list's element).
/// </summary>
public sealed record InferredColumn(string Path, string Type, bool Nullable, long Widened, string? Note);

/// <summary>
/// The schema inferred from every record of a JSON input (see ../shared/spec/parquet-json.md, "JSON → Parquet").
/// Stored in the Parquet file's key-value metadata under <see cref="MetadataKey"/> so a round trip can restore it.
/// </summary>
public sealed class InferredSchema
{
    /// <summary>The key-value metadata key holding <see cref="ToJson"/>.</summary>
    public const string MetadataKey = "agentic-etl.schema";

    /// <summary>The column that holds each record when the records are not all objects.</summary>
    public const string ValueColumn = "value";

    private const int FormatVersion = 1;

    public InferredSchema(long recordCount, JsonInputShape shape, bool wrapsValues, IReadOnlyList<InferredField> fields)
    {
        if (wrapsValues && (fields.Count != 1 || fields[0].Name != ValueColumn))
            throw new ArgumentException($"a schema that wraps values has exactly one field, '{ValueColumn}'", nameof(fields));
        RecordCount = recordCount;
        Shape = shape;
        WrapsValues = wrapsValues;
        Fields = fields;
    }

    /// <summary>Records read (= rows written).</summary>
    public long RecordCount { get; }

    /// <summary>The input's top-level layout.</summary>
    public JsonInputShape Shape { get; }

    /// <summary>
    /// True when some record is not an object (a top-level scalar, or an array with a scalar, array or null element):
    /// then each record is one row with a single column <see cref="ValueColumn"/> holding the record.
    /// </summary>
    public bool WrapsValues { get; }

    /// <summary>The top-level fields (columns), in first-appearance order.</summary>
    public IReadOnlyList<InferredField> Fields { get; }

    /// <summary>Values stored in a wider type than their own, over all fields.</summary>
    public long WidenedValues
    {
        get
        {
            long total = 0;
            foreach (var column in Columns()) total += column.Widened;
            return total;
        }
    }

    /// <summary>Every field of the tree, depth first, with its path.</summary>
    public IReadOnlyList<InferredColumn> Columns()
    {
        var list = new List<InferredColumn>();
        foreach (var field in Fields) Flatten(field, field.Name, list);
        return list;
    }

    private static void Flatten(InferredField field, string path, List<InferredColumn> list)
    {
        list.Add(new InferredColumn(path, field.TypeName, field.Nullable, field.Widened, field.Note));
        if (field.Type == InferredType.Struct)
        {
            foreach (var child in field.Fields) Flatten(child, $"{path}.{child.Name}", list);
        }
        else if (field.Element is { } element)
        {
            Flatten(element, path + "[]", list);
        }
    }

    /// <summary>The Parquet schema (depth-first element list, root first) this schema is written with.</summary>
    public IReadOnlyList<SchemaElement> ToParquetSchema()
    {
        var elements = new List<SchemaElement> { new() { Name = "schema", NumChildren = Fields.Count } };
        foreach (var field in Fields) AddParquet(field, field.Name, elements);
        return elements;
    }

    private static void AddParquet(InferredField field, string name, List<SchemaElement> elements)
    {
        var repetition = field.Nullable ? FieldRepetitionType.Optional : FieldRepetitionType.Required;
        switch (field.Type)
        {
            case InferredType.Struct:
                elements.Add(new SchemaElement { Name = name, RepetitionType = repetition, NumChildren = field.Fields.Count });
                foreach (var child in field.Fields) AddParquet(child, child.Name, elements);
                break;
            case InferredType.List:
                elements.Add(new SchemaElement
                {
                    Name = name,
                    RepetitionType = repetition,
                    NumChildren = 1,
                    ConvertedType = ConvertedType.List,
                    LogicalType = new LogicalType { Kind = LogicalTypeKind.List },
                });
                elements.Add(new SchemaElement { Name = "list", RepetitionType = FieldRepetitionType.Repeated, NumChildren = 1 });
                AddParquet(field.Element!, "element", elements);
                break;
            default:
                var leaf = new SchemaElement { Name = name, RepetitionType = repetition };
                SetLeafType(field.Type, leaf);
                elements.Add(leaf);
                break;
        }
    }

    private static void SetLeafType(InferredType type, SchemaElement leaf)
    {
        switch (type)
        {
            case InferredType.Boolean:
                leaf.Type = PhysicalType.Boolean;
                break;
            case InferredType.Int64:
                leaf.Type = PhysicalType.Int64;
                break;
            case InferredType.Double:
                leaf.Type = PhysicalType.Double;
                break;
            case InferredType.Date:
                leaf.Type = PhysicalType.Int32;
                leaf.ConvertedType = ConvertedType.Date;
                leaf.LogicalType = new LogicalType { Kind = LogicalTypeKind.Date };
                break;
            case InferredType.Timestamp:
                leaf.Type = PhysicalType.Int64;
                leaf.ConvertedType = ConvertedType.TimestampMicros;
                leaf.LogicalType = new LogicalType { Kind = LogicalTypeKind.Timestamp, IsAdjustedToUtc = true, Unit = TimeUnit.Micros };
                break;
            case InferredType.TimestampLocal:
                // No converted type: TIMESTAMP_MICROS would claim UTC adjustment.
                leaf.Type = PhysicalType.Int64;
                leaf.LogicalType = new LogicalType { Kind = LogicalTypeKind.Timestamp, IsAdjustedToUtc = false, Unit = TimeUnit.Micros };
                break;
            case InferredType.Json:
                leaf.Type = PhysicalType.ByteArray;
                leaf.ConvertedType = ConvertedType.Json;
                leaf.LogicalType = new LogicalType { Kind = LogicalTypeKind.Json };
                break;
            default:
                leaf.Type = PhysicalType.ByteArray;
                leaf.ConvertedType = ConvertedType.Utf8;
                leaf.LogicalType = new LogicalType { Kind = LogicalTypeKind.String };
                break;
        }
    }

    /// <summary>
    /// The schema as JSON: <c>{"version":1,"records":n,"shape":"objects|array|value","wrapsValues":b,"fields":[…]}</c>,
    /// each field <c>{"name","type","nullable","widened"?,"note"?,"fields"?|"element"?}</c>.
    /// </summary>
    public string ToJson(bool indented = false)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = indented,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", FormatVersion);
            writer.WriteNumber("records", RecordCount);
            writer.WriteString("shape", ShapeName(Shape));
            writer.WriteBoolean("wrapsValues", WrapsValues);
            writer.WriteStartArray("fields");
            foreach (var field in Fields) WriteField(writer, field);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteField(Utf8JsonWriter writer, InferredField field)
    {
        writer.WriteStartObject();
        writer.WriteString("name", field.Name);
        writer.WriteString("type", field.TypeName);
        writer.WriteBoolean("nullable", field.Nullable);
        if (field.Widened != 0) writer.WriteNumber("widened", field.Widened);
        if (field.Note is not null) writer.WriteString("note", field.Note);
        if (field.Type == InferredType.Struct)
        {
            writer.WriteStartArray("fields");
            foreach (var child in field.Fields) WriteField(writer, child);
            writer.WriteEndArray();
        }
        else if (field.Element is { } element)
        {
            writer.WritePropertyName("element");
            WriteField(writer, element);
        }
        writer.WriteEndObject();
    }

    /// <summary>Reads what <see cref="ToJson"/> wrote; throws <see cref="FormatException"/> otherwise.</summary>
    public static InferredSchema Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 2048 });
            var root = document.RootElement;
            var version = root.GetProperty("version").GetInt32();
            if (version != FormatVersion) throw new FormatException($"inferred schema format version {version} is not supported (expected {FormatVersion})");
            var fields = new List<InferredField>();
            foreach (var field in root.GetProperty("fields").EnumerateArray()) fields.Add(ReadField(field));
            return new InferredSchema(root.GetProperty("records").GetInt64(), ParseShape(root.GetProperty("shape").GetString()),
                root.GetProperty("wrapsValues").GetBoolean(), fields);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"not an inferred schema: {e.Message}", e);
        }
    }

    /// <summary>The schema stored in a Parquet file's key-value metadata, or null when the file has none.</summary>
    public static InferredSchema? FromParquetMetadata(IEnumerable<KeyValue>? keyValues)
    {
        if (keyValues is null) return null;
        foreach (var pair in keyValues)
        {
            if (pair.Key == MetadataKey && pair.Value is not null) return Parse(pair.Value);
        }
        return null;
    }

    private static InferredField ReadField(JsonElement e)
    {
        var type = InferredField.Parse(e.GetProperty("type").GetString() ?? "");
        List<InferredField>? fields = null;
        InferredField? element = null;
        if (type == InferredType.Struct)
        {
            fields = [];
            foreach (var child in e.GetProperty("fields").EnumerateArray()) fields.Add(ReadField(child));
        }
        else if (type == InferredType.List)
        {
            element = ReadField(e.GetProperty("element"));
        }
        return new InferredField(
            e.GetProperty("name").GetString() ?? "",
            type,
            e.GetProperty("nullable").GetBoolean(),
            fields,
            element,
            e.TryGetProperty("widened", out var widened) ? widened.GetInt64() : 0,
            e.TryGetProperty("note", out var note) ? note.GetString() : null);
    }

    internal static string ShapeName(JsonInputShape shape) => shape switch
    {
        JsonInputShape.Objects => "objects",
        JsonInputShape.Array => "array",
        _ => "value",
    };

    private static JsonInputShape ParseShape(string? name) => name switch
    {
        "objects" => JsonInputShape.Objects,
        "array" => JsonInputShape.Array,
        "value" => JsonInputShape.Value,
        _ => throw new FormatException($"unknown input shape '{name}'"),
    };
}
