using System.Text;
using Etl.Agents.Offline;
using Etl.Agents.Validation;
using Etl.Core.Agents;
using Xunit.Abstractions;

namespace Etl.Agents.Tests.Offline;

/// <summary>
/// The real proof: every json-sample normalized, planned, generated, refined, then validated by DuckDB (YAML against
/// dbt's schemas, every model built in both branches, every test run, row counts reconciled), with refine repairing
/// what fails for up to 3 rounds. Every model must run and every delivered test must pass.
/// </summary>
public class ValidationTests(ITestOutputHelper output)
{
    private const int MaxRounds = 3;

    private static readonly string[] Prompts =
    [
        "staging models, a daily revenue mart, monthly counts",
        "add a customer lifetime value mart",
        "facts for the root table, make it incremental",
    ];

    public static TheoryData<string> Samples() => NormalizedSamples.All();

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_sample_project_runs_and_its_tests_pass(string sample)
    {
        var source = await NormalizedSamples.SourceAsync(sample);
        await ProveAsync(source, NormalizedSamples.DataOf(source, NormalizedSamples.FolderOf(sample)), Prompts);
    }

    [Fact]
    public async Task The_orders_project_with_every_kind_of_mart_runs_and_its_tests_pass()
    {
        var source = await NormalizedSamples.OrdersAsync();
        var report = await ProveAsync(source, NormalizedSamples.DataOf(source, NormalizedSamples.FolderOfDataset("orders")),
            "staging models for orders, a daily revenue mart, weekly orders, monthly orders", "add a customer lifetime value mart",
            "make orders incremental, fct_items, dim customers, dim_orders");
        Assert.Contains(report.Models, m => m.Model == "stg_orders__orders" && m.Materialization == "incremental" && m.IncrementalRan == true);
        Assert.Contains(report.Models, m => m.Model == "fct_customer_lifetime_value" && m.Rows == 37);
        Assert.Contains(report.Tests, t => t.Test == "relationships");
        Assert.Contains(report.Tests, t => t.Test == "accepted_values");
    }

    [Fact]
    public async Task A_test_the_data_breaks_is_removed_in_the_next_round()
    {
        // The catalog's values are short of what the data holds (as after a load the profile has not seen).
        var source = await NormalizedSamples.OrdersAsync();
        var stale = source with
        {
            Tables = source.Tables.Select(t => t.Schema.Name != "orders" ? t : t with
            {
                CategoricalValues = new Dictionary<string, IReadOnlyList<string>>(t.CategoricalValues) { ["status"] = ["placed", "shipped"] },
            }).ToArray(),
        };
        var (report, decisions, rounds) = await RunAsync(stale, NormalizedSamples.DataOf(source, NormalizedSamples.FolderOfDataset("orders")), null, "staging models");
        Assert.True(report.Passed);
        Assert.Equal(1, rounds);
        var removed = Assert.Single(decisions, d => d.Action.StartsWith("remove test accepted_values", StringComparison.Ordinal));
        Assert.Contains("row(s) fail it, e.g. {", removed.Reasoning, StringComparison.Ordinal);
        Assert.Contains("delivered", removed.Reasoning, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Tests, t => t.Test == "accepted_values" && t.Column == "status");
    }

    [Fact]
    public async Task A_failing_cast_is_repaired_with_try_cast_and_the_tests_it_breaks_are_removed()
    {
        var source = await NormalizedSamples.OrdersAsync();
        const string path = "models/staging/orders/stg_orders__orders.sql";
        var (report, decisions, rounds) = await RunAsync(source, NormalizedSamples.DataOf(source, NormalizedSamples.FolderOfDataset("orders")),
            files => files.With(path, files[path]!.Replace("        order_id,\n", "        cast(order_id as integer) as order_id,\n", StringComparison.Ordinal)),
            "staging models");
        Assert.True(report.Passed, string.Join("\n", report.Problems().Select(p => p.Message)));
        Assert.Equal(2, rounds);
        Assert.Contains(decisions, d => d.Action == $"use try_cast in {path}");
        Assert.Contains(decisions, d => d.Action == "keep test not_null_stg_orders__orders_order_id");
        // try_cast turns every order id into null: the next round removes the tests that no longer hold, citing the rows.
        Assert.Contains(decisions, d => d.Action == "remove test not_null_stg_orders__orders_order_id" && d.Reasoning.Contains("240 row(s) fail it", StringComparison.Ordinal));
        Assert.Contains("try_cast(order_id as integer) as order_id", report.Models.Single(m => m.Model == "stg_orders__orders").RenderedSql, StringComparison.Ordinal);
    }

    /// <summary>Plan, generate, refine, then validate and repair up to <see cref="MaxRounds"/> times; the rounds that needed repair.</summary>
    private static async Task<(ValidationReport Report, List<AgentDecision> Decisions, int Rounds)> RunAsync(AgentSource source,
        IReadOnlyList<SourceTableData> data, Func<ProjectFiles, ProjectFiles>? edit, params string[] prompts)
    {
        var agent = new OfflineProjectAgent();
        var validator = new DbtProjectValidator();
        var context = new AgentContext(new AgentRequest(prompts[^1]), source, prompts);
        var plan = (await agent.PlanAsync(context, CancellationToken.None)).Result;
        var files = (await agent.GenerateAsync(context, plan, CancellationToken.None)).Result;
        files = (await agent.RefineAsync(context, plan, files, null, CancellationToken.None)).Result;
        if (edit is not null) files = edit(files);
        var report = await validator.ValidateAsync(files, data, CancellationToken.None);
        var decisions = new List<AgentDecision>();
        var rounds = 0;
        for (; !report.Passed && rounds < MaxRounds; rounds++)
        {
            var repaired = await agent.RefineAsync(context, plan, files, report, CancellationToken.None);
            decisions.AddRange(repaired.Decisions);
            files = repaired.Result;
            report = await validator.ValidateAsync(files, data, CancellationToken.None);
        }
        return (report, decisions, rounds);
    }

    private async Task<ValidationReport> ProveAsync(AgentSource source, IReadOnlyList<SourceTableData> data, params string[] prompts)
    {
        var agent = new OfflineProjectAgent();
        var validator = new DbtProjectValidator();
        var context = new AgentContext(new AgentRequest(prompts[^1]), source, prompts);
        var plan = (await agent.PlanAsync(context, CancellationToken.None)).Result;
        var files = (await agent.GenerateAsync(context, plan, CancellationToken.None)).Result;
        files = (await agent.RefineAsync(context, plan, files, null, CancellationToken.None)).Result;
        var report = await validator.ValidateAsync(files, data, CancellationToken.None);
        var log = new StringBuilder();
        for (var round = 1; !report.Passed && round <= MaxRounds; round++)
        {
            foreach (var problem in report.Problems()) log.AppendLine($"round {round}: {problem.Path} {problem.Model}: {problem.Message}");
            var repaired = await agent.RefineAsync(context, plan, files, report, CancellationToken.None);
            foreach (var decision in repaired.Decisions) log.AppendLine($"  {decision.Action}: {decision.Reasoning}");
            files = repaired.Result;
            report = await validator.ValidateAsync(files, data, CancellationToken.None);
        }
        output.WriteLine(log.Length == 0 ? "passed in the first round" : log.ToString());
        Assert.True(report.Files.All(f => f.Valid), string.Join("\n", report.Files.SelectMany(f => f.Errors.Select(e => $"{f.Path}:{e.Line}: {e.Message}"))));
        Assert.All(report.Models, m => Assert.True(m.Ran && m.Error is null && m.IncrementalRan != false && m.NotValidated.Count == 0,
            $"{m.Model}: {m.Error} {string.Join(", ", m.NotValidated)}"));
        Assert.Equal(files.Paths.Count(p => p.EndsWith(".sql", StringComparison.Ordinal)), report.Models.Count);
        Assert.All(report.Tests, t => Assert.True(t.Passed, $"{t.Name}: {t.FailingRows} rows {t.FailingRow?.ToJsonString()} {t.Error}"));
        Assert.NotEmpty(report.Tests);
        Assert.True(report.Passed, string.Join("\n", report.Problems().Select(p => $"{p.Path} {p.Model}: {p.Message}")));
        Assert.True(log.Length == 0, "the first validation should pass; repairs were needed:\n" + log);
        return report;
    }
}
