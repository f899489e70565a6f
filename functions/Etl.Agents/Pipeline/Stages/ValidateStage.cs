using System.Diagnostics;
using Etl.Core.Agents;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Storage;

namespace Etl.Agents.Pipeline.Stages;

/// <summary>
/// validate: proves the project on the data (<see cref="IProjectValidator"/>: YAML against dbt's schemas, every model
/// run in DuckDB, every test run, row counts reconciled). Failures go back to the agent's refine with the exact errors,
/// at most <see cref="MaxRepairRounds"/> times; what still fails is kept, reported and delivered marked as failing,
/// never hidden. Writes validation.json with every round.
/// </summary>
public sealed class ValidateStage(RunContext context, IProjectAgent agent, ModelPrices prices, IProjectValidator validator, IBlobStore blobs,
    string scratchDirectory) : AgentStage(context, agent, prices)
{
    /// <summary>Repair rounds after the first validation.</summary>
    public const int MaxRepairRounds = 3;

    public override string Name => StageNames.Validate;

    protected override async Task<AgentStageResult> RunAsync(JobRecord job, AgentRunFiles run,
        IProgress<double> progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        var agentContext = await Context.LoadAsync(job, cancellationToken);
        var plan = (await run.ReadAsync<PlanningDocument>(AgentRuns.Planning, cancellationToken)).Plan;
        var files = AgentRunFiles.ToProject((await run.ReadAsync<RefiningDocument>(AgentRuns.Refining, cancellationToken)).Files);

        await using var data = await LocalTables.MaterializeAsync(blobs, agentContext.Source, Path.Combine(scratchDirectory, run.RunId), cancellationToken);
        var rounds = new List<ValidationRound>();
        var decisions = new List<AgentDecision>();
        var calls = new List<ModelCall>();
        for (var round = 1; ; round++)
        {
            var report = await validator.ValidateAsync(files, data.Tables, cancellationToken);
            progress.Report(Math.Min(0.95, round / (MaxRepairRounds + 1.0)));
            if (report.Passed || round > MaxRepairRounds)
            {
                rounds.Add(new ValidationRound(round, report, [], []));
                if (!report.Passed)
                {
                    decisions.Add(new AgentDecision("deliver the project marked as failing", 1.0,
                        $"{report.Problems().Count} problem(s) remain after {MaxRepairRounds} repair rounds; they are listed in validation.json and the run log, not hidden."));
                }
                break;
            }

            var repair = await Agent.RefineAsync(agentContext, plan, files, report, cancellationToken);
            files = repair.Result.Without(ProjectStamp.FileName);
            rounds.Add(new ValidationRound(round, report, repair.Decisions, repair.Calls));
            decisions.AddRange(repair.Decisions);
            calls.AddRange(repair.Calls);
        }

        var passed = rounds[^1].Report.Passed;
        await run.WriteAsync(AgentRuns.Validation,
            new ValidationDocument(Log(clock, decisions, calls), passed, rounds, AgentRunFiles.ToEntries(files)), cancellationToken);
        return new AgentStageResult(decisions, calls);
    }
}
