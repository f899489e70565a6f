using Etl.Core.Agents;

namespace Etl.Agents.Tests.Merge;

/// <summary>
/// A small shop project in three versions: what the agents generated from dataset version 1 (<see cref="Base"/>),
/// the person's copy with their edits and a hand-written mart (<see cref="Human"/>), and what the agents generate
/// from version 2, where <c>orders.userid</c> became <c>user_id</c>, <c>coupon</c> was dropped and <c>ordered_at</c> added
/// (<see cref="Generated"/>).
/// </summary>
internal static class ShopProject
{
    public const string ProjectYml = """
        name: shop
        version: '1.0.0'
        config-version: 2
        profile: shop
        model-paths: ["models"]
        models:
          shop:
            staging:
              +materialized: view
            marts:
              +materialized: table

        """;

    public const string SourcesYml = """
        version: 2

        sources:
          - name: shop
            schema: shop
            tables:
              - name: orders
                meta:
                  external_location: data/v1/orders.parquet
              - name: customers
                meta:
                  external_location: data/v1/customers.parquet

        """;

    public const string SourcesYmlV2 = """
        version: 2

        sources:
          - name: shop
            schema: shop
            tables:
              - name: orders
                meta:
                  external_location: data/v2/orders.parquet
              - name: customers
                meta:
                  external_location: data/v2/customers.parquet

        """;

    public const string ModelsYml = """
        version: 2

        models:
          - name: stg_shop__orders
            description: Orders from the shop source.
            columns:
              - name: order_id
                description: The order's key.
                data_tests:
                  - unique
                  - not_null
              - name: userid
                data_tests:
                  - relationships:
                      arguments:
                        to: ref('stg_shop__customers')
                        field: customer_id
              - name: amount
              - name: coupon
              - name: status
                data_tests:
                  - accepted_values:
                      arguments:
                        values: ['placed', 'shipped']
          - name: stg_shop__customers
            description: Customers from the shop source.
            columns:
              - name: customer_id
                data_tests:
                  - unique
                  - not_null
              - name: name

        """;

    public const string ModelsYmlHuman = """
        version: 2

        models:
          - name: stg_shop__orders
            description: Every order placed in the web shop, one row per order. Owned by the finance team.
            meta:
              owner: finance
            columns:
              - name: order_id
                description: The order's key.
                data_tests:
                  - unique
                  - not_null
              - name: userid
                description: Who placed the order.
                data_tests:
                  - relationships:
                      arguments:
                        to: ref('stg_shop__customers')
                        field: customer_id
              - name: amount
                description: Order total in EUR, VAT included.
                data_tests:
                  - not_null
              - name: coupon
                description: The promotion code the customer typed.
              - name: status
                data_tests:
                  - accepted_values:
                      arguments:
                        values: ['placed', 'shipped']
          - name: stg_shop__customers
            description: Customers from the shop source.
            columns:
              - name: customer_id
                data_tests:
                  - unique
                  - not_null
              - name: name

        """;

    public const string ModelsYmlV2 = """
        version: 2

        models:
          - name: stg_shop__orders
            description: Orders from the shop source.
            columns:
              - name: order_id
                description: The order's key.
                data_tests:
                  - unique
                  - not_null
              - name: user_id
                data_tests:
                  - relationships:
                      arguments:
                        to: ref('stg_shop__customers')
                        field: customer_id
              - name: amount
              - name: status
                data_tests:
                  - accepted_values:
                      arguments:
                        values: ['placed', 'shipped', 'returned']
              - name: ordered_at
          - name: stg_shop__customers
            description: Customers from the shop source.
            columns:
              - name: customer_id
                data_tests:
                  - unique
                  - not_null
              - name: name

        """;

    public const string OrdersSql = """
        with source as (

            select * from {{ source('shop', 'orders') }}

        ),

        renamed as (

            select
                id as order_id,
                userid,
                cast(amount as double) as amount,
                coupon,
                status
            from source

        )

        select * from renamed

        """;

    public const string OrdersSqlHuman = """
        with source as (

            select * from {{ source('shop', 'orders') }}

        ),

        renamed as (

            select
                id as order_id,
                userid,
                cast(amount as double) as amount,
                coupon,
                status
            from source
            -- cancelled orders are not sales
            where status <> 'cancelled'

        )

        select * from renamed

        """;

    public const string OrdersSqlV2 = """
        with source as (

            select * from {{ source('shop', 'orders') }}

        ),

        renamed as (

            select
                id as order_id,
                user_id,
                cast(amount as double) as amount,
                status,
                cast(ordered_at as timestamp) as ordered_at
            from source

        )

        select * from renamed

        """;

    public const string CustomersSql = """
        with source as (

            select * from {{ source('shop', 'customers') }}

        ),

        renamed as (

            select
                id as customer_id,
                name
            from source

        )

        select * from renamed

        """;

    public const string BigOrdersSql = """
        -- written by hand: orders above 1000 EUR for the fraud review
        select * from {{ ref('stg_shop__orders') }} where amount > 1000

        """;

    public const string MartsYml = """
        version: 2

        models:
          - name: fct_big_orders
            description: Orders above 1000 EUR, reviewed weekly by the fraud team.

        """;

    public static ProjectFiles Base => new(new Dictionary<string, string>
    {
        ["dbt_project.yml"] = ProjectYml,
        ["README.md"] = "# shop\n\nGenerated by the offline agent.\n",
        ["models/staging/shop/_shop__sources.yml"] = SourcesYml,
        ["models/staging/shop/_shop__models.yml"] = ModelsYml,
        ["models/staging/shop/stg_shop__orders.sql"] = OrdersSql,
        ["models/staging/shop/stg_shop__customers.sql"] = CustomersSql,
    });

    public static ProjectFiles Human => Base
        .With(".agentic-etl.json", """{"generator":"agentic-etl","agent":"offline","jobId":"j1","runId":"run_20261207_100000_j1"}""")
        .With("models/staging/shop/_shop__models.yml", ModelsYmlHuman)
        .With("models/staging/shop/stg_shop__orders.sql", OrdersSqlHuman)
        .With("models/marts/fct_big_orders.sql", BigOrdersSql)
        .With("models/marts/_marts__models.yml", MartsYml);

    public static ProjectFiles Generated => Base
        .With("models/staging/shop/_shop__sources.yml", SourcesYmlV2)
        .With("models/staging/shop/_shop__models.yml", ModelsYmlV2)
        .With("models/staging/shop/stg_shop__orders.sql", OrdersSqlV2);
}
