using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Etl.Core.Json;

namespace Etl.Core.Datasets;

/// <summary>The kinds of column a dataset table can have.</summary>
/// <remarks>
/// The JSON path writes String through List (see <see cref="InferredType"/>); Int32 and Decimal exist because a
/// dataset can also be loaded from Parquet, whose INT32 and DECIMAL columns must not be folded into INT64 or DOUBLE
/// (that fold would hide a real widening on the next load). Struct is absent: normalization flattens objects into
/// <c>a__b</c> columns, so a table column is never a group.
/// </remarks>
public enum ColumnKind
{
    /// <summary>UTF-8 text.</summary>
    String,

    /// <summary>true/false.</summary>
    Boolean,

    /// <summary>32-bit integer (Parquet inputs only).</summary>
    Int32,

    /// <summary>64-bit integer.</summary>
    Int64,

    /// <summary>Exact decimal with a precision and a scale (Parquet inputs only).</summary>
    Decimal,

    /// <summary>64-bit floating point.</summary>
    Double,

    /// <summary>A calendar date.</summary>
    Date,

    /// <summary>An instant (UTC-adjusted timestamp).</summary>
    Timestamp,

    /// <summary>A wall-clock date and time without a zone.</summary>
    TimestampLocal,

    /// <summary>JSON text (values whose shapes conflict).</summary>
    Json,

    /// <summary>A kept array: a Parquet LIST of <see cref="ColumnType.Element"/>.</summary>
    List,
}

/// <summary>
/// The type of one table column, written in tables.json as its name: <c>STRING</c>, <c>BOOLEAN</c>, <c>INT32</c>,
/// <c>INT64</c>, <c>DECIMAL(p,s)</c>, <c>DOUBLE</c>, <c>DATE</c>, <c>TIMESTAMP</c>, <c>TIMESTAMP_LOCAL</c>,
/// <c>JSON</c>, <c>LIST&lt;element&gt;</c>. Names match the inference report's type names.
/// </summary>
[JsonConverter(typeof(ColumnTypeJsonConverter))]
public sealed record ColumnType
{
    private ColumnType(ColumnKind kind, ColumnType? element, int precision, int scale)
    {
        Kind = kind;
        Element = element;
        Precision = precision;
        Scale = scale;
    }

    /// <summary>The kind of the column.</summary>
    public ColumnKind Kind { get; }

    /// <summary>The element type of a <see cref="ColumnKind.List"/>; null otherwise.</summary>
    public ColumnType? Element { get; }

    /// <summary>Total digits of a <see cref="ColumnKind.Decimal"/>; 0 otherwise.</summary>
    public int Precision { get; }

    /// <summary>Digits after the point of a <see cref="ColumnKind.Decimal"/>; 0 otherwise.</summary>
    public int Scale { get; }

    /// <summary>STRING.</summary>
    public static ColumnType String { get; } = new(ColumnKind.String, null, 0, 0);

    /// <summary>BOOLEAN.</summary>
    public static ColumnType Boolean { get; } = new(ColumnKind.Boolean, null, 0, 0);

    /// <summary>INT32.</summary>
    public static ColumnType Int32 { get; } = new(ColumnKind.Int32, null, 0, 0);

    /// <summary>INT64.</summary>
    public static ColumnType Int64 { get; } = new(ColumnKind.Int64, null, 0, 0);

    /// <summary>DOUBLE.</summary>
    public static ColumnType Double { get; } = new(ColumnKind.Double, null, 0, 0);

    /// <summary>DATE.</summary>
    public static ColumnType Date { get; } = new(ColumnKind.Date, null, 0, 0);

    /// <summary>TIMESTAMP (an instant).</summary>
    public static ColumnType Timestamp { get; } = new(ColumnKind.Timestamp, null, 0, 0);

    /// <summary>TIMESTAMP_LOCAL (wall-clock, no zone).</summary>
    public static ColumnType TimestampLocal { get; } = new(ColumnKind.TimestampLocal, null, 0, 0);

    /// <summary>JSON text.</summary>
    public static ColumnType Json { get; } = new(ColumnKind.Json, null, 0, 0);

    /// <summary>DECIMAL(precision, scale); precision 1–38, scale 0–precision (Parquet's limits).</summary>
    public static ColumnType Decimal(int precision, int scale)
    {
        if (precision is < 1 or > 38) throw new ArgumentOutOfRangeException(nameof(precision), precision, "a decimal's precision is 1 to 38");
        if (scale < 0 || scale > precision) throw new ArgumentOutOfRangeException(nameof(scale), scale, "a decimal's scale is 0 to its precision");
        return new ColumnType(ColumnKind.Decimal, null, precision, scale);
    }

    /// <summary>LIST&lt;element&gt;.</summary>
    public static ColumnType ListOf(ColumnType element) =>
        new(ColumnKind.List, element ?? throw new ArgumentNullException(nameof(element)), 0, 0);

    /// <summary>The type's name as tables.json and change reasons write it.</summary>
    public string Name => Kind switch
    {
        ColumnKind.String => "STRING",
        ColumnKind.Boolean => "BOOLEAN",
        ColumnKind.Int32 => "INT32",
        ColumnKind.Int64 => "INT64",
        ColumnKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({Precision},{Scale})"),
        ColumnKind.Double => "DOUBLE",
        ColumnKind.Date => "DATE",
        ColumnKind.Timestamp => "TIMESTAMP",
        ColumnKind.TimestampLocal => "TIMESTAMP_LOCAL",
        ColumnKind.Json => "JSON",
        _ => $"LIST<{Element!.Name}>",
    };

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>Reads a name written by <see cref="Name"/>; throws <see cref="FormatException"/> naming the text otherwise.</summary>
    public static ColumnType Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParse(name) ?? throw new FormatException(
            $"unknown column type '{name}': expected STRING, BOOLEAN, INT32, INT64, DECIMAL(p,s), DOUBLE, DATE, TIMESTAMP, TIMESTAMP_LOCAL, JSON or LIST<type>");
    }

    private static ColumnType? TryParse(string name)
    {
        switch (name)
        {
            case "STRING": return String;
            case "BOOLEAN": return Boolean;
            case "INT32": return Int32;
            case "INT64": return Int64;
            case "DOUBLE": return Double;
            case "DATE": return Date;
            case "TIMESTAMP": return Timestamp;
            case "TIMESTAMP_LOCAL": return TimestampLocal;
            case "JSON": return Json;
        }
        if (name.StartsWith("LIST<", StringComparison.Ordinal) && name.EndsWith('>'))
            return TryParse(name[5..^1]) is { } element ? ListOf(element) : null;
        if (name.StartsWith("DECIMAL(", StringComparison.Ordinal) && name.EndsWith(')'))
        {
            var parts = name[8..^1].Split(',');
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var precision)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var scale)
                && precision is >= 1 and <= 38 && scale <= precision)
                return Decimal(precision, scale);
        }
        return null;
    }

    /// <summary>
    /// The column type of an inferred field. A struct has no column type (normalization flattens it first), so it
    /// throws <see cref="ArgumentException"/>.
    /// </summary>
    public static ColumnType FromInferred(InferredField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Type switch
        {
            InferredType.String => String,
            InferredType.Boolean => Boolean,
            InferredType.Int64 => Int64,
            InferredType.Double => Double,
            InferredType.Date => Date,
            InferredType.Timestamp => Timestamp,
            InferredType.TimestampLocal => TimestampLocal,
            InferredType.Json => Json,
            InferredType.List => ListOf(FromInferred(field.Element!)),
            _ => throw new ArgumentException($"field '{field.Name}' is a struct: flatten it into columns before cataloguing it", nameof(field)),
        };
    }
}

/// <summary>Writes a <see cref="ColumnType"/> as its name, so tables.json carries <c>"type": "INT64"</c>.</summary>
public sealed class ColumnTypeJsonConverter : JsonConverter<ColumnType>
{
    /// <inheritdoc/>
    public override ColumnType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return ColumnType.Parse(reader.GetString() ?? throw new JsonException("a column type is a string"));
        }
        catch (FormatException e)
        {
            throw new JsonException(e.Message, e);
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, ColumnType value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Name);
}
