using Etl.Core.Datasets;

namespace Etl.Agents.Merge;

/// <summary>Column types as SQL type names in the subset DuckDB and Athena/Trino share.</summary>
internal static class SqlTypes
{
    /// <summary>The SQL type to cast to, or null for a list (no portable cast).</summary>
    public static string? Of(ColumnType type) => type.Kind switch
    {
        ColumnKind.String or ColumnKind.Json => "varchar",
        ColumnKind.Boolean => "boolean",
        ColumnKind.Int32 => "integer",
        ColumnKind.Int64 => "bigint",
        ColumnKind.Double => "double",
        ColumnKind.Decimal => $"decimal({type.Precision},{type.Scale})",
        ColumnKind.Date => "date",
        ColumnKind.Timestamp or ColumnKind.TimestampLocal => "timestamp",
        _ => null,
    };
}
