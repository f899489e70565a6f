namespace Etl.Parquet.Schema;

/// <summary>
/// What a leaf column's values mean, resolved once from the physical type, the logical type and the legacy
/// converted type — so hot loops switch on one small enum instead of re-reading annotations per value.
/// </summary>
public enum ValueKind
{
    Boolean,
    Int32,
    UInt32,
    Int64,
    UInt64,
    Float,
    Double,
    /// <summary>IEEE half precision in a 2-byte FIXED_LEN_BYTE_ARRAY.</summary>
    Float16,
    /// <summary>Unscaled integer (INT32, INT64, big-endian two's complement bytes) with <see cref="ColumnDescriptor.Scale"/>.</summary>
    Decimal,
    /// <summary>UTF-8 text (STRING/UTF8, ENUM).</summary>
    String,
    /// <summary>UTF-8 text holding a JSON document, embedded as a JSON value.</summary>
    Json,
    /// <summary>Opaque bytes (no annotation, BSON, unsupported logical types), rendered base64.</summary>
    Bytes,
    Uuid,
    /// <summary>Days since 1970-01-01 in INT32.</summary>
    Date,
    TimeMillis,
    TimeMicros,
    TimeNanos,
    TimestampMillis,
    TimestampMicros,
    TimestampNanos,
    /// <summary>Legacy 12-byte timestamp: nanoseconds of day (8 bytes LE) then Julian day (4 bytes LE).</summary>
    Int96Timestamp,
    /// <summary>12-byte FIXED_LEN_BYTE_ARRAY: months, days, milliseconds as unsigned 32-bit LE.</summary>
    Interval,
    /// <summary>The NULL logical type: every value is null.</summary>
    Null,
}
