using System.Globalization;

namespace Etl.Core.Datasets.Ddl;

/// <summary>
/// The Hive type Athena and Glue read a table column's Parquet values as. JSON text is a STRING (Athena's JSON
/// functions take strings); both timestamp kinds are TIMESTAMP, because Hive DDL has no zoned timestamp and Athena
/// reads a UTC-adjusted Parquet timestamp as the instant in UTC.
/// </summary>
public static class HiveTypes
{
    /// <summary>The Hive type of <paramref name="type"/>: STRING, BOOLEAN, INT, BIGINT, DECIMAL(p,s), DOUBLE, DATE, TIMESTAMP or ARRAY&lt;…&gt;.</summary>
    public static string Of(ColumnType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind switch
        {
            ColumnKind.String or ColumnKind.Json => "STRING",
            ColumnKind.Boolean => "BOOLEAN",
            ColumnKind.Int32 => "INT",
            ColumnKind.Int64 => "BIGINT",
            ColumnKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({type.Precision},{type.Scale})"),
            ColumnKind.Double => "DOUBLE",
            ColumnKind.Date => "DATE",
            ColumnKind.Timestamp or ColumnKind.TimestampLocal => "TIMESTAMP",
            ColumnKind.List => $"ARRAY<{Of(type.Element!)}>",
            _ => throw new ArgumentOutOfRangeException(nameof(type), type.Name, "no Hive type for this column type"),
        };
    }
}
