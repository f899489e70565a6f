using System.Diagnostics;
using Etl.Core.Agents;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;

namespace Etl.Agents.Pipeline.Stages;

/// <summary>refine: the agent reviews the generated project against dbt's conventions; writes refining.json.</summary>
public sealed class RefineStage(RunContext context, IProjectAgent agent, ModelPrices prices) : AgentStage(context, agent, prices)
{
    public override string Name => StageNames.Refine;

    protected override async Task<AgentStageResult> RunAsync(JobRecord job, AgentRunFiles run,
        IProgress<double> progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        var agentContext = await Context.LoadAsync(job, cancellationToken);
        var plan = (await run.ReadAsync<PlanningDocument>(AgentRuns.Planning, cancellationToken)).Plan;
        var generation = await run.ReadAsync<GenerationDocument>(AgentRuns.Generation, cancellationToken);
        var step = await Agent.RefineAsync(agentContext, plan, AgentRunFiles.ToProject(generation.Files), null, cancellationToken);
        var files = step.Result.Without(ProjectStamp.FileName);
        await run.WriteAsync(AgentRuns.Refining, new RefiningDocument(Log(clock, step.Decisions, step.Calls), AgentRunFiles.ToEntries(files)), cancellationToken);
        return new AgentStageResult(step.Decisions, step.Calls);
    }
}
