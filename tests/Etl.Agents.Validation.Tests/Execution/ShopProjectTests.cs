using Etl.Agents.Validation.Tests.Fixtures;
using Etl.Core.Agents;

namespace Etl.Agents.Validation.Tests.Execution;

public sealed class ShopProjectTests(ShopDataset data) : IClassFixture<ShopDataset>
{

    private Task<ValidationReport> Validate(ProjectFiles files) => new DbtProjectValidator().ValidateAsync(files, data.Tables, CancellationToken.None);

    [Fact]
    public async Task A_good_project_passes_with_every_model_built_and_every_test_run()
    {
        var report = await Validate(ShopProject.Files());

        Assert.True(report.Passed, ReportText.Describe(report));
        Assert.Equal(["stg_shop__orders", "fct_orders", "daily_revenue", "stg_shop__customers", "int_orders_joined", "stg_shop__orders_items"],
            report.Models.Select(m => m.Model));
        var orders = Assert.Single(report.Models, m => m.Model == "stg_shop__orders");
        Assert.Equal(("view", 5L), (orders.Materialization, orders.Rows));
        var fct = Assert.Single(report.Models, m => m.Model == "fct_orders");
        Assert.Equal(("incremental", true, true, 5L), (fct.Materialization, fct.Ran, fct.IncrementalRan, fct.Rows));
        Assert.Equal("table", Assert.Single(report.Models, m => m.Model == "daily_revenue").Materialization);
        Assert.All(report.Tests, t => Assert.True(t.Passed, t.Name));
        Assert.Contains(report.Tests, t => t.Name == "source_unique_shop_orders_order_id" && t.Model == "source:shop.orders");
        Assert.Contains(report.Tests, t => t.Name == "relationships_fct_orders_order_id__order_id__ref_stg_shop__orders_");
        Assert.Equal(13, report.Tests.Count);
        Assert.All(report.Files, f => Assert.True(f.Valid, f.Path));
    }

    [Fact]
    public async Task Above_the_copy_limit_the_sources_are_views_over_the_parquet_files_and_the_project_still_passes()
    {
        var report = await new DbtProjectValidator("main", copyLimitBytes: 0).ValidateAsync(ShopProject.Files(), data.Tables, CancellationToken.None);

        Assert.True(report.Passed, ReportText.Describe(report));
        Assert.Equal(5, Assert.Single(report.Models, m => m.Model == "stg_shop__orders").Rows);
    }

    [Fact]
    public async Task A_source_file_that_is_not_Parquet_fails_the_models_reading_it_with_what_and_where()
    {
        using var folder = new TempDirectory();
        var broken = Path.Combine(folder.Path, "customers.parquet");
        await File.WriteAllTextAsync(broken, "not parquet");
        var tables = data.Tables.Select(t => t.Table == "customers" ? t with { ParquetPath = broken } : t).ToList();

        var report = await new DbtProjectValidator().ValidateAsync(ShopProject.Files(), tables, CancellationToken.None);

        var run = Assert.Single(report.Models, m => m.Model == "stg_shop__customers");
        Assert.StartsWith($"the Parquet file of source shop.customers ({broken}) could not be read", run.Error, StringComparison.Ordinal);
        Assert.Equal("not run: upstream model stg_shop__customers failed", Assert.Single(report.Models, m => m.Model == "int_orders_joined").NotRunReason);
        Assert.True(Assert.Single(report.Models, m => m.Model == "stg_shop__orders").Ran);
    }
}
