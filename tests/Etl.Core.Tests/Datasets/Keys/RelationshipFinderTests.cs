using Etl.Core.Datasets;
using Etl.Core.Datasets.Keys;
using Etl.Core.Normalize;

namespace Etl.Core.Tests.Datasets.Keys;

public sealed class RelationshipFinderTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static ColumnSchema Col(string name, string type, bool nullable = true) => new(name, ColumnType.Parse(type), nullable, name);

    private static TableSchema Table(string name, string? naturalKey, params ColumnSchema[] columns) =>
        new(name, null, [ReservedColumns.Key], naturalKey is null ? null : new NaturalKey([naturalKey], 0.9, "unique"), [],
            [Col(ReservedColumns.Key, "STRING", nullable: false), .. columns]);

    private static TablesDocument Document(params TableSchema[] tables) =>
        new(tables, new LayoutRecommendation(TableLayout.Normalized, 0.9, "test"), tables.Length == 0 ? 0 : 1, []);

    /// <summary>Writes the table's rows (without the key column: it is filled with row numbers) under <paramref name="dataset"/>.</summary>
    private void Write(string dataset, TableSchema table, params object?[][] rows)
    {
        var keyed = new object?[rows.Length][];
        for (var r = 0; r < rows.Length; r++) keyed[r] = [$"{table.Name}-{r}", .. rows[r]];
        var folder = Path.Combine(_directory.Path, dataset);
        Directory.CreateDirectory(folder);
        TableParquet.Write(Path.Combine(folder, table.Name + ".parquet"), table, keyed);
    }

    private Func<TableSchema, Stream> Opener(string dataset) =>
        table => System.IO.File.OpenRead(Path.Combine(_directory.Path, dataset, table.Name + ".parquet"));

    private static TableSchema Users(string type = "INT64") => Table("users", "id", Col("id", type, nullable: false), Col("name", "STRING"));

    private static TableSchema Orders(string userIdType = "INT64", string column = "user_id") =>
        Table("orders", "id", Col("id", "INT64", nullable: false), Col(column, userIdType));

    [Fact]
    public void Orders_user_id_references_the_users_of_another_dataset()
    {
        var users = Users();
        Write("accounts", users, [1L, "Ada"], [2L, "Grace"], [3L, "Edsger"]);
        var orders = Orders();
        Write("shop", orders, [10L, 1L], [11L, 3L], [12L, null], [13L, 1L]);
        var accounts = new DatasetTables("accounts", Document(users), Opener("accounts"));

        var search = RelationshipFinder.Find(Document(orders), Opener("shop"), [accounts]);

        var found = Assert.Single(search.Keys);
        Assert.Equal("orders", found.Table);
        Assert.Equal(["user_id"], found.Key.Columns);
        Assert.Equal("accounts.users", found.Key.References.Table);
        Assert.Equal(["id"], found.Key.References.Columns);
        Assert.Equal("every one of the 3 non-null values of orders.user_id is a accounts.users.id value, and the name user_id points at accounts.users", found.Key.Reason);
        Assert.Empty(search.Notes);
    }

    [Fact]
    public void Items_sku_references_products_sku_within_one_dataset()
    {
        var products = Table("products", "sku", Col("sku", "STRING", nullable: false), Col("price", "DECIMAL(9,2)"));
        var items = new TableSchema("orders__items", "orders", [ReservedColumns.Key], null,
            [new ForeignKey([ReservedColumns.ParentKey], new KeyReference("orders", [ReservedColumns.Key]))],
            [Col(ReservedColumns.Key, "STRING", false), Col(ReservedColumns.ParentKey, "STRING", false), Col("sku", "STRING"), Col("quantity", "INT64")]);
        var orders = Orders();
        Write("shop", products, ["A-1", 1.50m], ["B-2", 2.00m], ["C-3", 0.25m]);
        Write("shop", orders, [10L, 1L]);
        var itemRows = new object?[][] { ["orders-0", "orders-0", "B-2", 1L], ["orders-1", "orders-0", "A-1", 2L], ["orders-2", "orders-0", "B-2", 5L] };
        TableParquet.Write(Path.Combine(_directory.Path, "shop", "orders__items.parquet"), items, itemRows);
        var document = Document(orders, items, products);

        var updated = RelationshipFinder.AddKeys(document, Opener("shop"));

        var keys = updated.Table("orders__items")!.ForeignKeys;
        Assert.Equal(2, keys.Count);
        Assert.Equal(ReservedColumns.ParentKey, keys[0].Columns[0]);
        Assert.Equal("sku → products.sku", keys[1].ToString());
        Assert.Contains("both columns are named sku", keys[1].Reason, StringComparison.Ordinal);
        Assert.Empty(updated.Table("orders")!.ForeignKeys);
        Assert.Empty(updated.Table("products")!.ForeignKeys);
        Assert.Single(document.Table("orders__items")!.ForeignKeys);
        Assert.Contains("\"reason\": \"every one of the 3 non-null values", updated.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_with_a_value_the_referenced_key_lacks_gets_no_key()
    {
        var users = Users();
        var orders = Orders();
        Write("shop", users, [1L, "Ada"], [2L, "Grace"]);
        Write("shop", orders, [10L, 1L], [11L, 2L], [12L, 4L]);

        var search = RelationshipFinder.Find(Document(users, orders), Opener("shop"));

        Assert.Empty(search.Keys);
    }

    [Theory]
    [InlineData("STRING", "INT64")]
    [InlineData("INT64", "STRING")]
    [InlineData("DOUBLE", "INT64")]
    [InlineData("DECIMAL(10,2)", "INT64")]
    public void Columns_of_types_that_cannot_hold_equal_values_get_no_key(string userIdType, string idType)
    {
        var users = Users(idType);
        var orders = Orders(userIdType);
        Write("shop", users, [Value(idType, 1), "Ada"], [Value(idType, 2), "Grace"]);
        Write("shop", orders, [10L, Value(userIdType, 1)], [11L, Value(userIdType, 2)]);

        var search = RelationshipFinder.Find(Document(users, orders), Opener("shop"));

        Assert.Empty(search.Keys);
    }

    [Theory]
    [InlineData("INT32", "INT64")]
    [InlineData("INT64", "INT32")]
    [InlineData("DECIMAL(20,0)", "INT64")]
    [InlineData("DECIMAL(9,0)", "DECIMAL(38,0)")]
    public void Integers_and_whole_decimals_stored_differently_still_match(string userIdType, string idType)
    {
        var users = Users(idType);
        var orders = Orders(userIdType);
        Write("shop", users, [Value(idType, 1), "Ada"], [Value(idType, -2), "Grace"], [Value(idType, 3_000_000), "Edsger"]);
        Write("shop", orders, [10L, Value(userIdType, -2)], [11L, Value(userIdType, 3_000_000)], [12L, Value(userIdType, 1)]);

        var search = RelationshipFinder.Find(Document(users, orders), Opener("shop"));

        Assert.Equal("user_id → users.id", Assert.Single(search.Keys).Key.ToString());
    }

    [Fact]
    public void A_name_that_points_nowhere_gets_no_key_even_when_the_values_match()
    {
        var users = Users();
        var orders = Orders(column: "customer_id");
        Write("shop", users, [1L, "Ada"], [2L, "Grace"]);
        Write("shop", orders, [10L, 1L], [11L, 2L]);

        Assert.Empty(RelationshipFinder.Find(Document(users, orders), Opener("shop")).Keys);
    }

    [Fact]
    public void A_column_with_only_nulls_gets_no_key()
    {
        var users = Users();
        var orders = Orders();
        Write("shop", users, [1L, "Ada"]);
        Write("shop", orders, [10L, null], [11L, null]);

        Assert.Empty(RelationshipFinder.Find(Document(users, orders), Opener("shop")).Keys);
    }

    [Fact]
    public void The_own_dataset_wins_over_another_one_with_the_same_table()
    {
        var users = Users();
        var orders = Orders();
        Write("shop", users, [1L, "Ada"], [2L, "Grace"]);
        Write("shop", orders, [10L, 1L]);
        Write("accounts", users, [1L, "Ada"]);
        var accounts = new DatasetTables("accounts", Document(users), Opener("accounts"));

        var search = RelationshipFinder.Find(Document(users, orders), Opener("shop"), [accounts]);

        Assert.Equal("users", Assert.Single(search.Keys).Key.References.Table);
    }

    [Fact]
    public void A_referenced_key_with_more_values_than_the_cap_is_not_checked_and_the_notes_say_so()
    {
        var users = Users();
        var orders = Orders();
        Write("shop", users, [1L, "Ada"], [2L, "Grace"], [3L, "Edsger"]);
        Write("shop", orders, [10L, 1L]);

        var search = RelationshipFinder.Find(Document(users, orders), Opener("shop"), maxKeyValues: 2);

        Assert.Empty(search.Keys);
        Assert.Equal("users.id has 3 rows, more than the 2 key values held in memory: not referenced", Assert.Single(search.Notes));
    }

    [Fact]
    public void A_column_that_already_has_a_key_and_the_generated_columns_are_left_alone()
    {
        var users = Users();
        var orders = Orders() with { ForeignKeys = [new ForeignKey(["user_id"], new KeyReference("people", ["id"]))] };
        Write("shop", users, [1L, "Ada"]);
        Write("shop", orders, [10L, 1L]);

        var updated = RelationshipFinder.AddKeys(Document(users, orders), Opener("shop"));

        Assert.Equal("user_id → people.id", Assert.Single(updated.Table("orders")!.ForeignKeys).ToString());
        Assert.Empty(updated.Table("users")!.ForeignKeys);
    }

    private static object Value(string type, long value) => type switch
    {
        "STRING" => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "INT32" => (int)value,
        "DOUBLE" => (double)value,
        _ when type.StartsWith("DECIMAL", StringComparison.Ordinal) => (decimal)value,
        _ => value,
    };
}
