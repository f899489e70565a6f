using Etl.Agents.Chat;
using Etl.Core.Agents;

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
    public void Grounding_accepts_a_good_project_and_names_what_does_not_exist()
    {
        var good = new ProjectFiles(new Dictionary<string, string>
        {
            [ShopCatalog.OrdersPath] = ShopCatalog.OrdersSql,
            [ShopCatalog.CustomersPath] = ShopCatalog.CustomersSql,
            [ShopCatalog.RevenuePath] = ShopCatalog.RevenueSql(),
        });
        Assert.Empty(ColumnGrounding.Check(ShopCatalog.Source, null, good));

        var bad = good
            .With(ShopCatalog.CustomersPath, ShopCatalog.CustomersSql.Replace("email", "e_mail", StringComparison.Ordinal))
            .With("models/staging/shop/stg_shop__payments.sql", "select * from {{ source('shop', 'payments') }}")
            .With("models/marts/dim_x.sql", "select * from {{ ref('stg_shop__clients') }}");
        var problems = ColumnGrounding.Check(ShopCatalog.Source, null, bad);

        Assert.Equal(3, problems.Count);
        Assert.Equal($"{ShopCatalog.CustomersPath}:5: column 'e_mail' does not exist in source shop.customers; the columns there are: email, id, name",
            problems.Single(p => p.Name == "e_mail").ToString());
        Assert.Contains("source('shop', 'payments') is not a table of the catalog; the source is 'shop' with tables: orders, customers",
            problems.Single(p => p.Name == "shop.payments").Message, StringComparison.Ordinal);
        Assert.StartsWith("ref('stg_shop__clients') names no model of the project", problems.Single(p => p.Name == "stg_shop__clients").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_downstream_model_may_name_only_what_its_upstream_model_selects()
    {
        var files = new ProjectFiles(new Dictionary<string, string>
        {
            ["models/staging/shop/stg_shop__customers.sql"] = "select id as customer_id, name from {{ source('shop', 'customers') }}",
            ["models/marts/dim_customers.sql"] = "select customer_id, name, email from {{ ref('stg_shop__customers') }}",
        });

        var problem = Assert.Single(ColumnGrounding.Check(ShopCatalog.Source, null, files));

        Assert.Equal("email", problem.Name);
        Assert.Equal("models/marts/dim_customers.sql", problem.Path);
    }
}
