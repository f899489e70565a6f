using System.Text;
using System.Text.Json.Nodes;

namespace Etl.Local.Tests.Agents;

/// <summary>
/// <c>etl dbt</c> on the real process: a folder of tables becomes a dbt project validated in DuckDB, published whole;
/// what cannot run says why with exit 1 and leaves nothing.
/// </summary>
public sealed class DbtCommandTests
{
    private static string Tables(ScratchFolder scratch)
    {
        var input = scratch.File("orders.ndjson");
        File.WriteAllText(input, string.Join('\n', Enumerable.Range(1, 20).Select(i =>
            $$"""{"order_id": "O{{i}}", "status": "{{(i % 2 == 0 ? "paid" : "open")}}", "total": {{i * 2.5}}, "ordered_at": "2026-01-{{i:00}}T10:00:00Z", "lines": [{"sku": "S{{i % 4}}", "qty": {{i % 3 + 1}}}]}""")) + "\n", Encoding.UTF8);
        var tables = scratch.File("tables");
        var normalized = EtlProcess.Run(scratch.Path, "normalize", input, tables, "--dataset", "orders");
        Assert.True(normalized.ExitCode == 0, normalized.ToString());
        return tables;
    }

    [Fact]
    public void A_folder_of_tables_becomes_a_validated_dbt_project()
    {
        using var scratch = TestData.Scratch();
        var tables = Tables(scratch);
        var project = scratch.File("project");
        var log = scratch.File("run.json");

        var result = EtlProcess.Run(scratch.Path, "dbt", tables, project, "--prompt", "staging models and a daily revenue mart", "--run-log", log);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("validated on the data in DuckDB", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(project, "dbt_project.yml")));
        Assert.True(File.Exists(Path.Combine(project, ".agentic-etl.json")));
        Assert.True(File.Exists(Path.Combine(project, "models", "staging", "orders", "_orders__sources.yml")));
        Assert.Contains(Directory.GetFiles(Path.Combine(project, "models", "marts")), f => f.EndsWith("_daily.sql", StringComparison.Ordinal));
        var runLog = JsonNode.Parse(File.ReadAllText(log))!;
        Assert.True(runLog["validation"]!["passed"]!.GetValue<bool>());
        Assert.Equal(0, runLog["tokens"]!["input"]!.GetValue<long>());
        // Nothing is left beside the project but what was asked for.
        Assert.Equal(["orders.ndjson", "project", "run.json", "tables"], Directory.GetFileSystemEntries(scratch.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void What_cannot_run_exits_1_saying_why_and_writes_nothing()
    {
        using var scratch = TestData.Scratch();
        var tables = Tables(scratch);

        var unknown = EtlProcess.Run(scratch.Path, "dbt", "no_such_dataset", scratch.File("a"), "--prompt", "p", "--data-dir", scratch.File("data"));
        Assert.True(unknown.ExitCode == 1, unknown.ToString());
        Assert.Contains("neither a folder with tables.json", unknown.StandardError, StringComparison.Ordinal);

        var badAgent = EtlProcess.Run(scratch.Path, new EtlRunOptions { Environment = { ["ETL_AGENT"] = "gpt" } }, "dbt", tables, scratch.File("b"), "--prompt", "p");
        Assert.True(badAgent.ExitCode == 1, badAgent.ToString());
        Assert.Contains("ETL_AGENT=gpt is not an agent", badAgent.StandardError, StringComparison.Ordinal);

        Directory.CreateDirectory(scratch.File("taken"));
        File.WriteAllText(Path.Combine(scratch.File("taken"), "mine.txt"), "keep");
        var taken = EtlProcess.Run(scratch.Path, "dbt", tables, scratch.File("taken"), "--prompt", "p");
        Assert.True(taken.ExitCode == 1, taken.ToString());
        Assert.Equal("keep", File.ReadAllText(Path.Combine(scratch.File("taken"), "mine.txt")));

        Assert.False(Directory.Exists(scratch.File("a")) || Directory.Exists(scratch.File("b")));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(scratch.Path), e => Path.GetFileName(e).StartsWith('.'));
    }
}
