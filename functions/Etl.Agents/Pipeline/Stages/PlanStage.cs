using System.Diagnostics;
using Etl.Core.Agents;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;

namespace Etl.Agents.Pipeline.Stages;

/// <summary>
/// plan: resolves the source (kept as source.json, so every later stage sees the same tables even if the dataset moves
/// on), then asks the agent for the project's models; writes planning.json.
/// </summary>
public sealed class PlanStage(RunContext context, SourceResolver sources, IProjectAgent agent, ModelPrices prices) : AgentStage(context, agent, prices)
{
    public override string Name => StageNames.Plan;

    protected override async Task<AgentStageResult> RunAsync(JobRecord job, AgentRunFiles run,
        IProgress<double> progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        // A source written before the run (etl dbt over a folder of tables) is used as it is.
        if (await run.TryReadAsync<SourceDocument>(AgentRunFiles.SourceFile, cancellationToken) is null)
        {
            var request = await run.RequestAsync(cancellationToken);
            var source = await sources.ResolveAsync(request, cancellationToken);
            await run.WriteAsync(AgentRunFiles.SourceFile, SourceDocument.From(source), cancellationToken);
        }
        progress.Report(0.3);

        var agentContext = await Context.LoadAsync(job, cancellationToken);
        var step = await Agent.PlanAsync(agentContext, cancellationToken);
        await run.WriteAsync(AgentRuns.Planning, new PlanningDocument(Log(clock, step.Decisions, step.Calls), agentContext.Prompts, step.Result), cancellationToken);
        return new AgentStageResult(step.Decisions, step.Calls);
    }
}
