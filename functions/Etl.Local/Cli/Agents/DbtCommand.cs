using System.CommandLine;
using System.Globalization;
using System.Text;
using Etl.Adapters.Local.Catalog;
using Etl.Adapters.Local.Jobs;
using Etl.Adapters.Local.Storage;
using Etl.Agents.Hosting;
using Etl.Agents.Pipeline;
using Etl.Core.Agents;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Pipeline.Stages;
using Etl.Core.Storage;
using Etl.Local.Hosting;

namespace Etl.Local.Cli.Agents;

/// <summary>
/// <c>etl dbt DATASET_OR_TABLES_DIR OUTDIR --prompt "…"</c>: the agent pipeline (plan → generate → refine → validate →
/// deliver) run here, offline by default, over a dataset of the local catalog or a folder that <c>etl normalize</c>
/// wrote. OUTDIR receives the dbt project only when the run delivered one; the exit code says whether it validated.
/// </summary>
internal static class DbtCommand
{
    /// <summary>The project was written but some model, test or file still fails validation (listed on stderr and in the run log).</summary>
    public const int ValidationFailing = 5;

    public static Command Create()
    {
        var source = new Argument<string>("DATASET_OR_TABLES_DIR") { Description = "A dataset of the local catalog (see ETL_DATA_DIR), or a folder that `etl normalize` wrote." };
        var output = new Argument<string>("OUTDIR") { Description = "The folder to create with the dbt project." };
        var prompt = new Option<string>("--prompt") { Description = "What the project should have, e.g. \"staging models and a daily revenue mart\".", Required = true };
        var target = new Option<string?>("--target-database") { Description = "Where the models are built (default: <source>_analytics)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "The data directory whose catalog holds DATASET (default: ETL_DATA_DIR, else ./.etl-data)." };
        var runLog = new Option<string?>("--run-log") { Description = "Also write the run log (run.json: plan, decisions, validation) to this file." };
        var force = new Option<bool>("--force") { Description = "Replace OUTDIR when it exists and is not empty." };
        var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace on failure." };
        var command = new Command("dbt", "Write a dbt project over a dataset with the agents (offline by default), validated on the data in DuckDB.")
        {
            source, output, prompt, target, dataDir, runLog, force, verbose,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(source)!, parse.GetValue(output)!, parse.GetValue(prompt)!,
            parse.GetValue(target), parse.GetValue(dataDir), parse.GetValue(runLog), parse.GetValue(force), parse.GetValue(verbose), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string sourceArgument, string outputArgument, string prompt, string? targetDatabase, string? dataDirOption,
        string? runLogPath, bool force, bool verbose, CancellationToken cancellationToken)
    {
        string? work = null;
        string? staging = null;
        try
        {
            if (string.IsNullOrWhiteSpace(prompt)) throw new CliUsageException("--prompt is empty; say what the project should have");
            if (targetDatabase is not null && DatasetNames.Problem(targetDatabase) is { } targetProblem)
                throw new CliUsageException($"--target-database {targetDatabase}: {targetProblem}");
            var outDir = FolderOutput.Check(outputArgument, force);
            AgentServices services;
            try
            {
                services = await AgentServices.FromEnvironmentAsync(Environment.GetEnvironmentVariable);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new CliUsageException(e.Message); // ETL_AGENT or a Bedrock setting: what to set is in the message
            }

            // A folder of tables runs in a throwaway data directory; a dataset runs in the data directory that holds it,
            // where the job and its run stay (the server lists them like any agent job).
            string dataDirectory;
            AgentRequest request;
            SourceDocument? preset = null;
            if (Directory.Exists(sourceArgument) && File.Exists(Path.Combine(sourceArgument, "tables.json")))
            {
                work = Directory.CreateTempSubdirectory("etl-dbt-").FullName;
                dataDirectory = work;
                var folderSource = await TablesFolder.LoadAsync(sourceArgument, null, targetDatabase, cancellationToken);
                preset = SourceDocument.From(folderSource);
                request = new AgentRequest(prompt, TargetDatabase: targetDatabase);
            }
            else
            {
                dataDirectory = Path.GetFullPath(dataDirOption ?? Environment.GetEnvironmentVariable("ETL_DATA_DIR") ?? "./.etl-data");
                var database = Path.Combine(dataDirectory, LocalHost.StateFolder, "jobs.db");
                if (!File.Exists(database))
                    throw new CliUsageException($"{sourceArgument} is neither a folder with tables.json (from `etl normalize`) nor a dataset: there is no catalog at {dataDirectory}");
                var catalog = new SqliteCatalog(database);
                var record = await catalog.GetAsync(sourceArgument, cancellationToken)
                    ?? throw new CliUsageException($"{sourceArgument} is neither a folder with tables.json (from `etl normalize`) nor a dataset of the catalog at {dataDirectory}");
                var current = record.CurrentVersion
                    ?? throw new CliInputException($"dataset {sourceArgument} has no current version (every version is pending review or rejected); approve one first");
                request = new AgentRequest(prompt, sourceArgument, current, TargetDatabase: targetDatabase);
            }

            var state = Directory.CreateDirectory(Path.Combine(dataDirectory, LocalHost.StateFolder)).FullName;
            var blobs = new DiskBlobStore(dataDirectory);
            var jobs = new SqliteJobStore(Path.Combine(state, "jobs.db"));
            ICatalog catalogStore = new SqliteCatalog(Path.Combine(state, "jobs.db"));
            var scratch = Directory.CreateDirectory(Path.Combine(state, LocalHost.ScratchFolder)).FullName;

            var sourceName = preset?.Name ?? request.Dataset!;
            var estimate = RunCostEstimate.Estimate(preset?.Tables.Select(t => t.Schema).ToList() ?? [], services.Prices).CostUsd;
            var job = AgentJobs.Create(JobIds.New(), request, sourceName, services.Name, estimate, DateTimeOffset.UtcNow);
            await blobs.WriteAsync(job.InputS3Key, (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(AgentJobs.RequestToJson(request)), cancellationToken);
            var run = new AgentRunFiles(blobs, job.RunId!);
            if (preset is not null) await run.WriteAsync(AgentRunFiles.SourceFile, preset, cancellationToken);
            await jobs.CreateAsync(job, cancellationToken);

            var stages = AgentStageSet.Create(blobs, catalogStore, jobs, services.Agent, services.Validator, services.Prices, scratch);
            var runner = new StageRunner(jobs, [stages], TimeProvider.System);
            var (outcome, error) = await new PipelineExecutor(runner, TimeProvider.System)
            {
                OnRetry = (_, stage, failure, attempt) => Console.Error.WriteLine($"etl: {stage} failed ({failure.ErrorType}), retrying (attempt {attempt + 1})"),
            }.RunAsync(job.JobId, cancellationToken);
            if (outcome != PipelineOutcome.Completed)
            {
                throw error?.ErrorType == SourceResolver.ErrorType
                    ? new CliInputException(error.Message)
                    : new InvalidOperationException(error?.Message ?? "the agent run did not complete");
            }

            var log = await run.ReadAsync<RunLog>(AgentRuns.Log, cancellationToken);
            ProjectFiles delivered;
            await using (var zip = await blobs.OpenReadAsync(run.KeyOf(AgentRuns.ProjectZip), cancellationToken))
            {
                delivered = ProjectZip.Read(zip).Files;
            }
            staging = FolderOutput.Stage(outDir);
            foreach (var (file, content) in delivered.Files)
            {
                var path = Path.Combine(staging, file.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, content, cancellationToken);
            }
            FolderOutput.Publish(staging, outDir);
            staging = null;
            if (runLogPath is not null) await File.WriteAllTextAsync(runLogPath, await run.ReadTextAsync(AgentRuns.Log, cancellationToken), cancellationToken);

            return Report(log, outputArgument);
        }
        catch (Exception e)
        {
            return CliFailure.Report(e, verbose);
        }
        finally
        {
            FolderOutput.TryDelete(staging);
            FolderOutput.TryDelete(work);
        }
    }

    private static int Report(RunLog log, string outDir)
    {
        var report = log.Validation.Report;
        var models = log.Plan.Models.Count;
        var tests = report.Tests.Count;
        var passedTests = report.Tests.Count(t => t.Passed);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{outDir}: {log.Files.Count} files, {models} models, {tests} tests ({log.Agent} agent, {log.Tokens.Total} tokens, ${log.CostUsd:0.####})"));
        foreach (var model in log.Plan.Models)
        {
            Console.Out.WriteLine($"  {model.Layer,-12} {model.Name} ({model.Materialization}, {model.Decision.Confidence:0.##}): {model.Decision.Reasoning}");
        }
        if (log.Validation.Passed)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"validated on the data in DuckDB: every model ran, {passedTests}/{tests} tests passed (round {log.Validation.Rounds})"));
            return 0;
        }
        foreach (var problem in report.Problems())
        {
            Console.Error.WriteLine($"etl: failing: {problem.Path}{(problem.Line is { } line ? ":" + line.ToString(CultureInfo.InvariantCulture) : "")}: {problem.Message.ReplaceLineEndings(" ")}");
        }
        Console.Error.WriteLine($"etl: the project was written, but it still fails validation after {log.Validation.Rounds} round(s); see the problems above");
        return ValidationFailing;
    }
}
