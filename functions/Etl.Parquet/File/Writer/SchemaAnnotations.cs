using Etl.Parquet.Meta;

namespace Etl.Parquet.File.Writer;

/// <summary>
/// Completes schema elements for the footer: an element with only a logical type also gets the matching legacy
/// converted type (older readers know only those), and one with only a converted type gets the logical type.
/// The caller's elements are not modified; copies are returned.
/// </summary>
internal static class SchemaAnnotations
{
    public static List<SchemaElement> Complete(IReadOnlyList<SchemaElement> elements)
    {
        var result = new List<SchemaElement>(elements.Count);
        for (int i = 0; i < elements.Count; i++)
        {
            var source = elements[i] ?? throw new ArgumentException($"schema element {i} is null", nameof(elements));
            var element = new SchemaElement
            {
                Type = source.Type,
                TypeLength = source.TypeLength,
                RepetitionType = source.RepetitionType,
                Name = source.Name,
                NumChildren = source.NumChildren,
                ConvertedType = source.ConvertedType,
                Scale = source.Scale,
                Precision = source.Precision,
                FieldId = source.FieldId,
                LogicalType = source.LogicalType,
            };
            if (element.LogicalType is { Kind: not LogicalTypeKind.Unknown } logical)
            {
                element.ConvertedType ??= ConvertedFor(logical);
                if (logical.Kind == LogicalTypeKind.Decimal)
                {
                    element.Scale ??= logical.Scale;
                    element.Precision ??= logical.Precision;
                }
            }
            else if (element.LogicalType is null && element.ConvertedType is { } converted)
            {
                element.LogicalType = LogicalFor(converted, element);
            }
            result.Add(element);
        }
        return result;
    }

    /// <summary>The legacy annotation the format's compatibility rules pair with <paramref name="logical"/>, if any.</summary>
    public static ConvertedType? ConvertedFor(LogicalType logical) => logical.Kind switch
    {
        LogicalTypeKind.String => ConvertedType.Utf8,
        LogicalTypeKind.Map => ConvertedType.Map,
        LogicalTypeKind.List => ConvertedType.List,
        LogicalTypeKind.Enum => ConvertedType.Enum,
        LogicalTypeKind.Decimal => ConvertedType.Decimal,
        LogicalTypeKind.Date => ConvertedType.Date,
        LogicalTypeKind.Json => ConvertedType.Json,
        LogicalTypeKind.Bson => ConvertedType.Bson,
        // TIME_* and TIMESTAMP_* mean UTC-adjusted; local times and nanoseconds have no legacy form.
        LogicalTypeKind.Time when logical.IsAdjustedToUtc => logical.Unit switch
        {
            TimeUnit.Millis => ConvertedType.TimeMillis,
            TimeUnit.Micros => ConvertedType.TimeMicros,
            _ => null,
        },
        LogicalTypeKind.Timestamp when logical.IsAdjustedToUtc => logical.Unit switch
        {
            TimeUnit.Millis => ConvertedType.TimestampMillis,
            TimeUnit.Micros => ConvertedType.TimestampMicros,
            _ => null,
        },
        LogicalTypeKind.Integer => (logical.BitWidth, logical.IsSigned) switch
        {
            (8, true) => ConvertedType.Int8,
            (16, true) => ConvertedType.Int16,
            (32, true) => ConvertedType.Int32,
            (64, true) => ConvertedType.Int64,
            (8, false) => ConvertedType.Uint8,
            (16, false) => ConvertedType.Uint16,
            (32, false) => ConvertedType.Uint32,
            (64, false) => ConvertedType.Uint64,
            _ => null,
        },
        _ => null,
    };

    private static LogicalType? LogicalFor(ConvertedType converted, SchemaElement element) => converted switch
    {
        ConvertedType.Utf8 => new LogicalType { Kind = LogicalTypeKind.String, FieldId = 1 },
        ConvertedType.Map => new LogicalType { Kind = LogicalTypeKind.Map, FieldId = 2 },
        ConvertedType.List => new LogicalType { Kind = LogicalTypeKind.List, FieldId = 3 },
        ConvertedType.Enum => new LogicalType { Kind = LogicalTypeKind.Enum, FieldId = 4 },
        ConvertedType.Decimal when element.Precision is { } precision => new LogicalType
        {
            Kind = LogicalTypeKind.Decimal,
            FieldId = 5,
            Scale = element.Scale ?? 0,
            Precision = precision,
        },
        ConvertedType.Date => new LogicalType { Kind = LogicalTypeKind.Date, FieldId = 6 },
        ConvertedType.TimeMillis => Time(LogicalTypeKind.Time, TimeUnit.Millis),
        ConvertedType.TimeMicros => Time(LogicalTypeKind.Time, TimeUnit.Micros),
        ConvertedType.TimestampMillis => Time(LogicalTypeKind.Timestamp, TimeUnit.Millis),
        ConvertedType.TimestampMicros => Time(LogicalTypeKind.Timestamp, TimeUnit.Micros),
        ConvertedType.Int8 => Integer(8, true),
        ConvertedType.Int16 => Integer(16, true),
        ConvertedType.Int32 => Integer(32, true),
        ConvertedType.Int64 => Integer(64, true),
        ConvertedType.Uint8 => Integer(8, false),
        ConvertedType.Uint16 => Integer(16, false),
        ConvertedType.Uint32 => Integer(32, false),
        ConvertedType.Uint64 => Integer(64, false),
        ConvertedType.Json => new LogicalType { Kind = LogicalTypeKind.Json, FieldId = 12 },
        ConvertedType.Bson => new LogicalType { Kind = LogicalTypeKind.Bson, FieldId = 13 },
        // MAP_KEY_VALUE and INTERVAL have no logical type.
        _ => null,
    };

    private static LogicalType Time(LogicalTypeKind kind, TimeUnit unit) =>
        new() { Kind = kind, FieldId = (short)kind, IsAdjustedToUtc = true, Unit = unit };

    private static LogicalType Integer(int bitWidth, bool signed) =>
        new() { Kind = LogicalTypeKind.Integer, FieldId = 10, BitWidth = bitWidth, IsSigned = signed };
}
