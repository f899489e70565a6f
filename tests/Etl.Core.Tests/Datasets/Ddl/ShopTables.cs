using Etl.Core.Datasets;
using Etl.Core.Normalize;

namespace Etl.Core.Tests.Datasets.Ddl;

/// <summary>
/// A two-table dataset with a column of every type: <c>users</c> (natural key <c>id</c>; columns named <c>order</c>,
/// <c>select</c>, <c>from</c>) and its child <c>users__orders</c> (the normalizer's keys, <c>user_id → users.id</c>,
/// a column named <c>where</c>), with rows that hold nulls, empty lists and null list elements.
/// </summary>
internal static class ShopTables
{
    private static ColumnSchema Col(string name, string type, bool nullable = true, string? source = null) =>
        new(name, ColumnType.Parse(type), nullable, source ?? name);

    public static TableSchema Users { get; } = new(
        "users", null, [ReservedColumns.Key], new NaturalKey(["id"], 0.95, "unique, non-null, named id"), [],
        [
            Col(ReservedColumns.Key, "STRING", nullable: false, source: ""),
            Col("id", "INT64", nullable: false),
            Col("name", "STRING"),
            Col("order", "INT32"),
            Col("select", "STRING"),
            Col("from", "DOUBLE"),
            Col("active", "BOOLEAN"),
            Col("account__balance", "DECIMAL(10,2)", source: "account.balance"),
            Col("big", "DECIMAL(38,6)"),
            Col("born", "DATE"),
            Col("seen", "TIMESTAMP"),
            Col("wall_clock", "TIMESTAMP_LOCAL"),
            Col("profile", "JSON"),
            Col("tags", "LIST<STRING>"),
            Col("scores", "LIST<INT64>"),
        ])
    { RowCount = 3 };

    public static TableSchema Orders { get; } = new(
        "users__orders", "users", [ReservedColumns.Key], null,
        [
            new ForeignKey([ReservedColumns.ParentKey], new KeyReference("users", [ReservedColumns.Key])),
            new ForeignKey([ReservedColumns.RootKey], new KeyReference("users", [ReservedColumns.Key])),
            new ForeignKey(["user_id"], new KeyReference("users", ["id"])),
        ],
        [
            Col(ReservedColumns.Key, "STRING", nullable: false, source: ""),
            Col(ReservedColumns.ParentKey, "STRING", nullable: false, source: ""),
            Col(ReservedColumns.RootKey, "STRING", nullable: false, source: ""),
            Col(ReservedColumns.Position, "INT64", nullable: false, source: ""),
            Col("user_id", "INT64", source: "orders[].user_id"),
            Col("total", "DECIMAL(12,2)", source: "orders[].total"),
            Col("where", "STRING", source: "orders[].where"),
            Col("placed", "TIMESTAMP", source: "orders[].placed"),
        ])
    { RowCount = 4 };

    /// <summary>The child first, as a document may list it: the DDL must still create the parent first.</summary>
    public static TablesDocument Document { get; } = new(
        [Orders, Users], new LayoutRecommendation(TableLayout.Normalized, 0.8, "orders vary in number"), 3, []);

    public static readonly object?[][] UserRows =
    [
        ["u1", 1L, "Ada", 7, "s0", 1.5, true, 12.34m, 12345678901234567890.123456m, new DateOnly(1990, 5, 17),
            new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), new DateTime(2024, 1, 2, 3, 4, 5), "{\"a\":1}", new List<object?> { "x", "y" }, new List<object?> { 1L, 2L }],
        ["u2", 2L, null, null, null, null, null, null, null, null, null, null, null, new List<object?>(), new List<object?>()],
        ["u3", 3L, "Grace", -1, "s2", -0.25, false, -0.01m, -1.000001m, new DateOnly(2000, 2, 29),
            new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc), new DateTime(1999, 12, 31, 23, 59, 59), "[1,{\"b\":null}]", new List<object?> { null, "z" }, null],
    ];

    public static readonly object?[][] OrderRows =
    [
        ["o1", "u1", "u1", 0L, 1L, 10.00m, "home", new DateTime(2024, 3, 1, 10, 0, 0, DateTimeKind.Utc)],
        ["o2", "u1", "u1", 1L, 1L, 0.99m, null, null],
        ["o3", "u3", "u3", 0L, 3L, 123456.78m, "work", new DateTime(2024, 3, 2, 0, 0, 0, DateTimeKind.Utc)],
        ["o4", "u3", "u3", 1L, null, null, "", new DateTime(2024, 3, 3, 0, 0, 0, DateTimeKind.Utc)],
    ];
}
