using System.Text;
using System.Text.Json;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Ddl;
using Etl.Core.Datasets.Keys;

namespace Etl.Core.Tests.Datasets.Ddl;

/// <summary>
/// The DuckDB section of ddl.sql, uncommented, run by DuckDB (tests/interop/run-sql.mjs), then loaded with
/// <c>INSERT INTO … SELECT * FROM read_parquet(…)</c> from files our writer wrote: the declared types are the types
/// DuckDB reads the files as, every row loads, and the keys hold — an orphan is refused.
/// </summary>
public class DdlDuckDbTests
{
    [Fact]
    public void DuckDB_creates_the_tables_and_loads_the_Parquet_files_into_them()
    {
        using var directory = new TempDirectory();
        var (users, orders) = WriteFiles(directory.Path);
        var ddl = DdlScript.Section(DdlScript.Write(ShopTables.Document, "s3://unused/tables", "shop"), DdlScript.DuckDbSection);
        var checks = new StringBuilder()
            .Append(Load(users, orders))
            .Append("SELECT count(*) AS n FROM \"shop\".\"users\";\n")
            .Append("SELECT count(*) AS n FROM \"shop\".\"users__orders\";\n")
            .Append("SELECT \"order\", \"select\", \"from\" FROM \"shop\".\"users\" ORDER BY \"id\";\n")
            .Append("SELECT count(*) AS n FROM \"shop\".\"users__orders\" o JOIN \"shop\".\"users\" u ON o.\"user_id\" = u.\"id\";\n")
            .Append(Types("\"shop\".\"users\"", users))
            .Append(Types("\"shop\".\"users__orders\"", orders));

        var results = Run(directory.Path, ddl + checks, out var error);

        Assert.Null(error);
        var last = results.Count;
        Assert.Equal("3", Value(results[last - 8], 0, "n"));
        Assert.Equal("4", Value(results[last - 7], 0, "n"));
        var keywords = results[last - 6].GetProperty("rows");
        Assert.Equal(7, keywords[0].GetProperty("order").GetInt32());
        Assert.Equal("s0", keywords[0].GetProperty("select").GetString());
        Assert.Equal(1.5, keywords[0].GetProperty("from").GetDouble());
        Assert.Equal("3", Value(results[last - 5], 0, "n"));
        for (var (declared, read) = (last - 4, last - 3); read < last; declared += 2, read += 2)
        {
            Assert.Equal(ColumnTypes(results[read]), ColumnTypes(results[declared]));
        }
        Assert.Contains("TIMESTAMP WITH TIME ZONE", ColumnTypes(results[last - 4]));
        Assert.Contains("JSON", ColumnTypes(results[last - 4]));
        Assert.Contains("DECIMAL(38,6)", ColumnTypes(results[last - 4]));
        Assert.Contains("VARCHAR[]", ColumnTypes(results[last - 4]));
    }

    [Fact]
    public void DuckDB_refuses_a_row_whose_key_references_no_row()
    {
        using var directory = new TempDirectory();
        var (users, orders) = WriteFiles(directory.Path);
        var ddl = DdlScript.Section(DdlScript.Write(ShopTables.Document, "s3://unused/tables", "shop"), DdlScript.DuckDbSection);
        var orphan = "INSERT INTO \"shop\".\"users__orders\" (\"_etl_key\", \"_etl_parent_key\", \"_etl_root_key\", \"_etl_position\", \"user_id\") VALUES ('o9', 'u1', 'u1', 9, 42);\n";

        var results = Run(directory.Path, ddl + Load(users, orders) + orphan, out var error);

        Assert.NotNull(error);
        Assert.Equal(results.Count, error.Value.GetProperty("statement").GetInt32());
        Assert.Contains("foreign key", error.Value.GetProperty("message").GetString()!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Keys_found_by_value_are_declared_and_hold_when_DuckDB_loads_the_files()
    {
        using var directory = new TempDirectory();
        var (users, orders) = WriteFiles(directory.Path);
        var document = ShopTables.Document with
        {
            Tables = [ShopTables.Orders with { ForeignKeys = ShopTables.Orders.ForeignKeys.Take(2).ToList() }, ShopTables.Users],
        };

        var found = RelationshipFinder.AddKeys(document, t => System.IO.File.OpenRead(t.Name == "users" ? users : orders));
        var ddl = DdlScript.Section(DdlScript.Write(found, "s3://unused/tables", "shop"), DdlScript.DuckDbSection);
        Run(directory.Path, ddl + Load(users, orders), out var error);

        Assert.Equal("user_id → users.id", found.Table("users__orders")!.ForeignKeys[2].ToString());
        Assert.Contains("FOREIGN KEY (\"user_id\") REFERENCES \"shop\".\"users\" (\"id\")", ddl, StringComparison.Ordinal);
        Assert.Null(error);
    }

    private static (string Users, string Orders) WriteFiles(string directory)
    {
        // The layout of StorageKeys.Table: tables/{table}/{table}.parquet.
        var users = Path.Combine(directory, "users", "users.parquet");
        var orders = Path.Combine(directory, "users__orders", "users__orders.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(users)!);
        Directory.CreateDirectory(Path.GetDirectoryName(orders)!);
        TableParquet.Write(users, ShopTables.Users, ShopTables.UserRows);
        TableParquet.Write(orders, ShopTables.Orders, ShopTables.OrderRows);
        return (users, orders);
    }

    private static string Load(string users, string orders) =>
        $"INSERT INTO \"shop\".\"users\" SELECT * FROM read_parquet({Literal(users)});\n" +
        $"INSERT INTO \"shop\".\"users__orders\" SELECT * FROM read_parquet({Literal(orders)});\n";

    private static string Types(string table, string file) =>
        $"DESCRIBE {table};\nDESCRIBE SELECT * FROM read_parquet({Literal(file)});\n";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static List<JsonElement> Run(string directory, string sql, out JsonElement? error)
    {
        var file = Path.Combine(directory, "script.sql");
        System.IO.File.WriteAllText(file, sql);
        using var output = JsonDocument.Parse(InteropNode.Run("run-sql.mjs", file));
        var root = output.RootElement.Clone();
        error = root.TryGetProperty("error", out var e) ? e : null;
        return [.. root.GetProperty("results").EnumerateArray()];
    }

    private static string? Value(JsonElement result, int row, string column) =>
        result.GetProperty("rows")[row].GetProperty(column).ToString();

    private static List<string> ColumnTypes(JsonElement describe)
    {
        var types = new List<string>();
        foreach (var row in describe.GetProperty("rows").EnumerateArray()) types.Add(row.GetProperty("column_type").GetString()!);
        return types;
    }
}
