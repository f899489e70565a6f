using Etl.Agents.Chat;
using Etl.Core.Agents;

namespace Etl.Agents.Tests.Chat;

public sealed class ColumnGroundingTests
{
    private static ProjectFiles Good() => new(new Dictionary<string, string>
    {
        [ShopCatalog.OrdersPath] = ShopCatalog.OrdersSql,
        [ShopCatalog.CustomersPath] = ShopCatalog.CustomersSql,
        [ShopCatalog.RevenuePath] = ShopCatalog.RevenueSql(),
    });

    [Fact]
    public void Grounding_accepts_a_good_project_and_names_what_does_not_exist()
    {
        var good = Good();
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

    [Fact]
    public void Properties_yaml_may_list_only_columns_that_exist()
    {
        var files = Good()
            .With("models/staging/shop/_shop__sources.yml", """
                version: 2
                sources:
                  - name: shop
                    tables:
                      - name: orders
                        columns:
                          - name: id
                          - name: total_price
                      - name: refunds
                """)
            .With("models/marts/_marts__models.yml", """
                version: 2
                models:
                  - name: fct_daily_revenue
                    columns:
                      - name: order_date
                        data_tests: [not_null]
                      - name: revenue
                      - name: margin
                  - name: fct_refunds
                """)
            .With("models/intermediate/_int__models.yml", "models: [ name: x");

        var problems = ColumnGrounding.Check(ShopCatalog.Source, null, files).Select(p => p.ToString()).ToList();

        Assert.StartsWith("models/intermediate/_int__models.yml: line ", problems[0], StringComparison.Ordinal);
        Assert.Contains(": the YAML does not parse: ", problems[0], StringComparison.Ordinal);
        Assert.Equal(string.Join("\n",
        [
            "models/marts/_marts__models.yml:8: column 'margin' is not a column of model fct_daily_revenue; its columns are: amount, created_at, order_date, orders, revenue, status",
            "models/marts/_marts__models.yml:9: describes model 'fct_refunds', which has no .sql file; models: fct_daily_revenue, stg_shop__customers, stg_shop__orders",
            "models/staging/shop/_shop__sources.yml:8: column 'total_price' is not a column of source shop.orders; its columns are: amount, created_at, customer_id, id, status",
            "models/staging/shop/_shop__sources.yml:9: source table 'refunds' is not a table of the catalog; tables: orders, customers",
        ]), string.Join("\n", problems.Skip(1)));
    }
}
