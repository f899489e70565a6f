using Etl.Core.Agents;
using Etl.Core.Datasets;
using Etl.Core.Jobs;

namespace Etl.Core.Tests.Agents;

public class AgentJobsTests
{
    [Fact]
    public void An_agent_job_starts_running_with_its_run_folder_named_after_its_creation_time_and_id()
    {
        var now = new DateTimeOffset(2026, 12, 7, 18, 5, 9, TimeSpan.Zero);
        var request = new AgentRequest("a daily revenue mart", "shop", 3, TargetDatabase: "shop_marts");
        var job = AgentJobs.Create("0193a5b2-0000-7000-8000-000000000001", request, "shop", "offline", 0.0123m, now);

        Assert.Equal((JobTypes.Agent, JobStatus.Running, "run_20261207_180509_0193a5b2-0000-7000-8000-000000000001"), (job.Type, job.Status, job.RunId));
        Assert.Equal($"runs/{job.RunId}/request.json", job.InputS3Key);
        Assert.Equal(("shop", 3, "a daily revenue mart", "offline", 0.0123m), (job.Dataset, job.DatasetVersion, job.Prompt, job.Agent, job.CostEstimateUsd));
        Assert.Equal("shop_dbt_project.zip", job.FileName);
    }

    [Fact]
    public void The_request_reads_back_as_written()
    {
        var request = new AgentRequest("make orders incremental", null, null, null, "shop", ["orders", "orders__items"], "t", true, "uploads/x/p.zip", null);
        var read = AgentJobs.ParseRequest(AgentJobs.RequestToJson(request));

        Assert.Equal(request with { SourceTables = null }, read with { SourceTables = null });
        Assert.Equal(["orders", "orders__items"], read.SourceTables);
        Assert.Contains("\"sourceTables\"", AgentJobs.RequestToJson(request), StringComparison.Ordinal);
    }

    [Fact]
    public void The_cost_estimate_grows_with_the_catalog_and_is_zero_for_the_offline_agent()
    {
        var small = Tables(1, 3);
        var large = Tables(10, 40);
        var (smallIn, smallOut, smallCost) = RunCostEstimate.Estimate(small, ModelPrices.ClaudeHaiku45);
        var (largeIn, _, largeCost) = RunCostEstimate.Estimate(large, ModelPrices.ClaudeHaiku45);

        Assert.True(largeIn > smallIn);
        Assert.True(largeCost > smallCost);
        // Haiku 4.5: $1 per million input tokens, $5 per million output tokens.
        Assert.Equal(Math.Round((smallIn * 1m + smallOut * 5m) / 1_000_000m, 6), smallCost);
        Assert.Equal(0m, RunCostEstimate.Estimate(large, ModelPrices.Free).CostUsd);
    }

    private static List<TableSchema> Tables(int tables, int columns) =>
        [.. Enumerable.Range(0, tables).Select(t => new TableSchema($"t{t}", null, ["id"], null, [],
            [.. Enumerable.Range(0, columns).Select(c => new ColumnSchema($"c{c}", ColumnType.String, true, $"c{c}"))]))];
}
