using System.Diagnostics;
using Etl.Core.Agents;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;

namespace Etl.Agents.Pipeline.Stages;

/// <summary>
/// What every agent stage shares: its run files, the context, the stage log it writes (duration, tokens, cost,
/// decisions, calls) and the job's running token and cost totals.
/// </summary>
public abstract class AgentStage(RunContext context, IProjectAgent agent, ModelPrices prices) : IPipelineStage
{
    public abstract string Name { get; }

    protected RunContext Context { get; } = context;

    protected IProjectAgent Agent { get; } = agent;

    public async Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var run = Context.FilesOf(job);
        var result = await RunAsync(job, run, progress, clock, cancellationToken);
        var tokens = TokenCount.Of(result.Calls);
        var spent = prices.CostOf(tokens.Input, tokens.Output);
        return new StageOutput(OutputKey: result.OutputKey, Tokens: (job.Tokens ?? 0) + tokens.Total, CostUsd: (job.CostUsd ?? 0) + spent);
    }

    /// <summary>Does the stage's work and writes its file; returns what it decided and the model calls it made.</summary>
    protected abstract Task<AgentStageResult> RunAsync(JobRecord job, AgentRunFiles run, IProgress<double> progress, Stopwatch clock,
        CancellationToken cancellationToken);

    /// <summary>The log of this stage as its file records it.</summary>
    protected StageLog Log(Stopwatch clock, IReadOnlyList<AgentDecision> decisions, IReadOnlyList<ModelCall> calls)
    {
        var tokens = TokenCount.Of(calls);
        return new StageLog(Name, Agent.Name, Agent.Model, Math.Round(clock.Elapsed.TotalSeconds, 3), tokens,
            prices.CostOf(tokens.Input, tokens.Output), decisions, calls);
    }
}

/// <summary>What one agent stage did: its decisions, its model calls, and the job's output when it wrote one (the zip).</summary>
public sealed record AgentStageResult(IReadOnlyList<AgentDecision> Decisions, IReadOnlyList<ModelCall> Calls, string? OutputKey = null);
