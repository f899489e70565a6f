using Etl.Core.Agents;

namespace Etl.Agents.Tests.Offline;

/// <summary>Marts come from the prompt's phrases; a phrase the rules do not understand is recorded as not done, never dropped.</summary>
public class PromptTests
{
    private static async Task<OfflineRun> OrdersAsync(params string[] prompts) => await OfflineRun.OfAsync(await NormalizedSamples.OrdersAsync(), prompts);

    private static string[] Models(OfflineRun run) => run.Plan.Result.Models.Select(m => m.Name).ToArray();

    [Fact]
    public async Task Staging_and_intermediate_models_come_without_asking()
    {
        var run = await OrdersAsync("a dbt project please");
        Assert.Equal(["stg_orders__orders", "stg_orders__items", "int_items_joined"], Models(run));
        Assert.All(run.Plan.Result.Models, m => Assert.InRange(m.Decision.Confidence, 0.5, 1));
        Assert.Contains(run.Plan.Decisions, d => d.Action == "a complete project");
        var joined = run.Plan.Result.Models.Single(m => m.Name == "int_items_joined");
        Assert.Equal(["stg_orders__items", "stg_orders__orders"], joined.Inputs);
        Assert.Equal(ModelLayers.Intermediate, joined.Layer);
        var sql = run.Files["models/intermediate/int_items_joined.sql"]!;
        Assert.Contains("left join parent\n        on child._etl_parent_key = parent._etl_key", sql, StringComparison.Ordinal);
        Assert.Contains("parent.order_id as parent_order_id", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daily_revenue_mart_sums_the_amount_by_day_of_the_order_date()
    {
        var run = await OrdersAsync("staging models for orders and customers, a daily revenue mart");
        Assert.Contains("fct_orders_daily", Models(run));
        var sql = run.Files["models/marts/fct_orders_daily.sql"]!;
        Assert.Contains("cast(date_trunc('day', created_at) as date) as created_at_day", sql, StringComparison.Ordinal);
        Assert.Contains("count(*) as orders_count", sql, StringComparison.Ordinal);
        Assert.Contains("sum(amount) as total_amount", sql, StringComparison.Ordinal);
        Assert.Contains("group by 1", sql, StringComparison.Ordinal);
        Assert.Contains(run.Plan.Decisions, d => d.Action == "add aggregate model fct_orders_daily" && d.Reasoning.Contains("a daily revenue mart", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("weekly orders", "fct_orders_weekly", "week")]
    [InlineData("orders per month", "fct_orders_monthly", "month")]
    [InlineData("hourly order counts", "fct_orders_hourly", "hour")]
    public async Task Grains_are_read_from_the_words(string prompt, string model, string grain)
    {
        var run = await OrdersAsync(prompt);
        Assert.Contains(model, Models(run));
        Assert.Contains($"date_trunc('{grain}', created_at)", run.Files[$"models/marts/{model}.sql"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facts_and_dimensions_match_table_names_singular_or_plural()
    {
        var run = await OrdersAsync("a fact table for order items, dim_orders, and a customers dimension");
        var models = Models(run);
        Assert.Contains("fct_items", models);
        Assert.Contains("dim_orders", models);
        Assert.Contains("dim_customers", models);
        Assert.Contains("from {{ ref('int_items_joined') }}", run.Files["models/marts/fct_items.sql"]!.Replace("select * ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("        order_id,\n", run.Files["models/marts/dim_orders.sql"]!, StringComparison.Ordinal);
        Assert.Contains("max(customer__name) as customer__name", run.Files["models/marts/dim_customers.sql"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifetime_value_is_summed_per_customer_key()
    {
        var run = await OrdersAsync("customer LTV");
        var sql = run.Files["models/marts/fct_customer_lifetime_value.sql"]!;
        Assert.Contains("        customer__id,\n", sql, StringComparison.Ordinal);
        Assert.Contains("sum(amount) as lifetime_value", sql, StringComparison.Ordinal);
        Assert.Contains("min(created_at) as first_created_at", sql, StringComparison.Ordinal);
        Assert.Contains("where customer__id is not null", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_ask_is_recorded_with_low_confidence()
    {
        var run = await OrdersAsync("staging models, a churn prediction model, dim warehouses");
        var notDone = run.Plan.Decisions.Where(d => d.Action.StartsWith("not done:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, notDone.Length);
        Assert.Contains(notDone, d => d.Action.Contains("a churn prediction model", StringComparison.Ordinal) && d.Confidence <= 0.2
            && d.Reasoning.Contains("understands", StringComparison.Ordinal));
        Assert.Contains(notDone, d => d.Action.Contains("dim warehouses", StringComparison.Ordinal) && d.Reasoning.Contains("no word of the phrase names a table", StringComparison.Ordinal));
        Assert.DoesNotContain(Models(run), m => m.StartsWith("fct_", StringComparison.Ordinal) || m.StartsWith("dim_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lifetime_value_without_an_amount_says_why_it_was_not_done()
    {
        var run = await OfflineRun.OfSampleAsync("github-events-gharchive-2021-07-21.ndjson", "customer lifetime value");
        var decision = Assert.Single(run.Plan.Decisions, d => d.Action.StartsWith("not done:", StringComparison.Ordinal));
        Assert.Contains("actor__id", decision.Reasoning, StringComparison.Ordinal);
        Assert.Contains("no amount-like numeric column", decision.Reasoning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Epoch_milliseconds_are_grouped_by_day_portably()
    {
        var run = await OfflineRun.OfSampleAsync("usgs-earthquakes-week-2018-02-07.geojson", "daily earthquakes with their magnitude");
        var sql = run.Files["models/marts/fct_features_daily.sql"]!;
        Assert.Contains("(timestamp '1970-01-01 00:00:00' + cast(floor(properties__time / 1000.0) as bigint) * interval '1' second)", sql, StringComparison.Ordinal);
        Assert.Contains("sum(properties__mag) as total_properties__mag", sql, StringComparison.Ordinal);
    }
}
