using System.Text.Json.Nodes;
using Etl.Core.Agents;
using Etl.Core.Datasets;

namespace Etl.Agents.Tests.Chat;

/// <summary>A two-table catalog (shop: orders → customers) and the answers a good model gives over it.</summary>
public static class ShopCatalog
{
    public static AgentSource Source { get; } = new("shop",
    [
        new SourceTable(new TableSchema("orders", null, ["id"], null,
            [new ForeignKey(["customer_id"], new KeyReference("customers", ["id"]))],
            [
                new ColumnSchema("id", ColumnType.Int64, false, "id"),
                new ColumnSchema("customer_id", ColumnType.Int64, false, "customer_id"),
                new ColumnSchema("status", ColumnType.String, true, "status"),
                new ColumnSchema("amount", ColumnType.Double, true, "amount"),
                new ColumnSchema("created_at", ColumnType.Timestamp, false, "created_at"),
            ]) { RowCount = 120 }, null, "output/job1/tables/orders.parquet", "/data/orders.parquet")
        {
            CategoricalValues = new Dictionary<string, IReadOnlyList<string>> { ["status"] = ["paid", "pending", "refunded"] },
        },
        new SourceTable(new TableSchema("customers", null, ["id"], null, [],
            [
                new ColumnSchema("id", ColumnType.Int64, false, "id"),
                new ColumnSchema("name", ColumnType.String, true, "name"),
                new ColumnSchema("email", ColumnType.String, true, "email"),
            ]) { RowCount = 30 }, null, "output/job1/tables/customers.parquet", "/data/customers.parquet"),
    ], "shop_analytics", "shop", 1, "job1");

    public static AgentContext Context { get; } = new(new AgentRequest("staging models for orders and customers, a daily revenue mart", Dataset: "shop"),
        Source, ["staging models for orders and customers, a daily revenue mart"]);

    public static string GoodPlan => """
        {"projectName":"shop_analytics","sourceName":"shop","models":[
          {"name":"stg_shop__orders","layer":"staging","materialization":"view","inputs":["shop:orders"],"description":"Orders, one row per order.",
           "decision":{"action":"add staging model stg_shop__orders","confidence":0.95,"reasoning":"table orders is asked for"}},
          {"name":"stg_shop__customers","layer":"staging","materialization":"view","inputs":["shop:customers"],"description":"Customers.",
           "decision":{"action":"add staging model stg_shop__customers","confidence":0.95,"reasoning":"table customers is asked for"}},
          {"name":"fct_daily_revenue","layer":"marts","materialization":"table","inputs":["stg_shop__orders"],"description":"Revenue per day.",
           "decision":{"action":"add mart fct_daily_revenue","confidence":0.85,"reasoning":"the prompt asks for a daily revenue mart; amount and created_at exist"}}],
         "decisions":[{"action":"staging then marts","confidence":0.9,"reasoning":"dbt's layout"}]}
        """;

    public const string OrdersPath = "models/staging/shop/stg_shop__orders.sql";
    public const string CustomersPath = "models/staging/shop/stg_shop__customers.sql";
    public const string RevenuePath = "models/marts/fct_daily_revenue.sql";

    public const string OrdersSql = """
        with source as (
            select * from {{ source('shop', 'orders') }}
        ),
        renamed as (
            select
                id as order_id,
                customer_id,
                status,
                cast(amount as double) as amount,
                cast(created_at as timestamp) as created_at
            from source
        )
        select * from renamed
        """;

    public const string CustomersSql = """
        with source as (
            select * from {{ source('shop', 'customers') }}
        ),
        renamed as (
            select id as customer_id, name, email from source
        )
        select * from renamed
        """;

    public static string RevenueSql(string amountColumn = "amount") => $$$"""
        select
            date_trunc('day', created_at) as order_date,
            count(*) as orders,
            sum({{{amountColumn}}}) as revenue
        from {{ ref('stg_shop__orders') }}
        where status = 'paid'
        group by 1
        """;

    /// <summary>A submit_files input: the three models (the mart summing <paramref name="amountColumn"/>) and a decision.</summary>
    public static string Files(string amountColumn = "amount", string ordersPath = OrdersPath) => new JsonObject
    {
        ["files"] = new JsonArray(
            File(ordersPath, OrdersSql),
            File(CustomersPath, CustomersSql),
            File(RevenuePath, RevenueSql(amountColumn)),
            File("dbt_project.yml", "name: shop_analytics\nversion: '1.0.0'\nconfig-version: 2\nprofile: shop_analytics\nmodel-paths: [\"models\"]\n")),
        ["decisions"] = new JsonArray(new JsonObject { ["action"] = "write staging and marts", ["confidence"] = 0.9, ["reasoning"] = "the plan" }),
    }.ToJsonString();

    public static JsonObject File(string path, string content) => new() { ["path"] = path, ["content"] = content };
}
