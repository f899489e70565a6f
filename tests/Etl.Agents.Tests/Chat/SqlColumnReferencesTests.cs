using Etl.Agents.Chat;

namespace Etl.Agents.Tests.Chat;

public sealed class SqlColumnReferencesTests
{
    private static List<string> Referenced(string sql) => SqlColumnReferences.Scan(sql).Columns.Select(c => c.Column).ToList();

    [Fact]
    public void Columns_are_told_from_functions_aliases_types_relations_and_keywords()
    {
        var sql = """
            {{ config(materialized='incremental', unique_key='order_id') }}
            with source as (
                select * from {{ source('shop', 'orders') }}
            ),
            renamed as (
                select
                    id as order_id,  -- the key, renamed
                    cast(amount as decimal(18, 2)) as amount,
                    amount::double as amount_double,
                    coalesce(status, 'unknown') as status,
                    /* a block comment naming not_a_column */
                    date_trunc('day', created_at) as order_date,
                    "select" as keyword_column
                from source s
                where s.customer_id is not null and status in ('paid', 'it''s')
            )
            select * from renamed
            {% if is_incremental() %}
            where order_date > (select max(order_date) from {{ this }})
            {% endif %}
            """;

        var scan = SqlColumnReferences.Scan(sql);

        Assert.Equal(["id", "amount", "amount", "status", "created_at", "select", "customer_id", "status", "order_date", "order_date"],
            scan.Columns.Select(c => c.Column));
        Assert.Equal(("shop", "orders"), Assert.Single(scan.Sources));
        Assert.Empty(scan.Refs);
        Assert.True(scan.SelectsStar);
        Assert.Subset(new HashSet<string> { "source", "renamed", "s", "order_id", "amount", "amount_double", "status", "order_date", "keyword_column" },
            scan.Defined.ToHashSet());
        Assert.Equal("s", scan.Columns.Single(c => c.Column == "customer_id").Qualifier);
        Assert.Equal(15, scan.Columns.Single(c => c.Column == "customer_id").Line);
        Assert.Equal(7, scan.Columns[0].Line);
    }

    [Fact]
    public void Joins_with_aliases_and_refs_are_read()
    {
        var sql = """
            select o.order_id, c.name customer_name, count(*) as n
            from {{ ref('stg_shop__orders') }} o
            left join {{ ref("stg_shop__customers") }} as c on o.customer_id = c.customer_id
            group by 1, 2
            """;

        var scan = SqlColumnReferences.Scan(sql);

        Assert.Equal(["stg_shop__orders", "stg_shop__customers"], scan.Refs);
        Assert.Equal(["order_id", "name", "customer_id", "customer_id"], scan.Columns.Select(c => c.Column));
        Assert.Contains("customer_name", scan.Defined);
        Assert.Contains("o", scan.Defined);
        Assert.False(scan.SelectsStar);
    }

    [Fact]
    public void Niladic_functions_named_windows_and_window_modifiers_are_not_columns()
    {
        var sql = """
            select
                customer_id,
                first_value(amount) ignore nulls over w as first_amount,
                current_date as loaded_on,
                o.* exclude (status),
                row_number() over (partition by customer_id order by created_at desc) as rn
            from {{ ref('stg_shop__orders') }} o
            window w as (partition by customer_id order by created_at)
            """;

        Assert.Equal(["customer_id", "amount", "status", "customer_id", "created_at", "customer_id", "created_at"], Referenced(sql));
    }
}
