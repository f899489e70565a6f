using Etl.Agents.Validation.Schemas;
using Etl.Agents.Validation.Tests.Fixtures;
using Etl.Core.Agents;

namespace Etl.Agents.Validation.Tests.Schemas;

public sealed class DbtSchemaTests(ShopDataset data) : IClassFixture<ShopDataset>
{

    [Theory]
    [InlineData("dbt_yml_files")]
    [InlineData("dbt_project")]
    [InlineData("packages")]
    [InlineData("selectors")]
    [InlineData("dependencies")]
    public void The_upstream_samples_valid_pass_and_invalid_fail_against_the_embedded_schemas(string schema)
    {
        var valid = YamlTree.Parse(File.ReadAllText(TestFiles.In("dbt-jsonschema", $"tests-latest/valid/{schema}.yml")));
        var invalid = YamlTree.Parse(File.ReadAllText(TestFiles.In("dbt-jsonschema", $"tests-latest/invalid/{schema}.yml")));

        Assert.Empty(DbtSchemas.Check(schema, valid));
        Assert.NotEmpty(DbtSchemas.Check(schema, invalid));
    }

    [Fact]
    public void An_unknown_key_in_the_upstream_invalid_sample_is_reported_at_its_line()
    {
        var text = File.ReadAllText(TestFiles.In("dbt-jsonschema", "tests-latest/invalid/dbt_yml_files.yml"));
        var errors = DbtSchemas.Check("dbt_yml_files", YamlTree.Parse(text));

        var line = Array.FindIndex(text.Split('\n'), l => l.TrimStart().StartsWith("jarrod:", StringComparison.Ordinal)) + 1;
        Assert.Contains(errors, e => e.Line == line && e.Message.Contains("jarrod", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_misspelt_key_in_a_models_yaml_fails_the_schema_at_its_line()
    {
        var yaml = ShopProject.IntModels.Replace("    description: Orders", "    descripton: Orders", StringComparison.Ordinal);
        var report = await new DbtProjectValidator().ValidateAsync(ShopProject.Files().With("models/intermediate/_int__models.yml", yaml), data.Tables, CancellationToken.None);

        var check = Assert.Single(report.Files, f => f.Path == "models/intermediate/_int__models.yml");
        Assert.Equal("dbt_yml_files", check.Schema);
        Assert.True(check.Errors.Count == 1, string.Join("\n", check.Errors));
        var error = check.Errors[0];
        Assert.Equal(4, error.Line);
        Assert.Equal("/models/0/descripton: unknown key 'descripton': dbt's dbt_yml_files schema does not allow it here (a misspelling?)", error.Message);
        Assert.False(report.Passed);
        Assert.Equal("dbt_project", Assert.Single(report.Files, f => f.Path == "dbt_project.yml").Schema);
    }

    [Fact]
    public async Task YAML_that_does_not_parse_is_reported_with_its_line_and_the_rest_still_runs()
    {
        var yaml = ShopProject.MartModels.Replace("description: Revenue per day.", "description: \"Revenue per day.", StringComparison.Ordinal);
        var report = await new DbtProjectValidator().ValidateAsync(ShopProject.Files().With("models/marts/_marts__models.yml", yaml), data.Tables, CancellationToken.None);

        var errors = Assert.Single(report.Files, f => f.Path == "models/marts/_marts__models.yml").Errors;
        Assert.True(errors.Count == 1, string.Join("\n", errors));
        var error = errors[0];
        Assert.StartsWith("not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.Equal(15, error.Line);
        Assert.True(Assert.Single(report.Models, m => m.Model == "fct_orders").Ran);
    }

    [Fact]
    public async Task Folder_configs_that_apply_to_no_model_are_errors_at_their_line()
    {
        var yaml = ShopProject.DbtProjectYml.Replace("    marts:", "    mart:", StringComparison.Ordinal);
        var report = await new DbtProjectValidator().ValidateAsync(ShopProject.Files().With("dbt_project.yml", yaml), data.Tables, CancellationToken.None);

        var error = Assert.Single(Assert.Single(report.Files, f => f.Path == "dbt_project.yml").Errors);
        Assert.Equal((14, "models: the folder mart holds no model, so its configs apply to nothing; name a folder under models/ that has models"), (error.Line, error.Message));
        Assert.Equal("view", Assert.Single(report.Models, m => m.Model == "daily_revenue").Materialization);
        var withoutMarts = ShopProject.Files().With("dbt_project.yml", ShopProject.DbtProjectYml.Replace("    marts:\n      +materialized: table\n", "", StringComparison.Ordinal)
            .Replace("    staging:", "    staging:\n      shop:\n        +tags: shop", StringComparison.Ordinal));
        var conventional = await new DbtProjectValidator().ValidateAsync(withoutMarts.Without("models/intermediate/int_orders_joined.sql").Without("models/intermediate/_int__models.yml"), data.Tables, CancellationToken.None);
        Assert.Empty(Assert.Single(conventional.Files, f => f.Path == "dbt_project.yml").Errors);

        var renamed = ShopProject.DbtProjectYml.Replace("  shop_analytics:", "  shop:", StringComparison.Ordinal);
        var other = await new DbtProjectValidator().ValidateAsync(ShopProject.Files().With("dbt_project.yml", renamed), data.Tables, CancellationToken.None);
        Assert.StartsWith("models: 'shop' is not the project's name (shop_analytics)", Assert.Single(Assert.Single(other.Files, f => f.Path == "dbt_project.yml").Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void YAML_1_1_scalars_load_as_dbt_loads_them()
    {
        var tree = YamlTree.Parse("a: yes\nb: 'yes'\nc: 1.5\nd: 007x\ne: ~\nf: 12\ng: Off\n");

        Assert.Equal("""{"a":true,"b":"yes","c":1.5,"d":"007x","e":null,"f":12,"g":false}""", tree.Root!.ToJsonString());
        Assert.Equal(7, tree.LineOf("/g"));
    }

    [Fact]
    public void The_schemas_travel_inside_the_validator_assembly()
    {
        var names = typeof(DbtProjectValidator).Assembly.GetManifestResourceNames();

        Assert.Contains("dbt-jsonschema/dbt_yml_files-latest.json", names);
        Assert.Contains("dbt-jsonschema/dbt_project-latest.json", names);
    }
}
