using Etl.Agents.Validation.Tests.Fixtures;
using Etl.Core.Agents;

namespace Etl.Agents.Validation.Tests.DataTests;

public sealed class GenericTestTests(ShopDataset data) : IClassFixture<ShopDataset>
{

    private Task<ValidationReport> Validate(ProjectFiles files) => new DbtProjectValidator().ValidateAsync(files, data.Tables, CancellationToken.None);

    [Fact]
    public async Task Where_configs_unquoted_values_model_level_tests_and_the_older_tests_key_run_as_dbt_compiles_them()
    {
        const string yaml = """
            version: 2
            models:
              - name: int_orders_joined
                description: Orders with the customer's country.
                data_tests:
                  - unique:
                      column_name: order_id
                columns:
                  - name: order_id
                    tests:
                      - accepted_values:
                          values: [1, 2, 3, 4]
                          quote: false
                          config:
                            where: "amount < 50"
                  - name: country
                    data_tests:
                      - not_null:
                          config:
                            where: "order_id <> 5"
                      - not_null
            """;
        var report = await Validate(ShopProject.Files().With("models/intermediate/_int__models.yml", yaml));

        var unique = Assert.Single(report.Tests, t => t.Name == "unique_int_orders_joined_order_id");
        Assert.Equal(("order_id", true), (unique.Column, unique.Passed));
        var accepted = Assert.Single(report.Tests, t => t.Test == "accepted_values" && t.Model == "int_orders_joined");
        Assert.Equal((false, 1L, """{"value_field":5,"n_records":1}"""), (accepted.Passed, accepted.FailingRows, accepted.FailingRow!.ToJsonString()));
        var notNull = report.Tests.Where(t => t.Test == "not_null" && t.Model == "int_orders_joined").ToList();
        Assert.Equal(2, notNull.Count);
        Assert.True(notNull[0].Passed, ReportText.Describe(report));
        Assert.Equal((false, 1L), (notNull[1].Passed, notNull[1].FailingRows));
        Assert.Equal(5, notNull[1].FailingRow!["order_id"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_test_missing_its_arguments_says_which()
    {
        var yaml = ShopProject.IntModels.Replace("data_tests: [unique]", "data_tests: [relationships, accepted_values]", StringComparison.Ordinal);
        var report = await Validate(ShopProject.Files().With("models/intermediate/_int__models.yml", yaml));

        Assert.StartsWith("relationships needs arguments to (ref('model') or source('s', 't')) and field", Assert.Single(report.Tests, t => t.Test == "relationships" && t.Model == "int_orders_joined").Error, StringComparison.Ordinal);
        Assert.StartsWith("accepted_values needs a non-empty values list", Assert.Single(report.Tests, t => t.Test == "accepted_values" && t.Model == "int_orders_joined").Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ephemeral_model_is_built_so_its_dependents_and_tests_run()
    {
        var files = ShopProject.Files()
            .With("models/intermediate/int_orders_joined.sql", "{{ config(materialized='ephemeral') }}\n" + ShopProject.IntOrdersJoined);
        var report = await Validate(files);

        var run = Assert.Single(report.Models, m => m.Model == "int_orders_joined");
        Assert.Equal(("ephemeral", true, (long?)5), (run.Materialization, run.Ran, run.Rows));
        Assert.True(report.Passed, ReportText.Describe(report));
    }
}
