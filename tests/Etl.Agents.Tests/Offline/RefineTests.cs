using System.Text.Json.Nodes;
using Etl.Agents.Offline;
using Etl.Core.Agents;

namespace Etl.Agents.Tests.Offline;

/// <summary>Refine reviews a passing project against the conventions and repairs exactly what validation reported.</summary>
public class RefineTests
{
    private const string StagingYaml = "models/staging/orders/_orders__models.yml";
    private const string OrdersSql = "models/staging/orders/stg_orders__orders.sql";

    private static ValidationReport Failing(IReadOnlyList<ModelRun>? models = null, IReadOnlyList<TestRun>? tests = null) =>
        new(false, [], models ?? [], tests ?? [], []);

    private static async Task<(OfflineRun Run, AgentStep<ProjectFiles> Refined)> RefineAsync(ValidationReport report)
    {
        var run = await OfflineRun.OfAsync(await NormalizedSamples.OrdersAsync(), "staging models, a daily revenue mart");
        var refined = await new OfflineProjectAgent().RefineAsync(run.Context, run.Plan.Result, run.Files, report, CancellationToken.None);
        return (run, refined);
    }

    [Fact]
    public async Task Without_failures_the_review_records_the_conventions_and_changes_nothing()
    {
        var run = await OfflineRun.OfAsync(await NormalizedSamples.OrdersAsync(), "staging models, a daily revenue mart");
        Assert.Same(run.Generated.Result, run.Refined.Result);
        var actions = run.Refined.Decisions.Select(d => d.Action).ToArray();
        Assert.Contains("review: every model has a description", actions);
        Assert.Contains("review: every model has data tests", actions);
        Assert.Contains("review: source() only in staging", actions);
        Assert.All(run.Refined.Decisions, d => Assert.Equal(1.0, d.Confidence));
        Assert.Empty(run.Refined.Calls);
    }

    [Fact]
    public async Task The_review_notices_a_model_that_reads_a_source_outside_staging()
    {
        var run = await OfflineRun.OfAsync(await NormalizedSamples.OrdersAsync(), "staging models, a daily revenue mart");
        var edited = run.Files.With("models/marts/fct_orders_daily.sql", "select * from {{ source('orders', 'orders') }}\n");
        var review = await new OfflineProjectAgent().RefineAsync(run.Context, run.Plan.Result, edited, null, CancellationToken.None);
        Assert.Contains(review.Decisions, d => d.Action == "review: source() outside staging" && d.Confidence < 1);
    }

    [Fact]
    public async Task A_failing_test_is_removed_citing_its_failing_rows()
    {
        var failing = new TestRun("accepted_values_stg_orders__orders_status", "accepted_values", "stg_orders__orders", "status", StagingYaml,
            false, 3, new JsonObject { ["status"] = "lost" }, null);
        var passing = new TestRun("unique_stg_orders__orders_order_id", "unique", "stg_orders__orders", "order_id", StagingYaml, true, 0, null, null);
        var (run, refined) = await RefineAsync(Failing(tests: [failing, passing]));

        var before = ProjectReader.Models(run.Files)["stg_orders__orders"].Columns.ToDictionary(c => c.Name);
        var after = ProjectReader.Models(refined.Result)["stg_orders__orders"].Columns.ToDictionary(c => c.Name);
        Assert.Contains("accepted_values", before["status"].TestNames);
        Assert.DoesNotContain("accepted_values", after["status"].TestNames);
        Assert.Equal(before["order_id"].TestNames, after["order_id"].TestNames);
        Assert.Equal(before["_etl_key"].TestNames, after["_etl_key"].TestNames);
        var decision = Assert.Single(refined.Decisions);
        Assert.Equal("remove test accepted_values_stg_orders__orders_status", decision.Action);
        Assert.Contains("3 row(s) fail it", decision.Reasoning, StringComparison.Ordinal);
        Assert.Contains("\"lost\"", decision.Reasoning, StringComparison.Ordinal);
        foreach (var path in run.Files.Paths.Where(p => p != StagingYaml)) Assert.Equal(run.Files[path], refined.Result[path]);
    }

    [Fact]
    public async Task A_failed_cast_becomes_try_cast()
    {
        var model = new ModelRun("stg_orders__orders", OrdersSql, "view", false, null, null,
            "Conversion Error: Could not convert string 'soon' to TIMESTAMP", 16, []);
        var (run, refined) = await RefineAsync(Failing(models: [model]));
        Assert.Contains("cast(created_at as timestamp)", run.Files[OrdersSql]!, StringComparison.Ordinal);
        Assert.Contains("try_cast(created_at as timestamp) as created_at", refined.Result[OrdersSql]!, StringComparison.Ordinal);
        Assert.Contains(refined.Decisions, d => d.Action == $"use try_cast in {OrdersSql}" && d.Reasoning.Contains("line 16", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_error_no_rule_knows_is_left_and_said_to_still_fail()
    {
        var model = new ModelRun("fct_orders_daily", "models/marts/fct_orders_daily.sql", "table", false, null, null,
            "Binder Error: something unexpected", 3, []);
        var test = new TestRun("unique_fct_orders_daily_created_at_day", "unique", "fct_orders_daily", "created_at_day", "models/marts/_marts__models.yml",
            false, 0, null, "the model did not build");
        var (run, refined) = await RefineAsync(Failing(models: [model], tests: [test]));
        Assert.Equal(run.Files.Paths, refined.Result.Paths);
        foreach (var path in run.Files.Paths) Assert.Equal(run.Files[path], refined.Result[path]);
        Assert.Contains(refined.Decisions, d => d.Action == "still fails: fct_orders_daily" && d.Confidence <= 0.2 && d.Reasoning.Contains("Binder Error", StringComparison.Ordinal));
        Assert.Contains(refined.Decisions, d => d.Action == "keep test unique_fct_orders_daily_created_at_day");
    }

    [Fact]
    public async Task Repairs_are_deterministic()
    {
        var failing = new TestRun("not_null_stg_orders__items_sku", "not_null", "stg_orders__items", "sku", StagingYaml, false, 1, new JsonObject { ["sku"] = null }, null);
        var (_, first) = await RefineAsync(Failing(tests: [failing]));
        var (_, second) = await RefineAsync(Failing(tests: [failing]));
        foreach (var path in first.Result.Paths) Assert.Equal(first.Result[path], second.Result[path]);
        Assert.Equal(first.Decisions, second.Decisions);
    }
}
