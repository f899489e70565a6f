using System.Diagnostics;
using Etl.Core.Agents;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;

namespace Etl.Agents.Pipeline.Stages;

/// <summary>
/// generate: the agent writes the project from the plan; when a project is being updated, the new files are merged
/// three ways into it (what the person has, what the agents delivered last time, what they generate now), so human
/// descriptions, tests and hand-written models survive. Writes generation.json.
/// </summary>
public sealed class GenerateStage(RunContext context, IProjectAgent agent, ModelPrices prices, ProjectUpdater updater) : AgentStage(context, agent, prices)
{
    public override string Name => StageNames.Generate;

    protected override async Task<AgentStageResult> RunAsync(JobRecord job, AgentRunFiles run,
        IProgress<double> progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        var (agentContext, from, previousSource) = await Context.LoadUpdateAsync(job, cancellationToken);
        var plan = (await run.ReadAsync<PlanningDocument>(AgentRuns.Planning, cancellationToken)).Plan;
        var step = await Agent.GenerateAsync(agentContext, plan, cancellationToken);
        progress.Report(0.7);

        var generated = step.Result.Without(ProjectStamp.FileName);
        var decisions = new List<AgentDecision>(step.Decisions);
        GenerationDocument document;
        if (agentContext.Existing is { } existing)
        {
            var merged = updater.Merge(agentContext.Base, existing, generated, agentContext.Source, previousSource);
            decisions.AddRange(merged.Decisions);
            document = new GenerationDocument(Log(clock, decisions, step.Calls), AgentRunFiles.ToEntries(merged.Files),
                new ProjectUpdate(from!, merged.Origins, merged.Decisions, null), AgentRunFiles.ToEntries(generated));
        }
        else
        {
            document = new GenerationDocument(Log(clock, decisions, step.Calls), AgentRunFiles.ToEntries(generated), null, null);
        }

        await run.WriteAsync(AgentRuns.Generation, document, cancellationToken);
        return new AgentStageResult(decisions, step.Calls);
    }
}
