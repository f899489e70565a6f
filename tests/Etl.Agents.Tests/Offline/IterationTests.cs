using Etl.Agents.Offline;
using Etl.Core.Agents;

namespace Etl.Agents.Tests.Offline;

/// <summary>Prompts are cumulative: the next run keeps what earlier prompts asked for and adds the new ask.</summary>
public class IterationTests
{
    [Fact]
    public async Task A_new_prompt_adds_to_the_models_of_the_earlier_ones()
    {
        var source = await NormalizedSamples.OrdersAsync();
        var first = await OfflineRun.OfAsync(source, "staging models for orders, a daily revenue mart");
        var second = await OfflineRun.OfAsync(source, "staging models for orders, a daily revenue mart", "add a customer lifetime value mart");
        var firstModels = first.Plan.Result.Models.Select(m => m.Name).ToArray();
        var secondModels = second.Plan.Result.Models.Select(m => m.Name).ToArray();
        Assert.Equal([.. firstModels, "fct_customer_lifetime_value"], secondModels);
        foreach (var (path, content) in first.Files.Files)
        {
            if (path is "README.md" || path.EndsWith("_marts__models.yml", StringComparison.Ordinal)) continue;
            Assert.Equal(content, second.Files[path]);
        }
        Assert.Contains(second.Plan.Decisions, d => d.Reasoning.Contains("prompt 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Make_orders_incremental_turns_the_orders_staging_model_incremental()
    {
        var source = await NormalizedSamples.OrdersAsync();
        var run = await OfflineRun.OfAsync(source, "staging models, a daily revenue mart", "make orders incremental");
        var model = run.Plan.Result.Models.Single(m => m.Name == "stg_orders__orders");
        Assert.Equal("incremental", model.Materialization);
        Assert.Equal(["_etl_key"], model.UniqueKey);
        Assert.Contains(run.Plan.Result.Models, m => m.Name == "fct_orders_daily");
        var sql = run.Files["models/staging/orders/stg_orders__orders.sql"]!;
        Assert.StartsWith("{{ config(materialized='incremental', unique_key='_etl_key', on_schema_change='append_new_columns') }}\n", sql, StringComparison.Ordinal);
        Assert.Contains("    {% if is_incremental() %}\n    where cast(created_at as timestamp) > (select max(created_at) from {{ this }})\n    {% endif %}\n", sql, StringComparison.Ordinal);
        Assert.Equal("view", run.Plan.Result.Models.Single(m => m.Name == "stg_orders__items").Materialization);
    }

    [Fact]
    public async Task Make_orders_incremental_after_a_fact_makes_the_fact_incremental()
    {
        var source = await NormalizedSamples.OrdersAsync();
        var run = await OfflineRun.OfAsync(source, "fct_orders", "make orders incremental");
        Assert.Equal("incremental", run.Plan.Result.Models.Single(m => m.Name == "fct_orders").Materialization);
        Assert.Contains("where created_at > (select max(created_at) from {{ this }})", run.Files["models/marts/fct_orders.sql"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Large_tables_with_a_timestamp_become_incremental_without_being_asked()
    {
        var source = await NormalizedSamples.OrdersAsync();
        var large = source with
        {
            Tables = source.Tables.Select(t => t.Schema.Name == "orders"
                ? t with { Schema = t.Schema with { RowCount = OfflinePlanner.IncrementalRowThreshold } }
                : t with { Schema = t.Schema with { RowCount = OfflinePlanner.IncrementalRowThreshold * 5 } }).ToArray(),
        };
        var run = await OfflineRun.OfAsync(large, "staging models");
        Assert.Equal("incremental", run.Plan.Result.Models.Single(m => m.Name == "stg_orders__orders").Materialization);
        Assert.Contains(run.Plan.Decisions, d => d.Action == "make stg_orders__orders incremental" && d.Reasoning.Contains("1,000,000 rows", StringComparison.Ordinal));
        // items has no timestamp: it stays a view, and the plan says why.
        Assert.Equal("view", run.Plan.Result.Models.Single(m => m.Name == "stg_orders__items").Materialization);
        Assert.Contains(run.Plan.Decisions, d => d.Action.StartsWith("not done:", StringComparison.Ordinal) && d.Reasoning.Contains("stg_orders__items", StringComparison.Ordinal));
    }
}
