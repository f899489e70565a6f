using System.Globalization;

namespace Etl.Core.Datasets.Ddl;

/// <summary>
/// The type a table column gets in the plain DDL of DuckDB or PostgreSQL. A UTC-adjusted timestamp is TIMESTAMPTZ and
/// a wall-clock one TIMESTAMP, so the instant is not reinterpreted in the session's zone; JSON text is JSON (DuckDB) or
/// JSONB (PostgreSQL); a kept list is an array <c>T[]</c>.
/// </summary>
public static class SqlTypes
{
    /// <summary>The type of <paramref name="type"/> in <paramref name="dialect"/>.</summary>
    public static string Of(ColumnType type, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(type);
        var duck = dialect == SqlDialect.DuckDb;
        return type.Kind switch
        {
            ColumnKind.String => duck ? "VARCHAR" : "TEXT",
            ColumnKind.Boolean => "BOOLEAN",
            ColumnKind.Int32 => "INTEGER",
            ColumnKind.Int64 => "BIGINT",
            ColumnKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({type.Precision},{type.Scale})"),
            ColumnKind.Double => duck ? "DOUBLE" : "DOUBLE PRECISION",
            ColumnKind.Date => "DATE",
            ColumnKind.Timestamp => "TIMESTAMPTZ",
            ColumnKind.TimestampLocal => "TIMESTAMP",
            ColumnKind.Json => duck ? "JSON" : "JSONB",
            // PostgreSQL arrays of arrays must be rectangular; JSON lists of lists rarely are.
            ColumnKind.List when !duck && type.Element!.Kind == ColumnKind.List => "JSONB",
            ColumnKind.List => Of(type.Element!, dialect) + "[]",
            _ => throw new ArgumentOutOfRangeException(nameof(type), type.Name, "no SQL type for this column type"),
        };
    }
}
