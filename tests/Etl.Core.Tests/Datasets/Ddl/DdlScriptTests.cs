using Etl.Core.Datasets;
using Etl.Core.Datasets.Ddl;
using Etl.Parquet.Meta;

namespace Etl.Core.Tests.Datasets.Ddl;

public class DdlScriptTests
{
    private const string Location = "s3://etl-output/output/job-1/tables/";

    [Fact]
    public void Every_table_is_an_external_Parquet_table_over_its_own_folder()
    {
        var script = DdlScript.Write(ShopTables.Document, Location, "shop");

        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS `shop`.`users` (\n  `_etl_key` STRING COMMENT 'generated: the row\\'s stable key',\n  `id` BIGINT COMMENT 'source: id',", script, StringComparison.Ordinal);
        Assert.Contains("STORED AS PARQUET\nLOCATION 's3://etl-output/output/job-1/tables/users/'\nTBLPROPERTIES ('parquet.compression'='SNAPPY');", script, StringComparison.Ordinal);
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS `shop`.`users__orders` (", script, StringComparison.Ordinal);
        Assert.Contains("LOCATION 's3://etl-output/output/job-1/tables/users__orders/'", script, StringComparison.Ordinal);
        Assert.Contains("  `account__balance` DECIMAL(10,2) COMMENT 'source: account.balance',", script, StringComparison.Ordinal);
        Assert.Contains("  `tags` ARRAY<STRING> COMMENT 'source: tags',", script, StringComparison.Ordinal);
        Assert.Contains("  `profile` STRING COMMENT 'source: profile',", script, StringComparison.Ordinal);
        Assert.Contains("COMMENT 'users__orders: child of users; 4 rows; primary key (_etl_key); foreign keys _etl_parent_key → users._etl_key, _etl_root_key → users._etl_key, user_id → users.id'", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Parents_come_before_children_in_every_section()
    {
        var script = DdlScript.Write(ShopTables.Document, Location, "shop");

        foreach (var (parent, child) in new[]
        {
            ("`shop`.`users` (", "`shop`.`users__orders` ("),
            ("-- CREATE TABLE IF NOT EXISTS \"shop\".\"users\" (", "-- CREATE TABLE IF NOT EXISTS \"shop\".\"users__orders\" ("),
        })
        {
            var first = script.IndexOf(parent, StringComparison.Ordinal);
            var second = script.IndexOf(child, StringComparison.Ordinal);
            Assert.True(first >= 0 && second > first, $"{parent} must come before {child}");
        }
        Assert.True(script.IndexOf(DdlScript.DuckDbSection, StringComparison.Ordinal) > script.LastIndexOf("CREATE EXTERNAL TABLE", StringComparison.Ordinal));
    }

    [Fact]
    public void Keyword_identifiers_are_quoted_in_every_dialect()
    {
        var script = DdlScript.Write(ShopTables.Document, Location, "shop");
        var duck = DdlScript.Section(script, DdlScript.DuckDbSection);
        var postgres = DdlScript.Section(script, DdlScript.PostgresSection);

        Assert.Contains("  `order` INT COMMENT 'source: order',", script, StringComparison.Ordinal);
        Assert.Contains("  `select` STRING COMMENT 'source: select',", script, StringComparison.Ordinal);
        Assert.Contains("  `from` DOUBLE COMMENT 'source: from',", script, StringComparison.Ordinal);
        Assert.Contains("  `where` STRING COMMENT 'source: orders[].where',", script, StringComparison.Ordinal);
        foreach (var (sql, text, dbl) in new[] { (duck, "VARCHAR", "DOUBLE"), (postgres, "TEXT", "DOUBLE PRECISION") })
        {
            Assert.Contains("  \"order\" INTEGER, -- source: order\n", sql, StringComparison.Ordinal);
            Assert.Contains($"  \"select\" {text}, -- source: select\n", sql, StringComparison.Ordinal);
            Assert.Contains($"  \"from\" {dbl}, -- source: from\n", sql, StringComparison.Ordinal);
            Assert.Contains($"  \"where\" {text}, -- source: orders[].where\n", sql, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_plain_DDL_declares_primary_unique_and_foreign_keys()
    {
        var duck = DdlScript.Section(DdlScript.Write(ShopTables.Document, Location, "shop"), DdlScript.DuckDbSection);

        Assert.StartsWith("CREATE SCHEMA IF NOT EXISTS \"shop\";\n", duck, StringComparison.Ordinal);
        Assert.Contains("  \"id\" BIGINT NOT NULL, -- source: id\n", duck, StringComparison.Ordinal);
        Assert.Contains("  PRIMARY KEY (\"_etl_key\"),\n  UNIQUE (\"id\")\n);", duck, StringComparison.Ordinal);
        Assert.Contains("  FOREIGN KEY (\"_etl_parent_key\") REFERENCES \"shop\".\"users\" (\"_etl_key\"),\n", duck, StringComparison.Ordinal);
        Assert.Contains("  FOREIGN KEY (\"user_id\") REFERENCES \"shop\".\"users\" (\"id\")\n);", duck, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_literals_survive_quotes_and_line_breaks_in_source_paths()
    {
        var table = new TableSchema("notes", null, [], null, [],
            [new ColumnSchema("it_s", ColumnType.String, true, "it's\nhere \\ there")]);
        var document = new TablesDocument([table], new LayoutRecommendation(TableLayout.Denormalized, 1, "one table"), 1, []);

        var script = DdlScript.Write(document, "s3://b/it's", compression: CompressionCodec.Zstd);

        Assert.Contains("  `it_s` STRING COMMENT 'source: it\\'s here \\\\ there'\n)", script, StringComparison.Ordinal);
        Assert.Contains("LOCATION 's3://b/it\\'s/notes/'\nTBLPROPERTIES ('parquet.compression'='ZSTD');", script, StringComparison.Ordinal);
        Assert.Contains("-- CREATE TABLE IF NOT EXISTS \"notes\" (\n--   \"it_s\" VARCHAR -- source: it's here \\ there\n-- );", script, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_into_another_dataset_names_that_dataset_and_is_left_for_after_its_DDL()
    {
        var orders = new TableSchema("orders", null, [], null,
            [new ForeignKey(["user_id"], new KeyReference("accounts.users", ["id"]))],
            [new ColumnSchema("id", ColumnType.Int64, false, "id"), new ColumnSchema("user_id", ColumnType.Int64, true, "user_id")]);
        var document = new TablesDocument([orders], new LayoutRecommendation(TableLayout.Denormalized, 1, "one table"), 1, []);

        var script = DdlScript.Write(document, Location, "shop");
        var duck = DdlScript.Section(script, DdlScript.DuckDbSection);
        var postgres = DdlScript.Section(script, DdlScript.PostgresSection);

        Assert.Contains("foreign keys user_id → accounts.users.id'", script, StringComparison.Ordinal);
        var create = duck[duck.IndexOf("CREATE TABLE", StringComparison.Ordinal)..(duck.IndexOf(");", StringComparison.Ordinal) + 2)];
        Assert.DoesNotContain("FOREIGN KEY", create, StringComparison.Ordinal);
        Assert.Contains("-- orders.user_id → accounts.users.id references another dataset: not declared (DuckDB supports no foreign key across schemas)", duck, StringComparison.Ordinal);
        Assert.Contains("-- ALTER TABLE \"shop\".\"orders\" ADD FOREIGN KEY (\"user_id\") REFERENCES \"accounts\".\"users\" (\"id\");", postgres, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_that_reference_each_other_get_the_forward_key_after_both_exist()
    {
        var a = new TableSchema("a", null, ["id"], null, [new ForeignKey(["b_id"], new KeyReference("b", ["id"]))],
            [new ColumnSchema("id", ColumnType.Int64, false, "id"), new ColumnSchema("b_id", ColumnType.Int64, true, "b_id")]);
        var b = new TableSchema("b", null, ["id"], null, [new ForeignKey(["a_id"], new KeyReference("a", ["id"]))],
            [new ColumnSchema("id", ColumnType.Int64, false, "id"), new ColumnSchema("a_id", ColumnType.Int64, true, "a_id")]);
        var document = new TablesDocument([a, b], new LayoutRecommendation(TableLayout.Normalized, 1, "two"), 1, []);

        var postgres = DdlScript.PlainSql(document, SqlDialect.Postgres);
        var duck = DdlScript.PlainSql(document, SqlDialect.DuckDb);

        Assert.Contains("CREATE TABLE IF NOT EXISTS \"b\" (\n  \"id\" BIGINT NOT NULL, -- source: id\n  \"a_id\" BIGINT, -- source: a_id\n  PRIMARY KEY (\"id\"),\n  FOREIGN KEY (\"a_id\") REFERENCES \"a\" (\"id\")\n);", postgres, StringComparison.Ordinal);
        Assert.EndsWith("ALTER TABLE \"a\" ADD FOREIGN KEY (\"b_id\") REFERENCES \"b\" (\"id\");\n", postgres, StringComparison.Ordinal);
        Assert.Contains("-- not declared: DuckDB cannot add a foreign key to an existing table, and these tables reference each other: a.b_id → b.id", duck, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_without_columns_is_refused_with_its_name()
    {
        var empty = new TableSchema("nothing", null, [], null, [], []);
        var document = new TablesDocument([empty], new LayoutRecommendation(TableLayout.Denormalized, 1, "one"), 0, []);

        var error = Assert.Throws<ArgumentException>(() => DdlScript.Write(document, Location));

        Assert.Contains("'nothing'", error.Message, StringComparison.Ordinal);
    }
}
