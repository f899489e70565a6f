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
