using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Etl.Adapters.Local.Catalog;
using Etl.Adapters.Local.Jobs;
using Etl.Adapters.Local.Storage;
using Etl.Agents.Pipeline;
using Etl.Core.Agents;
using Etl.Core.Jobs;
using Etl.Core.Normalize;
using Etl.Core.Pipeline;
using Etl.Core.Storage;

namespace Etl.Agents.Tests.Pipeline;

/// <summary>
/// The five agent stages over the real disk store and SQLite, with a scripted agent and validator: what each stage
/// writes, the bounded repair rounds, a project that keeps failing delivered marked as failing, tokens and cost totals.
/// </summary>
public sealed class AgentStagesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("agent-stages-").FullName;
    private readonly DiskBlobStore _blobs;
    private readonly SqliteJobStore _jobs;
    private readonly SqliteCatalog _catalog;
    private readonly ScriptedAgent _agent = new();

    public AgentStagesTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".etl"));
        _blobs = new DiskBlobStore(_root);
        _jobs = new SqliteJobStore(Path.Combine(_root, ".etl", "jobs.db"));
        _catalog = new SqliteCatalog(Path.Combine(_root, ".etl", "jobs.db"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<(JobRecord Job, PipelineOutcome Outcome)> RunAsync(IProjectValidator validator)
    {
        var tables = Path.Combine(_root, "tables");
        Directory.CreateDirectory(tables);
        var sink = new DirectoryTableSink(tables);
        using (var json = new MemoryStream(Encoding.UTF8.GetBytes("""[{"id": 1, "items": [{"sku": "a"}]}, {"id": 2, "items": []}]""")))
        {
            var document = JsonNormalizer.Normalize(json, "orders", sink, new NormalizeOptions());
            await File.WriteAllTextAsync(Path.Combine(tables, "tables.json"), document.ToJson());
        }
        var source = await TablesFolder.LoadAsync(tables, "shop", null, default);

        var request = new AgentRequest("staging models");
        var job = AgentJobs.Create(JobIds.New(), request, "shop", _agent.Name, 0m, DateTimeOffset.UtcNow);
        await _blobs.WriteAsync(job.InputS3Key, Encoding.UTF8.GetBytes(AgentJobs.RequestToJson(request)), default);
        await new AgentRunFiles(_blobs, job.RunId!).WriteAsync(AgentRunFiles.SourceFile, SourceDocument.From(source), default);
        await _jobs.CreateAsync(job, default);

        var stages = AgentStageSet.Create(_blobs, _catalog, _jobs, _agent, validator, ModelPrices.ClaudeHaiku45, Path.Combine(_root, "scratch"));
        var runner = new StageRunner(_jobs, [stages], TimeProvider.System);
        var (outcome, error) = await new PipelineExecutor(runner, TimeProvider.System).RunAsync(job.JobId, default);
        Assert.True(outcome == PipelineOutcome.Completed, $"{error?.ErrorType}: {error?.Message}");
        return ((await _jobs.GetAsync(job.JobId, default))!, outcome);
    }

    private async Task<JsonObject> RunLogAsync(JobRecord job) =>
        JsonNode.Parse(await new AgentRunFiles(_blobs, job.RunId!).ReadTextAsync(AgentRuns.Log, default))!.AsObject();

    [Fact]
    public async Task A_project_that_validates_is_delivered_with_its_run_log_zip_and_stamp()
    {
        var (job, outcome) = await RunAsync(new ScriptedValidator(failures: 0));

        Assert.Equal(PipelineOutcome.Completed, outcome);
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(["plan", "generate", "review"], _agent.Calls);
        Assert.Equal($"runs/{job.RunId}/dbt_project.zip", job.OutputS3Key);
        // plan, generate and review each spent 1,000 tokens: $1/M in, $5/M out on 500 + 500.
        Assert.Equal((3_000L, 3 * 0.003m), (job.Tokens!.Value, job.CostUsd!.Value));

        var log = await RunLogAsync(job);
        Assert.True(log["validation"]!["passed"]!.GetValue<bool>());
        Assert.Equal(1, log["validation"]!["rounds"]!.GetValue<int>());
        Assert.Equal(3_000, log["tokens"]!["input"]!.GetValue<long>() + log["tokens"]!["output"]!.GetValue<long>());
        Assert.Equal(["plan", "generate", "refine", "validate"], log["stages"]!.AsArray().Select(s => s!["stage"]!.GetValue<string>()));
        var files = log["files"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>(), f => f!["validation"]!.GetValue<string>());
        Assert.Equal("passed", files["models/staging/shop/stg_shop__orders.sql"]);
        Assert.Equal("passed", files["dbt_project.yml"]);
        Assert.Equal(["orders", "orders__items"], log["source"]!["tables"]!.AsArray().Select(t => t!.GetValue<string>()));

        await using var zip = await _blobs.OpenReadAsync(job.OutputS3Key!, default);
        using var archive = new ZipArchive(zip);
        Assert.Equal(["dbt_project/.agentic-etl.json", "dbt_project/dbt_project.yml", "dbt_project/models/staging/shop/stg_shop__orders.sql"],
            archive.Entries.Select(e => e.FullName));
        using var stamp = new StreamReader(archive.GetEntry("dbt_project/.agentic-etl.json")!.Open());
        var stampJson = JsonNode.Parse(await stamp.ReadToEndAsync())!;
        Assert.Equal((job.JobId, job.RunId, "passed"), (stampJson["jobId"]!.GetValue<string>(), stampJson["runId"]!.GetValue<string>(), stampJson["validation"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Failures_go_back_to_refine_with_the_report_until_the_project_validates()
    {
        var validator = new ScriptedValidator(failures: 2);
        var (job, _) = await RunAsync(validator);

        Assert.Equal(["plan", "generate", "review", "repair", "repair"], _agent.Calls);
        Assert.Equal(3, validator.Runs.Count);
        var log = await RunLogAsync(job);
        Assert.True(log["validation"]!["passed"]!.GetValue<bool>());
        Assert.Equal(3, log["validation"]!["rounds"]!.GetValue<int>());
        Assert.Equal("select 2 as id\n", log["files"]!.AsArray().Single(f => f!["path"]!.GetValue<string>().EndsWith(".sql", StringComparison.Ordinal))!["content"]!.GetValue<string>());
        var validation = JsonNode.Parse(await new AgentRunFiles(_blobs, job.RunId!).ReadTextAsync(AgentRuns.Validation, default))!;
        Assert.Equal(["repair round 1"], validation["rounds"]![0]!["repairs"]!.AsArray().Select(d => d!["action"]!.GetValue<string>()));
        Assert.Equal(5_000L, job.Tokens);
    }

    [Fact]
    public async Task A_project_that_keeps_failing_is_delivered_marked_as_failing_after_three_repairs()
    {
        var validator = new ScriptedValidator(failures: int.MaxValue);
        var (job, outcome) = await RunAsync(validator);

        Assert.Equal((PipelineOutcome.Completed, JobStatus.Completed), (outcome, job.Status));
        Assert.Equal(4, validator.Runs.Count);
        Assert.Equal(3, _agent.Calls.Count(c => c == "repair"));
        var log = await RunLogAsync(job);
        Assert.False(log["validation"]!["passed"]!.GetValue<bool>());
        Assert.Contains("column \"idd\" not found", log["validation"]!["report"]!["models"]![0]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("failed", log["files"]!.AsArray().Single(f => f!["path"]!.GetValue<string>().EndsWith(".sql", StringComparison.Ordinal))!["validation"]!.GetValue<string>());
        Assert.Contains(log["stages"]!.AsArray().SelectMany(s => s!["decisions"]!.AsArray()),
            d => d!["action"]!.GetValue<string>() == "deliver the project marked as failing");
        await using var zip = await _blobs.OpenReadAsync(job.OutputS3Key!, default);
        var stamp = ProjectZip.Read(zip).Files[ProjectStamp.FileName];
        Assert.Contains("failing: 1 problem", stamp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_validator_reads_the_source_tables_in_place_when_they_are_local_files()
    {
        var validator = new ScriptedValidator(failures: 0);
        await RunAsync(validator);

        var tables = Assert.Single(validator.Runs);
        Assert.Equal(["orders", "orders__items"], tables.Select(t => t.Table));
        Assert.All(tables, t => Assert.Equal("shop", t.Source));
        Assert.All(tables, t => Assert.StartsWith(Path.Combine(_root, "tables"), t.ParquetPath, StringComparison.Ordinal));
    }
}
