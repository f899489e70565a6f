using Etl.Parquet.Meta;

namespace Etl.Parquet.Schema;

/// <summary>Maps physical + logical (or legacy converted) annotations to a <see cref="ValueKind"/>.</summary>
internal static class ValueKindResolver
{
    public static ValueKind Resolve(SchemaElement e, out int scale, out int precision, out bool adjustedToUtc)
    {
        scale = e.Scale ?? 0;
        precision = e.Precision ?? 0;
        adjustedToUtc = true;
        var physical = e.Type!.Value;
        var logical = e.LogicalType;
        if (logical is not null && logical.Kind != LogicalTypeKind.Unknown)
        {
            var kind = FromLogical(logical, physical, e.TypeLength ?? 0, ref scale, ref precision, ref adjustedToUtc);
            if (kind is not null) return kind.Value;
        }
        else if (logical is null && e.ConvertedType is { } converted)
        {
            var kind = FromConverted(converted, physical, e.TypeLength ?? 0);
            if (kind is not null) return kind.Value;
        }
        return FromPhysical(physical);
    }

    private static ValueKind? FromLogical(LogicalType t, PhysicalType p, int length, ref int scale, ref int precision, ref bool utc)
    {
        switch (t.Kind)
        {
            case LogicalTypeKind.String:
            case LogicalTypeKind.Enum:
                return p == PhysicalType.ByteArray || p == PhysicalType.FixedLenByteArray ? ValueKind.String : null;
            case LogicalTypeKind.Json:
                return p == PhysicalType.ByteArray ? ValueKind.Json : null;
            case LogicalTypeKind.Bson:
                return ValueKind.Bytes;
            case LogicalTypeKind.Uuid:
                return p == PhysicalType.FixedLenByteArray && length == 16 ? ValueKind.Uuid : null;
            case LogicalTypeKind.Float16:
                return p == PhysicalType.FixedLenByteArray && length == 2 ? ValueKind.Float16 : null;
            case LogicalTypeKind.Decimal:
                scale = t.Scale;
                precision = t.Precision;
                return IsDecimalCarrier(p) && scale >= 0 ? ValueKind.Decimal : null;
            case LogicalTypeKind.Date:
                return p == PhysicalType.Int32 ? ValueKind.Date : null;
            case LogicalTypeKind.Time:
                utc = t.IsAdjustedToUtc;
                return (t.Unit, p) switch
                {
                    (TimeUnit.Millis, PhysicalType.Int32) => ValueKind.TimeMillis,
                    (TimeUnit.Micros, PhysicalType.Int64) => ValueKind.TimeMicros,
                    (TimeUnit.Nanos, PhysicalType.Int64) => ValueKind.TimeNanos,
                    _ => null,
                };
            case LogicalTypeKind.Timestamp:
                utc = t.IsAdjustedToUtc;
                if (p != PhysicalType.Int64) return null;
                return t.Unit switch
                {
                    TimeUnit.Millis => ValueKind.TimestampMillis,
                    TimeUnit.Micros => ValueKind.TimestampMicros,
                    _ => ValueKind.TimestampNanos,
                };
            case LogicalTypeKind.Integer:
                if (p == PhysicalType.Int32 && t.BitWidth <= 32) return t.IsSigned ? ValueKind.Int32 : ValueKind.UInt32;
                if (p == PhysicalType.Int64) return t.IsSigned ? ValueKind.Int64 : ValueKind.UInt64;
                return null;
            case LogicalTypeKind.Null:
                return ValueKind.Null;
            default:
                // MAP/LIST on a leaf, VARIANT, GEOMETRY, GEOGRAPHY: the value as its physical type gives it.
                return null;
        }
    }

    private static ValueKind? FromConverted(ConvertedType c, PhysicalType p, int length) => c switch
    {
        ConvertedType.Utf8 or ConvertedType.Enum when p is PhysicalType.ByteArray or PhysicalType.FixedLenByteArray => ValueKind.String,
        ConvertedType.Json when p == PhysicalType.ByteArray => ValueKind.Json,
        ConvertedType.Bson => ValueKind.Bytes,
        ConvertedType.Decimal when IsDecimalCarrier(p) => ValueKind.Decimal,
        ConvertedType.Date when p == PhysicalType.Int32 => ValueKind.Date,
        ConvertedType.TimeMillis when p == PhysicalType.Int32 => ValueKind.TimeMillis,
        ConvertedType.TimeMicros when p == PhysicalType.Int64 => ValueKind.TimeMicros,
        ConvertedType.TimestampMillis when p == PhysicalType.Int64 => ValueKind.TimestampMillis,
        ConvertedType.TimestampMicros when p == PhysicalType.Int64 => ValueKind.TimestampMicros,
        ConvertedType.Int8 or ConvertedType.Int16 or ConvertedType.Int32 when p == PhysicalType.Int32 => ValueKind.Int32,
        ConvertedType.Uint8 or ConvertedType.Uint16 or ConvertedType.Uint32 when p == PhysicalType.Int32 => ValueKind.UInt32,
        ConvertedType.Int64 when p == PhysicalType.Int64 => ValueKind.Int64,
        ConvertedType.Uint64 when p == PhysicalType.Int64 => ValueKind.UInt64,
        ConvertedType.Interval when p == PhysicalType.FixedLenByteArray && length == 12 => ValueKind.Interval,
        _ => null,
    };

    private static ValueKind FromPhysical(PhysicalType p) => p switch
    {
        PhysicalType.Boolean => ValueKind.Boolean,
        PhysicalType.Int32 => ValueKind.Int32,
        PhysicalType.Int64 => ValueKind.Int64,
        PhysicalType.Int96 => ValueKind.Int96Timestamp,
        PhysicalType.Float => ValueKind.Float,
        PhysicalType.Double => ValueKind.Double,
        _ => ValueKind.Bytes,
    };

    private static bool IsDecimalCarrier(PhysicalType p) =>
        p is PhysicalType.Int32 or PhysicalType.Int64 or PhysicalType.FixedLenByteArray or PhysicalType.ByteArray;
}
