using Etl.Core.Agents;

namespace Etl.Agents.Validation.Tests.Fixtures;

/// <summary>A hand-written dbt project over <see cref="ShopDataset"/> that passes; tests break one file at a time.</summary>
public static class ShopProject
{
    public const string DbtProjectYml = """
        name: shop_analytics
        version: '1.0.0'
        config-version: 2
        profile: shop_analytics
        model-paths: ["models"]
        vars:
          min_amount: 0
        models:
          shop_analytics:
            staging:
              +materialized: view
            intermediate:
              +materialized: view
            marts:
              +materialized: table
        """;

    public const string Sources = """
        version: 2
        sources:
          - name: shop
            schema: shop
            tables:
              - name: orders
                description: Orders as placed.
                columns:
                  - name: order_id
                    data_tests: [unique, not_null]
              - name: customers
              - name: orders__items
        """;

    public const string StagingModels = """
        version: 2
        models:
          - name: stg_shop__orders
            description: One row per order.
            columns:
              - name: order_id
                data_tests:
                  - unique
                  - not_null
              - name: customer_id
                data_tests:
                  - not_null
              - name: status
                data_tests:
                  - accepted_values:
                      arguments:
                        values: ['placed', 'shipped', 'returned']
          - name: stg_shop__customers
            description: One row per customer record.
            columns:
              - name: customer_id
                tests:
                  - not_null
          - name: stg_shop__orders_items
            description: One row per order line.
            columns:
              - name: sku
                data_tests: [not_null]
        """;

    public const string StgOrders = """
        with source as (
            select * from {{ source('shop', 'orders') }}
        ),

        renamed as (
            select
                order_id,
                customer_id,
                cast(status as varchar) as status,
                amount,
                cast(ordered_at as timestamp) as ordered_at
            from source
        )

        select * from renamed
        """;

    public const string StgCustomers = """
        with source as (
            select * from {{ source('shop', 'customers') }}
        ),

        renamed as (
            select
                customer_id,
                name as customer_name,
                country
            from source
        )

        select * from renamed
        """;

    public const string StgItems = """
        {# the child table of orders #}
        with source as (
            select * from {{ source('shop', 'orders__items') }}
        ),

        renamed as (
            select
                sku,
                qty
            from source
        )

        select * from renamed
        """;

    public const string IntOrdersJoined = """
        with orders as (
            select * from {{ ref('stg_shop__orders') }}
        ),

        customers as (
            select distinct on (customer_id) customer_id, country from {{ ref('stg_shop__customers') }}
        )

        select
            orders.order_id,
            orders.amount,
            customers.country
        from orders
        left join customers on orders.customer_id = customers.customer_id
        """;

    public const string IntModels = """
        version: 2
        models:
          - name: int_orders_joined
            description: Orders with the customer's country.
            columns:
              - name: order_id
                data_tests: [unique]
        """;

    public const string FctOrders = """
        {{ config(materialized='incremental', unique_key='order_id', on_schema_change='append_new_columns') }}

        select
            order_id,
            customer_id,
            amount,
            ordered_at
        from {{ ref('stg_shop__orders') }}
        where amount >= {{ var('min_amount', 0) }}
        {%- if is_incremental() %}
          and ordered_at > (select max(ordered_at) from {{ this }})
        {%- endif %}
        """;

    public const string DailyRevenue = """
        select
            date_trunc('day', ordered_at) as order_day,
            sum(amount) as revenue,
            count(*) as orders
        from {{ ref('fct_orders') }}
        group by 1
        """;

    public const string MartModels = """
        version: 2
        models:
          - name: fct_orders
            description: Orders, incremental.
            columns:
              - name: order_id
                data_tests:
                  - unique
                  - not_null
                  - relationships:
                      arguments:
                        to: ref('stg_shop__orders')
                        field: order_id
          - name: daily_revenue
            description: Revenue per day.
            columns:
              - name: order_day
                data_tests: [unique]
        """;

    public static ProjectFiles Files() => new(new Dictionary<string, string>
    {
        ["dbt_project.yml"] = DbtProjectYml,
        ["models/staging/shop/_shop__sources.yml"] = Sources,
        ["models/staging/shop/_shop__models.yml"] = StagingModels,
        ["models/staging/shop/stg_shop__orders.sql"] = StgOrders,
        ["models/staging/shop/stg_shop__customers.sql"] = StgCustomers,
        ["models/staging/shop/stg_shop__orders_items.sql"] = StgItems,
        ["models/intermediate/_int__models.yml"] = IntModels,
        ["models/intermediate/int_orders_joined.sql"] = IntOrdersJoined,
        ["models/marts/_marts__models.yml"] = MartModels,
        ["models/marts/fct_orders.sql"] = FctOrders,
        ["models/marts/daily_revenue.sql"] = DailyRevenue,
    });
}
