using Etl.Agents.Validation.Tests.Fixtures;
using Etl.Core.Agents;

namespace Etl.Agents.Validation.Tests.Execution;

/// <summary>Model SQL is untrusted (a model wrote it): it reaches the dataset's Parquet files and nothing else.</summary>
public sealed class LockDownTests(ShopDataset data) : IClassFixture<ShopDataset>
{
    private const string Path = "models/staging/shop/stg_shop__customers.sql";

    [Theory]
    [InlineData("select * from read_csv('/etc/passwd')")]
    [InlineData("select * from read_parquet('https://example.com/x.parquet')")]
    [InlineData("select * from {{ source('shop', 'customers') }} where (select count(*) from glob('/*')) > 0")]
    public async Task A_model_cannot_read_files_or_the_network_beyond_the_dataset(string sql)
    {
        var report = await new DbtProjectValidator().ValidateAsync(ShopProject.Files().With(Path, sql), data.Tables, CancellationToken.None);

        var run = Assert.Single(report.Models, m => m.Model == "stg_shop__customers");
        Assert.False(run.Ran);
        Assert.Contains("disabled", run.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_model_cannot_write_files_nor_unlock_the_configuration()
    {
        using var folder = new TempDirectory();
        var target = System.IO.Path.Combine(folder.Path, "leak.csv");
        var sql = $"{{{{ config(materialized='table') }}}}\nselect 1 as customer_id;\ncopy (select 1) to '{target}'";
        var report = await new DbtProjectValidator().ValidateAsync(ShopProject.Files().With(Path, sql), data.Tables, CancellationToken.None);

        Assert.False(File.Exists(target));
        Assert.False(Assert.Single(report.Models, m => m.Model == "stg_shop__customers").Ran);

        var unlock = await new DbtProjectValidator().ValidateAsync(ShopProject.Files().With(Path, "select 1 as customer_id;\nset enable_external_access = true"), data.Tables, CancellationToken.None);
        var run = Assert.Single(unlock.Models, m => m.Model == "stg_shop__customers");
        Assert.False(run.Ran);
        Assert.StartsWith("the model holds more than one SQL statement", run.Error, StringComparison.Ordinal);
        Assert.Equal(1, run.ErrorLine);
    }
}
