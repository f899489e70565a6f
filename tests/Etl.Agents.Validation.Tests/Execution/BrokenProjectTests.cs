using Etl.Agents.Validation.Tests.Fixtures;
using Etl.Core.Agents;

namespace Etl.Agents.Validation.Tests.Execution;

/// <summary>One file of the good shop project broken at a time: the report names the failure, the file and the line.</summary>
public sealed class BrokenProjectTests(ShopDataset data) : IClassFixture<ShopDataset>
{

    private const string StgOrdersPath = "models/staging/shop/stg_shop__orders.sql";

    private Task<ValidationReport> Validate(ProjectFiles files) => new DbtProjectValidator().ValidateAsync(files, data.Tables, CancellationToken.None);

    [Fact]
    public async Task A_SQL_error_on_line_7_of_the_model_is_reported_on_line_7_although_Jinja_changed_the_line_count()
    {
        const string model = """
            {{ config(
                materialized='table'
            ) }}
            {# a comment
               over two lines #}
            select order_id,
                amount amount amount
            from {{ source('shop', 'orders') }}
            """;
        var report = await Validate(ShopProject.Files().With(StgOrdersPath, model));

        var run = Assert.Single(report.Models, m => m.Model == "stg_shop__orders");
        Assert.False(report.Passed);
        Assert.False(run.Ran);
        Assert.Equal(7, run.ErrorLine);
        Assert.Contains("Parser Error", run.Error, StringComparison.Ordinal);
        Assert.Contains(report.Problems(), p => p.Path == StgOrdersPath && p.Line == 7);
    }

    [Fact]
    public async Task A_missing_column_is_DuckDBs_binder_error_at_its_line_and_the_models_downstream_are_not_run_not_failed()
    {
        var model = ShopProject.StgOrders.Replace("customer_id,", "customer_id,\n        discount_code,", StringComparison.Ordinal);
        var report = await Validate(ShopProject.Files().With(StgOrdersPath, model));

        var run = Assert.Single(report.Models, m => m.Model == "stg_shop__orders");
        Assert.False(run.Ran);
        Assert.Contains("discount_code", run.Error, StringComparison.Ordinal);
        Assert.Equal(9, run.ErrorLine);
        foreach (var downstream in (string[])["fct_orders", "int_orders_joined"])
        {
            var skipped = Assert.Single(report.Models, m => m.Model == downstream);
            Assert.False(skipped.Ran);
            Assert.Null(skipped.Error);
            Assert.Equal("not run: upstream model stg_shop__orders failed", skipped.NotRunReason);
        }
        Assert.Equal("not run: upstream model fct_orders was not run", Assert.Single(report.Models, m => m.Model == "daily_revenue").NotRunReason);
        Assert.Contains(report.Tests, t => t.Model == "fct_orders" && t.Error == "not run: model fct_orders was not built (models/marts/_marts__models.yml line 8)");
        Assert.DoesNotContain(report.Problems(), p => p.Path == "models/marts/daily_revenue.sql");
    }

    [Fact]
    public async Task An_unknown_materialization_is_reported_in_the_model_and_in_dbt_project_yml()
    {
        var files = ShopProject.Files()
            .With(StgOrdersPath, "{{ config(materialized='materialized_view') }}\n" + ShopProject.StgOrders)
            .With("dbt_project.yml", ShopProject.DbtProjectYml.Replace("+materialized: table", "+materialized: tabel", StringComparison.Ordinal));
        var report = await Validate(files);

        var run = Assert.Single(report.Models, m => m.Model == "stg_shop__orders");
        Assert.Equal("unknown materialization 'materialized_view': use view, table, incremental or ephemeral", run.Error);
        Assert.Equal(1, run.ErrorLine);
        var project = Assert.Single(report.Files, f => f.Path == "dbt_project.yml");
        var error = Assert.Single(project.Errors);
        Assert.Equal(15, error.Line);
        Assert.Contains("unknown materialization 'tabel'", error.Message, StringComparison.Ordinal);
        Assert.Equal("tabel", Assert.Single(report.Models, m => m.Model == "daily_revenue").Materialization);
    }

    [Fact]
    public async Task A_failing_unique_test_reports_the_count_and_a_failing_row()
    {
        var yaml = ShopProject.StagingModels.Replace("""
                    tests:
                      - not_null
            """, """
                    tests:
                      - not_null
                      - unique
            """, StringComparison.Ordinal);
        var report = await Validate(ShopProject.Files().With("models/staging/shop/_shop__models.yml", yaml));

        Assert.False(report.Passed);
        var test = Assert.Single(report.Tests, t => !t.Passed);
        Assert.Equal(("unique_stg_shop__customers_customer_id", "unique", "stg_shop__customers", "customer_id", 1L), (test.Name, test.Test, test.Model, test.Column, test.FailingRows));
        Assert.Equal("""{"unique_field":12,"n_records":2}""", test.FailingRow!.ToJsonString());
        Assert.Null(test.Error);
        Assert.Contains(report.Problems(), p => p.Path == "models/staging/shop/_shop__models.yml" && p.Message.Contains("{\"unique_field\":12", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Relationships_and_accepted_values_fail_on_the_rows_that_break_them()
    {
        var yaml = ShopProject.StagingModels.Replace("""
                  - name: customer_id
                    data_tests:
                      - not_null
            """, """
                  - name: customer_id
                    data_tests:
                      - not_null
                      - relationships:
                          to: ref('stg_shop__customers')
                          field: customer_id
            """, StringComparison.Ordinal).Replace("values: ['placed', 'shipped', 'returned']", "values: ['placed', 'shipped']", StringComparison.Ordinal);
        var report = await Validate(ShopProject.Files().With("models/staging/shop/_shop__models.yml", yaml));

        var relationships = Assert.Single(report.Tests, t => t.Test == "relationships" && t.Model == "stg_shop__orders");
        Assert.Equal((false, 1L, """{"from_field":99}"""), (relationships.Passed, relationships.FailingRows, relationships.FailingRow!.ToJsonString()));
        Assert.Equal("relationships_stg_shop__orders_customer_id__customer_id__ref_stg_shop__customers_", relationships.Name);
        var accepted = Assert.Single(report.Tests, t => t.Test == "accepted_values");
        Assert.Equal((false, 1L, """{"value_field":"returned","n_records":1}"""), (accepted.Passed, accepted.FailingRows, accepted.FailingRow!.ToJsonString()));
    }

    [Fact]
    public async Task A_test_other_than_the_four_generic_ones_is_reported_not_validated()
    {
        var yaml = ShopProject.IntModels.Replace("data_tests: [unique]", "data_tests: [unique, dbt_utils.not_empty_string]", StringComparison.Ordinal);
        var report = await Validate(ShopProject.Files().With("models/intermediate/_int__models.yml", yaml));

        var test = Assert.Single(report.Tests, t => t.Test == "dbt_utils.not_empty_string");
        Assert.False(test.Passed);
        Assert.StartsWith("not validated: dbt_utils.not_empty_string is not one of the generic tests the validator runs", test.Error, StringComparison.Ordinal);
        Assert.False(report.Passed);
    }

    [Fact]
    public async Task An_unknown_macro_is_not_guessed_the_model_is_reported_not_validated_and_not_run()
    {
        var model = ShopProject.StgCustomers.Replace("country", "{{ dbt_utils.generate_surrogate_key(['customer_id']) }} as customer_key,\n        country", StringComparison.Ordinal);
        var report = await Validate(ShopProject.Files().With("models/staging/shop/stg_shop__customers.sql", model));

        var run = Assert.Single(report.Models, m => m.Model == "stg_shop__customers");
        Assert.Equal(["line 9: the macro dbt_utils.generate_surrogate_key()"], run.NotValidated);
        Assert.False(run.Ran);
        Assert.Equal(9, run.ErrorLine);
        Assert.StartsWith("not run: the model uses Jinja the validator does not evaluate", run.Error, StringComparison.Ordinal);
        Assert.False(report.Passed);
    }

    [Fact]
    public async Task A_staging_model_that_drops_rows_is_flagged()
    {
        var model = ShopProject.StgOrders.Replace("from source\n)", "from source\n    where status <> 'returned'\n)", StringComparison.Ordinal);
        Assert.NotEqual(ShopProject.StgOrders, model);
        var report = await Validate(ShopProject.Files().With(StgOrdersPath, model));

        var flagged = Assert.Single(report.Reconciliations, r => r.Flagged);
        Assert.Equal(("stg_shop__orders", "source shop.orders", 5L, 4L), (flagged.Model, flagged.From, flagged.FromRows, flagged.Rows));
        Assert.StartsWith("stg_shop__orders dropped 1 of the 5 rows of source shop.orders", flagged.Reason, StringComparison.Ordinal);
        Assert.False(report.Passed);
    }

    [Fact]
    public async Task A_left_join_that_fans_out_is_flagged_and_an_aggregate_is_not_compared()
    {
        var model = ShopProject.IntOrdersJoined.Replace("select distinct on (customer_id) customer_id, country", "select customer_id, country", StringComparison.Ordinal);
        var report = await Validate(ShopProject.Files().With("models/intermediate/int_orders_joined.sql", model));

        var flagged = Assert.Single(report.Reconciliations, r => r.Flagged);
        Assert.Equal(("int_orders_joined", "stg_shop__orders", 5L, 6L), (flagged.Model, flagged.From, flagged.FromRows, flagged.Rows));
        Assert.Contains("a join fans out", flagged.Reason, StringComparison.Ordinal);
        var daily = Assert.Single(report.Reconciliations, r => r.Model == "daily_revenue");
        Assert.False(daily.Flagged);
        Assert.StartsWith("not compared: it aggregates", daily.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_good_projects_joins_and_staging_models_are_reconciled_as_kept()
    {
        var report = await Validate(ShopProject.Files());

        var joined = Assert.Single(report.Reconciliations, r => r.Model == "int_orders_joined");
        Assert.Equal(("stg_shop__orders", 5L, 5L, false), (joined.From, joined.FromRows, joined.Rows, joined.Flagged));
        Assert.Contains("left join from stg_shop__orders", joined.Reason, StringComparison.Ordinal);
        var items = Assert.Single(report.Reconciliations, r => r.Model == "stg_shop__orders_items");
        Assert.Equal(("source shop.orders__items", 5L, 5L), (items.From, items.FromRows, items.Rows));
        var fct = Assert.Single(report.Reconciliations, r => r.Model == "fct_orders");
        Assert.StartsWith("not compared: it filters rows", fct.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_incremental_branch_that_fails_is_reported_with_its_line_while_the_full_refresh_ran()
    {
        var model = ShopProject.FctOrders.Replace("and ordered_at > (select max(ordered_at) from {{ this }})", "and loaded_at > (select max(loaded_at) from {{ this }})", StringComparison.Ordinal);
        var report = await Validate(ShopProject.Files().With("models/marts/fct_orders.sql", model));

        var run = Assert.Single(report.Models, m => m.Model == "fct_orders");
        Assert.Equal((true, (bool?)false), (run.Ran, run.IncrementalRan));
        Assert.StartsWith("incremental branch (is_incremental() true): Binder Error", run.Error, StringComparison.Ordinal);
        Assert.Equal(11, run.ErrorLine);
        Assert.False(report.Passed, ReportText.Describe(report));
    }

    [Fact]
    public async Task The_incremental_branch_merges_by_unique_key_so_running_it_twice_keeps_one_row_per_key()
    {
        var model = ShopProject.FctOrders.Replace("and ordered_at > (select max(ordered_at) from {{ this }})", "and 1 = 1", StringComparison.Ordinal);
        var report = await Validate(ShopProject.Files().With("models/marts/fct_orders.sql", model));

        var run = Assert.Single(report.Models, m => m.Model == "fct_orders");
        Assert.Equal((true, (bool?)true, (long?)5), (run.Ran, run.IncrementalRan, run.Rows));
        Assert.True(report.Passed, ReportText.Describe(report));

        var appended = model.Replace("unique_key='order_id', ", "", StringComparison.Ordinal);
        var appendReport = await Validate(ShopProject.Files().With("models/marts/fct_orders.sql", appended));
        Assert.Equal(10, Assert.Single(appendReport.Models, m => m.Model == "fct_orders").Rows);
        Assert.Equal(5, Assert.Single(appendReport.Tests, t => t.Name == "unique_fct_orders_order_id").FailingRows);
    }

    [Fact]
    public async Task Refs_that_resolve_to_nothing_and_ref_cycles_are_errors_at_their_line()
    {
        var files = ShopProject.Files()
            .With("models/marts/daily_revenue.sql", ShopProject.DailyRevenue.Replace("ref('fct_orders')", "ref('fct_order')", StringComparison.Ordinal))
            .With("models/intermediate/int_a.sql", "select * from {{ ref('int_b') }}")
            .With("models/intermediate/int_b.sql", "select * from {{ ref('int_a') }}");
        var report = await Validate(files);

        var daily = Assert.Single(report.Models, m => m.Model == "daily_revenue");
        Assert.StartsWith("ref('fct_order') names no model of the project", daily.Error, StringComparison.Ordinal);
        Assert.Equal(5, daily.ErrorLine);
        Assert.Equal("the refs form a cycle: int_a → int_b → int_a; dbt needs a DAG", Assert.Single(report.Models, m => m.Model == "int_a").Error);
        Assert.NotNull(Assert.Single(report.Models, m => m.Model == "int_b").Error);
        Assert.Contains(report.Files, f => f.Path == "models/intermediate/int_a.sql" && f.Errors.Any(e => e.Message.StartsWith("model int_a has no entry in any properties YAML", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Source_outside_staging_a_described_model_without_sql_and_hallucinated_columns_are_file_errors()
    {
        var yaml = ShopProject.IntModels + """

              - name: int_customers_ranked
                description: Not written.
            """;
        var intModel = ShopProject.IntOrdersJoined.Replace("{{ ref('stg_shop__orders') }}", "{{ source('shop', 'orders') }}", StringComparison.Ordinal);
        var staging = ShopProject.StagingModels.Replace("          - name: country_code\n", "", StringComparison.Ordinal)
            .Replace("      - name: sku\n", "      - name: sku_code\n", StringComparison.Ordinal);
        var report = await Validate(ShopProject.Files()
            .With("models/intermediate/_int__models.yml", yaml)
            .With("models/intermediate/int_orders_joined.sql", intModel)
            .With("models/staging/shop/_shop__models.yml", staging));

        var intYaml = Assert.Single(report.Files, f => f.Path == "models/intermediate/_int__models.yml");
        Assert.True(intYaml.Errors.Count == 1, ReportText.Describe(report));
        Assert.Contains(intYaml.Errors, e => e.Line == 8 && e.Message.StartsWith("model int_customers_ranked is described here but the project has no int_customers_ranked.sql", StringComparison.Ordinal));
        var sql = Assert.Single(report.Files, f => f.Path == "models/intermediate/int_orders_joined.sql");
        Assert.Contains(sql.Errors, e => e.Line == 2 && e.Message.Contains("calls source() outside models/staging", StringComparison.Ordinal));
        var stagingYaml = Assert.Single(report.Files, f => f.Path == "models/staging/shop/_shop__models.yml");
        Assert.Contains(stagingYaml.Errors, e => e.Line == 27 && e.Message.StartsWith("model stg_shop__orders_items has no column sku_code (it has: sku, qty)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_source_table_the_dataset_does_not_have_is_an_error_in_the_sources_yaml_and_in_the_model()
    {
        var sources = ShopProject.Sources + "\n      - name: refunds\n";
        var files = ShopProject.Files()
            .With("models/staging/shop/_shop__sources.yml", sources)
            .With(StgOrdersPath, ShopProject.StgOrders.Replace("'orders'", "'refunds'", StringComparison.Ordinal));
        var report = await Validate(files);

        var yaml = Assert.Single(report.Files, f => f.Path == "models/staging/shop/_shop__sources.yml");
        Assert.Contains(yaml.Errors, e => e.Line == 13 && e.Message.StartsWith("source table shop.refunds is declared but the dataset has no such table", StringComparison.Ordinal));
        var run = Assert.Single(report.Models, m => m.Model == "stg_shop__orders");
        Assert.StartsWith("source('shop', 'refunds') is not a table of the dataset; the dataset has: shop.customers, shop.orders, shop.orders__items", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, run.ErrorLine);
    }
}
