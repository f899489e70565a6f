using Etl.Core.Datasets;

namespace Etl.Core.Tests.Datasets;

/// <summary>Short builders for dataset versions in tests.</summary>
internal static class Schemas
{
    public static ColumnSchema Col(string name, ColumnType type, bool nullable = true, long? nullCount = null) =>
        new(name, type, nullable, name.Replace("__", ".", StringComparison.Ordinal), nullCount);

    public static TableSchema Table(string name, params ColumnSchema[] columns) =>
        new(name, null, [], null, [], columns);

    public static TableSchema Orders(params ColumnSchema[] extra) =>
        Table("orders", [Col("id", ColumnType.Int64, nullable: false, nullCount: 0), .. extra]);

    public static TableSchema[] Version(params TableSchema[] tables) => tables;
}
