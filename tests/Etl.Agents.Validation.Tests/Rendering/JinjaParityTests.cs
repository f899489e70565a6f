using System.Text.Json.Nodes;
using Etl.Agents.Validation.Rendering;
using Etl.Agents.Validation.Tests.Fixtures;

namespace Etl.Agents.Validation.Tests.Rendering;

/// <summary>
/// The independent check: the same model files rendered by real Jinja (python3-jinja2, with ref/source/config/var/
/// is_incremental/this defined the same way) and by our renderer must be identical, character for character
/// (whitespace-exact, no normalization), in both branches of is_incremental().
/// </summary>
public sealed class JinjaParityTests
{
    private static readonly JsonObject Vars = new() { ["min_amount"] = 0, ["flag"] = true, ["list_var"] = new JsonArray("a", "b"), ["ratio"] = 0.5, ["label"] = "it's" };

    public static TheoryData<string, string> Templates() => new()
    {
        { "stg_shop__orders", ShopProject.StgOrders },
        { "stg_shop__customers", ShopProject.StgCustomers },
        { "stg_shop__orders_items", ShopProject.StgItems },
        { "int_orders_joined", ShopProject.IntOrdersJoined },
        { "fct_orders", ShopProject.FctOrders },
        { "daily_revenue", ShopProject.DailyRevenue },
        {
            "whitespace",
            """
            {{- config(materialized='incremental', unique_key=['a', 'b']) -}}
            select *   {# trailing comment #}
            from {{ ref("x") }}
            {% if is_incremental() -%}
              where a > (select max(a) from {{ this }})
            {%- elif var('flag', false) %}
              where b
            {%- else -%}
              -- full refresh
            {% endif %}
            {#- the end -#}

            """
        },
        {
            "literals",
            "select {{ 1 }}, {{ 2.5 }}, {{ -3 }}, {{ 'a' \"b\" }}, {{ true }}, {{ none }}, {{ 10 == 10.0 }}, {{ 'a' in ['a', 'b'] }},\n" +
            "  {{ not is_incremental() and var('min_amount', 1) }}, {{ var('list_var') }}, {{ var('ratio') }}, {{ var('label') }}, {{ \"}}\" }},\n" +
            "  {{ var('missing', 'x') or 'y' }}, {{ 1 < 2 }}, {{ 'b' not in var('list_var') }}\n"
        },
        { "line_map", "{{ config(materialized='table') }}\n{#\ncomment\n#}\n{%- if is_incremental() -%}\nnever\n{%- endif %}\nselect a,\n  {{ var('min_amount') }} as days\nfrom {{ ref('x') }}" },
        { "crlf", "select 1\r\nfrom {{ source('shop', 'orders') }}\r\n{%- if is_incremental() %}\r\nwhere 1 = 1\r\n{% endif -%}\r\n\r\n" },
        {
            "nested",
            """
            {%- if var('flag') -%}
              {%- if is_incremental() %} inc {% else %} full {% endif -%}
            {%- endif %}
            {{ this }} {#- no space #} x
            {%+ if false %}never{% endif %}
            """
        },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void Our_render_is_identical_to_real_jinja_in_both_branches(string name, string template)
    {
        var vars = new Dictionary<string, object?> { ["min_amount"] = 0L, ["flag"] = true, ["list_var"] = new List<object?> { "a", "b" }, ["ratio"] = 0.5, ["label"] = "it's" };
        var renderer = new DbtModelRenderer("main", vars);
        var expected = RealJinja.Render("main", Vars, [(name, template, false), (name, template, true)]);

        var full = renderer.Render(name, template, isIncremental: false);
        var incremental = renderer.Render(name, template, isIncremental: true);

        Assert.True(full.Complete, string.Join("; ", full.NotValidated) + full.Error);
        Assert.Equal(expected[0], full.Sql);
        Assert.Equal(expected[1], incremental.Sql);
    }
}
