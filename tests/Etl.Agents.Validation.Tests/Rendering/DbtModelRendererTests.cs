using Etl.Agents.Validation.Rendering;

namespace Etl.Agents.Validation.Tests.Rendering;

public sealed class DbtModelRendererTests
{
    private static readonly DbtModelRenderer Renderer = new("main", new Dictionary<string, object?> { ["days"] = 3L });

    [Fact]
    public void Config_refs_and_sources_are_captured_and_relations_print_quoted()
    {
        var render = Renderer.Render("fct", "{{ config(materialized='incremental', unique_key=['a', 'b'], on_schema_change='append_new_columns', incremental_strategy='delete+insert') }}\nselect * from {{ ref('x') }} join {{ ref('pkg', 'y') }} using (a) join {{ source('shop', 'orders') }} using (a)", false);

        Assert.True(render.Complete);
        Assert.Equal(("incremental", "append_new_columns", "delete+insert"), (render.Config.Materialized, render.Config.OnSchemaChange, render.Config.IncrementalStrategy));
        Assert.Equal(["a", "b"], render.Config.UniqueKey);
        Assert.Equal(["x", "y"], render.Refs);
        Assert.Equal([new SourceReference("shop", "orders")], render.Sources);
        Assert.Equal("\nselect * from \"main\".\"x\" join \"main\".\"y\" using (a) join \"shop\".\"orders\" using (a)", render.Sql);
    }

    [Theory]
    [InlineData("{% for c in ['a'] %}{% endfor %}", "line 1: {% for %}", "line 1: {% endfor %}")]
    [InlineData("select {{ 'a' | upper }}", "line 1: the expression at '| upper'")]
    [InlineData("select 1\n{% set x = 1 %}", "line 2: {% set %}")]
    [InlineData("select {{ target.schema }}", "line 1: the name 'target.schema'")]
    [InlineData("select {{ env_var('X') }}", "line 1: the macro env_var()")]
    [InlineData("select {{ dbt_utils.star(ref('x')) }}", "line 1: the macro dbt_utils.star()")]
    [InlineData("select {{ x }}", "line 1: the name 'x'")]
    [InlineData("{% if var('days') is number %}1{% endif %}", "line 1: the expression at 'is number'")]
    public void Anything_else_is_listed_not_guessed(string template, params string[] notValidated)
    {
        var render = Renderer.Render("m", template, false);

        Assert.False(render.Complete);
        Assert.Null(render.Error);
        Assert.Equal(notValidated, render.NotValidated);
    }

    [Theory]
    [InlineData("select 1\n{% if is_incremental() %}\nwhere x", "{% if %} is never closed: add {% endif %}", 2)]
    [InlineData("select 1 {% endif %}", "{% endif %} without an {% if %} before it", 1)]
    [InlineData("select 1\n\n{{ ref('x') ", "the tag opened here is never closed ('}}' missing)", 3)]
    [InlineData("select {{ var('missing') }}", "var('missing') is not set in dbt_project.yml's vars and has no default", 1)]
    public void A_broken_template_is_an_error_at_its_line(string template, string error, int line)
    {
        var render = Renderer.Render("m", template, false);

        Assert.Equal((error, (int?)line), (render.Error, render.ErrorLine));
    }

    [Fact]
    public void The_line_map_points_each_rendered_line_at_its_model_file_line()
    {
        const string template = "{{ config(materialized='table') }}\n{#\ncomment\n#}\n{%- if is_incremental() -%}\nnever\n{%- endif %}\nselect a,\n  {{ var('days') }} as days\nfrom {{ ref('x') }}";
        var render = Renderer.Render("m", template, false);

        var lines = render.Sql.Split('\n');
        Assert.Equal(["", "", "select a,", "  3 as days", "from \"main\".\"x\""], lines);
        Assert.Equal(8, render.TemplateLineOf(3));
        Assert.Equal(9, render.TemplateLineOf(4));
        Assert.Equal(10, render.TemplateLineOf(5));
        Assert.Null(render.TemplateLineOf(6));
    }

    [Fact]
    public void The_validator_tells_the_lead_how_one_model_renders_with_the_projects_vars()
    {
        var files = Fixtures.ShopProject.Files();

        var full = new DbtProjectValidator().Render(files, "models/marts/fct_orders.sql");
        var incremental = new DbtProjectValidator().Render(files, "models/marts/fct_orders.sql", isIncremental: true);

        Assert.Contains("where amount >= 0\nselect", full.Sql.Replace("\n\n", "\n", StringComparison.Ordinal) + "\nselect", StringComparison.Ordinal);
        Assert.EndsWith("and ordered_at > (select max(ordered_at) from \"main\".\"fct_orders\")", incremental.Sql, StringComparison.Ordinal);
        Assert.Equal("incremental", full.Config.Materialized);
    }
}
