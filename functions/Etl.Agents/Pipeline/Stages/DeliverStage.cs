using System.Diagnostics;
using System.Text;
using Etl.Core.Agents;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Storage;

namespace Etl.Agents.Pipeline.Stages;

/// <summary>
/// deliver: writes the project (dbt_project/… and dbt_project.zip, stamped with the run that made it) and the run log
/// run.json — the plan, every decision, the files with their origin and validation, tokens and cost, and for an
/// update the unified diff from the project as it was.
/// </summary>
public sealed class DeliverStage(RunContext context, IProjectAgent agent, ModelPrices prices, IBlobStore blobs, ProjectUpdater updater)
    : AgentStage(context, agent, prices)
{
    public override string Name => StageNames.Deliver;

    protected override async Task<AgentStageResult> RunAsync(JobRecord job, AgentRunFiles run,
        IProgress<double> progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        var request = await run.RequestAsync(cancellationToken);
        var source = await run.SourceAsync(cancellationToken);
        var planning = await run.ReadAsync<PlanningDocument>(AgentRuns.Planning, cancellationToken);
        var generation = await run.ReadAsync<GenerationDocument>(AgentRuns.Generation, cancellationToken);
        var refining = await run.ReadAsync<RefiningDocument>(AgentRuns.Refining, cancellationToken);
        var validation = await run.ReadAsync<ValidationDocument>(AgentRuns.Validation, cancellationToken);
        var report = validation.Rounds[^1].Report;
        var files = AgentRunFiles.ToProject(validation.Files);
        var delivered = files.With(ProjectStamp.FileName,
            ProjectStamp.Write(job.JobId, run.RunId, Agent.Name, validation.Passed, report.Problems().Count));

        foreach (var (path, content) in delivered.Files)
        {
            // Storage keys never have a segment starting with '.' (the disk store's temporary names do): dotfiles
            // (the stamp, a .gitignore) are in the zip only.
            if (path.StartsWith('.') || path.Contains("/.", StringComparison.Ordinal)) continue;
            await blobs.WriteAsync(run.KeyOf(AgentRuns.ProjectFolder + "/" + path), Encoding.UTF8.GetBytes(content), cancellationToken);
        }
        progress.Report(0.5);

        var zipKey = run.KeyOf(AgentRuns.ProjectZip);
        await blobs.WriteAsync(zipKey, (output, _) =>
        {
            ProjectZip.Write(delivered, AgentRuns.ProjectFolder, output);
            return Task.CompletedTask;
        }, cancellationToken);

        ProjectUpdate? update = null;
        if (generation.Update is { } merged)
        {
            var (existing, _, _, _) = await Context.ExistingAsync(request, cancellationToken);
            update = merged with { Diff = updater.Diff(existing ?? ProjectFiles.Empty, files) };
        }

        var stages = new List<RunStage>
        {
            Stage(AgentRuns.Planning, planning.Log),
            Stage(AgentRuns.Generation, generation.Log),
            Stage(AgentRuns.Refining, refining.Log),
            Stage(AgentRuns.Validation, validation.Log),
        };
        var tokens = planning.Log.Tokens.Plus(generation.Log.Tokens).Plus(refining.Log.Tokens).Plus(validation.Log.Tokens);
        var cost = planning.Log.CostUsd + generation.Log.CostUsd + refining.Log.CostUsd + validation.Log.CostUsd;
        var log = new RunLog(run.RunId, job.JobId, Agent.Name, Agent.Model, request.Prompt, planning.Prompts,
            new RunSource(source.Name, source.Dataset, source.DatasetVersion, source.JobId, [.. source.Tables.Select(t => t.Schema.Name)]),
            job.CostEstimateUsd ?? 0, tokens, cost, stages, planning.Plan,
            RunFiles.Describe(delivered, update?.Origins, report), new RunValidation(validation.Passed, validation.Rounds.Count, report), update);
        await run.WriteAsync(AgentRuns.Log, log, cancellationToken);
        return new AgentStageResult([], [], zipKey);
    }

    private static RunStage Stage(string file, StageLog log) => new(log.Stage, file, log.DurationSeconds, log.Tokens, log.CostUsd, log.Decisions);
}
