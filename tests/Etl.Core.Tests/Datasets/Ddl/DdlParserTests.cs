using System.Text.Json;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Ddl;

namespace Etl.Core.Tests.Datasets.Ddl;

/// <summary>
/// ddl.sql read by parsers nobody here wrote (tests/interop/check-ddl.mjs): the Athena part by dt-sql-parser's Hive
/// grammar, the PostgreSQL section by libpg-query (PostgreSQL's own parser), which also says what each type resolves to.
/// </summary>
public class DdlParserTests
{
    [Fact]
    public void The_Athena_DDL_is_valid_Hive_and_the_PostgreSQL_DDL_parses_to_the_declared_tables_types_and_keys()
    {
        var (hive, postgres) = Check(DdlScript.Write(ShopTables.Document, "s3://etl-output/output/job-1/tables", "shop"));

        Assert.Equal(2, hive.GetProperty("statements").GetInt32());
        Assert.Empty(hive.GetProperty("errors").EnumerateArray());
        Assert.False(postgres.TryGetProperty("error", out _));
        var statements = postgres.GetProperty("statements");
        Assert.Equal("CreateSchemaStmt", statements[0].GetProperty("kind").GetString());
        Assert.Equal("shop.users", statements[1].GetProperty("table").GetString());
        Assert.Equal("shop.users__orders", statements[2].GetProperty("table").GetString());
        Assert.Equal(
            "_etl_key text!, id int8!, name text, order int4, select text, from float8, active bool, account__balance numeric, big numeric, "
            + "born date, seen timestamptz, wall_clock timestamp, profile jsonb, tags text[], scores int8[]",
            Columns(statements[1]));
        Assert.Equal("PRIMARY (_etl_key), UNIQUE (id)", Constraints(statements[1]));
        Assert.Equal(
            "_etl_key text!, _etl_parent_key text!, _etl_root_key text!, _etl_position int8!, user_id int8, total numeric, where text, placed timestamptz",
            Columns(statements[2]));
        Assert.Equal(
            "PRIMARY (_etl_key), FOREIGN (_etl_parent_key) → shop.users(_etl_key), FOREIGN (_etl_root_key) → shop.users(_etl_key), FOREIGN (user_id) → shop.users(id)",
            Constraints(statements[2]));
    }

    [Fact]
    public void Keywords_quotes_and_line_breaks_in_names_and_comments_keep_both_dialects_valid()
    {
        var table = new TableSchema("group", null, ["select"], null, [],
        [
            new ColumnSchema("select", ColumnType.Int64, false, "select"),
            new ColumnSchema("from", ColumnType.String, true, "it's a \"from\"\nover two lines \\"),
            new ColumnSchema("table", ColumnType.ListOf(ColumnType.ListOf(ColumnType.Decimal(9, 2))), true, "table"),
            new ColumnSchema("where", ColumnType.TimestampLocal, true, "where"),
        ]);
        var document = new TablesDocument([table], new LayoutRecommendation(TableLayout.Denormalized, 1, "one"), 1, []);

        var (hive, postgres) = Check(DdlScript.Write(document, "s3://b/it's here", "order"));

        Assert.Empty(hive.GetProperty("errors").EnumerateArray());
        Assert.False(postgres.TryGetProperty("error", out _));
        var create = postgres.GetProperty("statements")[1];
        Assert.Equal("order.group", create.GetProperty("table").GetString());
        Assert.Equal("select int8!, from text, table jsonb, where timestamp", Columns(create));
    }

    [Fact]
    public void A_cycle_of_keys_becomes_an_ALTER_TABLE_after_both_tables()
    {
        var a = new TableSchema("a", null, ["id"], null, [new ForeignKey(["b_id"], new KeyReference("b", ["id"]))],
            [new ColumnSchema("id", ColumnType.Int64, false, "id"), new ColumnSchema("b_id", ColumnType.Int64, true, "b_id")]);
        var b = new TableSchema("b", null, ["id"], null, [new ForeignKey(["a_id"], new KeyReference("a", ["id"]))],
            [new ColumnSchema("id", ColumnType.Int64, false, "id"), new ColumnSchema("a_id", ColumnType.Int64, true, "a_id")]);
        var document = new TablesDocument([a, b], new LayoutRecommendation(TableLayout.Normalized, 1, "two"), 1, []);

        var (_, postgres) = Check(DdlScript.Write(document, "s3://b/t"));

        var statements = postgres.GetProperty("statements");
        Assert.Equal(3, statements.GetArrayLength());
        Assert.Equal("AlterTableStmt", statements[2].GetProperty("kind").GetString());
        Assert.Equal("FOREIGN (b_id) → b(id)", Constraints(statements[2]));
    }

    private static (JsonElement Hive, JsonElement Postgres) Check(string script)
    {
        using var directory = new TempDirectory();
        var athena = Path.Combine(directory.Path, "athena.sql");
        var postgres = Path.Combine(directory.Path, "postgres.sql");
        System.IO.File.WriteAllText(athena, script[..script.IndexOf(DdlScript.DuckDbSection, StringComparison.Ordinal)]);
        System.IO.File.WriteAllText(postgres, DdlScript.Section(script, DdlScript.PostgresSection));
        using var output = JsonDocument.Parse(InteropNode.Run("check-ddl.mjs", athena, postgres));
        var root = output.RootElement.Clone();
        return (root.GetProperty("hive"), root.GetProperty("postgres"));
    }

    private static string Columns(JsonElement create)
    {
        var columns = new List<string>();
        foreach (var column in create.GetProperty("columns").EnumerateArray())
            columns.Add($"{column.GetProperty("name").GetString()} {column.GetProperty("type").GetString()}{(column.GetProperty("notNull").GetBoolean() ? "!" : "")}");
        return string.Join(", ", columns);
    }

    private static string Constraints(JsonElement statement)
    {
        var constraints = new List<string>();
        foreach (var constraint in statement.GetProperty("constraints").EnumerateArray())
        {
            var text = $"{constraint.GetProperty("kind").GetString()} ({string.Join(", ", constraint.GetProperty("columns").EnumerateArray().Select(c => c.GetString()))})";
            if (constraint.TryGetProperty("references", out var references)) text += " → " + references.GetString();
            constraints.Add(text);
        }
        return string.Join(", ", constraints);
    }
}
