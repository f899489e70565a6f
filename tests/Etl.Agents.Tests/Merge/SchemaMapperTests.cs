using Etl.Agents.Merge;
using Etl.Core.Agents;
using Etl.Core.Datasets;

namespace Etl.Agents.Tests.Merge;

public class SchemaMapperTests
{
    private const string OrdersSql = """
        with source as (

            select * from {{ source('shop', 'orders') }}

        ),

        renamed as (

            select
                id as order_id,
                userid,  -- who ordered
                cast(amount as double) as amount,
                coupon,
                status,
                customer__city as city,
                shipping_zip,
                quantity,
                cust_name
            from source
            where status <> 'cancelled'

        )

        select * from renamed

        """;

    private const string City = "nullif(trim(both '\"' from cast(json_extract(customer, '$.city') as varchar)), 'null')";

    private static readonly TableSchema Previous = Table(
        ("id", ColumnType.Int64, "id"),
        ("userid", ColumnType.Int64, "userid"),
        ("amount", ColumnType.Double, "amount"),
        ("coupon", ColumnType.String, "coupon"),
        ("status", ColumnType.String, "status"),
        ("customer__city", ColumnType.String, "customer.city"),
        ("shipping_zip", ColumnType.String, "shipping_zip"),
        ("quantity", ColumnType.Int32, "quantity"),
        ("cust_name", ColumnType.String, "cust_name"));

    private static readonly TableSchema Current = Table(
        ("id", ColumnType.Int64, "id"),
        ("user_id", ColumnType.Int64, "user_id"),
        ("amount", ColumnType.String, "amount"),
        ("status", ColumnType.String, "status"),
        ("customer", ColumnType.Json, "customer"),
        ("shipping__zip", ColumnType.String, "shipping.zip"),
        ("quantity", ColumnType.Int64, "quantity"),
        ("customer_name", ColumnType.String, "customer_name"),
        ("ordered_at", ColumnType.Timestamp, "ordered_at"));

    [Fact]
    public void Maps_an_existing_model_onto_a_changed_source()
    {
        var model = StagingModel.Parse(OrdersSql, out var problem);
        Assert.Null(problem);

        var mapping = SchemaMapper.Map(model!, Current, Previous);

        Assert.Equal("orders", mapping.Table);
        AssertMapping(mapping, "order_id", "id", MappingKinds.Direct, null, 1.0);
        AssertMapping(mapping, "userid", "user_id", MappingKinds.Direct, null, 0.85);
        AssertMapping(mapping, "amount", "amount", MappingKinds.Transformed, "cast(amount as double)", 0.75);
        AssertMapping(mapping, "status", "status", MappingKinds.Direct, null, 1.0);
        AssertMapping(mapping, "city", "customer", MappingKinds.Derived, City, 0.5);
        AssertMapping(mapping, "shipping_zip", "shipping__zip", MappingKinds.Direct, null, 0.9);
        AssertMapping(mapping, "quantity", "quantity", MappingKinds.Transformed, "cast(quantity as integer)", 0.8);
        AssertMapping(mapping, "cust_name", "customer_name", MappingKinds.Direct, null, 0.85);
        var coupon = Assert.Single(mapping.Unmapped);
        Assert.Equal(new UnmappedColumn("coupon", "varchar", coupon.Reasoning), coupon);
        Assert.Equal(["ordered_at"], mapping.NewColumns);
        Assert.Contains(mapping.Decisions, d => d.Action == "leave column coupon of the model unmapped" && d.Reasoning.Contains("would break", StringComparison.Ordinal));
        Assert.DoesNotContain(mapping.Decisions, d => d.Action.StartsWith("map column status", StringComparison.Ordinal));
    }

    [Fact]
    public void The_staging_model_keeps_its_column_names_and_the_persons_lines()
    {
        var mapping = SchemaMapper.Map(StagingModel.Parse(OrdersSql, out _)!, Current, Previous);

        var (sql, decisions) = StagingModelUpdate.Apply(OrdersSql, mapping);

        Assert.Equal("""
            with source as (

                select * from {{ source('shop', 'orders') }}

            ),

            renamed as (

                select
                    id as order_id,
                    user_id as userid,  -- who ordered
                    cast(amount as double) as amount,
                    cast(null as varchar) as coupon,
                    status,
                    nullif(trim(both '"' from cast(json_extract(customer, '$.city') as varchar)), 'null') as city,
                    shipping__zip as shipping_zip,
                    cast(quantity as integer) as quantity,
                    customer_name as cust_name,
                    ordered_at
                from source
                where status <> 'cancelled'

            )

            select * from renamed

            """, sql);
        Assert.Contains(decisions, d => d.Action == "select null as column coupon");
        Assert.Contains(decisions, d => d.Action == "add column ordered_at to the staging model");
    }

    [Fact]
    public void The_updated_model_runs_in_duckdb_on_the_new_version_with_its_old_columns()
    {
        var mapping = SchemaMapper.Map(StagingModel.Parse(OrdersSql, out _)!, Current, Previous);
        var (sql, _) = StagingModelUpdate.Apply(OrdersSql, mapping);
        using var dir = new TempDirectory();
        var script = Path.Combine(dir.Path, "model.sql");
        File.WriteAllText(script, $$"""
            create schema shop;
            create table shop.orders as select * from (values
                (1::bigint, 7::bigint, '12.5', 'placed', '{"city":"Oslo"}'::json, '0150', 3::bigint, 'Ann', timestamp '2024-01-01 10:00:00'),
                (2::bigint, 8::bigint, '3', 'shipped', '{"city":null}'::json, '0151', 1::bigint, 'Bob', timestamp '2024-01-02 10:00:00'),
                (3::bigint, 9::bigint, '1', 'cancelled', '{}'::json, '0152', 1::bigint, 'Cy', timestamp '2024-01-03 10:00:00')
            ) t(id, user_id, amount, status, customer, shipping__zip, quantity, customer_name, ordered_at);
            create view stg_shop__orders as {{sql.Replace("{{ source('shop', 'orders') }}", "shop.orders", StringComparison.Ordinal)}};
            select * from stg_shop__orders order by order_id;
            """);

        using var output = System.Text.Json.JsonDocument.Parse(InteropNode.Run("run-sql.mjs", script));

        Assert.False(output.RootElement.TryGetProperty("error", out var error), error.ToString());
        var results = output.RootElement.GetProperty("results");
        var result = results[results.GetArrayLength() - 1];
        Assert.Equal(
            ["order_id BIGINT", "userid BIGINT", "amount DOUBLE", "coupon VARCHAR", "status VARCHAR", "city VARCHAR", "shipping_zip VARCHAR", "quantity INTEGER", "cust_name VARCHAR", "ordered_at TIMESTAMP"],
            result.GetProperty("columns").EnumerateArray().Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("type").GetString()}"));
        var rows = result.GetProperty("rows");
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal("Oslo", rows[0].GetProperty("city").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rows[1].GetProperty("city").ValueKind);
        Assert.Equal(12.5, rows[0].GetProperty("amount").GetDouble());
        Assert.Equal("7", rows[0].GetProperty("userid").ToString());
        Assert.Equal("0150", rows[0].GetProperty("shipping_zip").GetString());
    }

    [Fact]
    public void Updating_with_an_unchanged_source_changes_nothing()
    {
        var mapping = SchemaMapper.Map(StagingModel.Parse(OrdersSql, out _)!, Previous, Previous);

        Assert.Empty(mapping.Decisions);
        Assert.Equal(OrdersSql, StagingModelUpdate.Apply(OrdersSql, mapping).Sql);
    }

    [Fact]
    public void Yaml_column_names_map_by_their_words_when_the_previous_version_is_unknown()
    {
        var mapping = SchemaMapper.Map(["userId", "orderTotal", "status"], Table(("user_id", ColumnType.Int64, "userId"), ("status", ColumnType.String, "status")), previous: null);

        var user = Assert.Single(mapping.Columns, c => c.Name == "userId");
        Assert.Equal(("user_id", MappingKinds.Direct), (user.Source, user.Kind));
        Assert.Equal(0.81, user.Confidence, 2);
        Assert.Contains("previous type is unknown", user.Reasoning, StringComparison.Ordinal);
        Assert.Equal("orderTotal", Assert.Single(mapping.Unmapped).Name);
    }

    [Fact]
    public void A_rename_is_not_guessed_from_a_column_that_already_existed()
    {
        var previous = Table(("a", ColumnType.String, "a"), ("user_name", ColumnType.String, "user_name"), ("username", ColumnType.String, "username"));
        var current = Table(("a", ColumnType.String, "a"), ("username", ColumnType.String, "username"));

        var mapping = SchemaMapper.Map(["a", "user_name"], current, previous);

        Assert.Equal("user_name", Assert.Single(mapping.Unmapped).Name);
    }

    [Fact]
    public void A_model_without_a_renamed_cte_is_refused_with_the_reason()
    {
        Assert.Null(StagingModel.Parse("select * from {{ source('shop', 'orders') }}\n", out var problem));
        Assert.Contains("renamed", problem, StringComparison.Ordinal);
        var error = Assert.Throws<ArgumentException>(() => StagingModelUpdate.Apply("with renamed as (select * from x) select 1", new SchemaMapping("t", [], [], [], [])));
        Assert.Contains("selects '*'", error.Message, StringComparison.Ordinal);
    }

    private static void AssertMapping(SchemaMapping mapping, string name, string source, string kind, string? expression, double confidence)
    {
        var column = mapping.Column(name);
        Assert.NotNull(column);
        Assert.Equal((source, kind, expression), (column.Source, column.Kind, column.Expression));
        Assert.Equal(confidence, column.Confidence, 2);
        if (confidence < 1) Assert.Contains(mapping.Decisions, d => d.Action.StartsWith($"map column {name} to", StringComparison.Ordinal) && d.Confidence == column.Confidence);
    }

    private static TableSchema Table(params (string Name, ColumnType Type, string Path)[] columns) =>
        new("orders", null, [], null, [], columns.Select(c => new ColumnSchema(c.Name, c.Type, true, c.Path)).ToList());
}
