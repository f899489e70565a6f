using Etl.Agents.Offline;
using Etl.Core.Agents;

namespace Etl.Agents.Tests.Offline;

/// <summary>The offline agent's plan → generate → refine over a source and prompts, as the agent stages call it.</summary>
internal sealed record OfflineRun(AgentContext Context, AgentStep<ProjectPlan> Plan, AgentStep<ProjectFiles> Generated, AgentStep<ProjectFiles> Refined)
{
    public ProjectFiles Files => Refined.Result;

    public static async Task<OfflineRun> OfAsync(AgentSource source, params string[] prompts)
    {
        var agent = new OfflineProjectAgent();
        var context = new AgentContext(new AgentRequest(prompts[^1]), source, prompts);
        var plan = await agent.PlanAsync(context, CancellationToken.None);
        var generated = await agent.GenerateAsync(context, plan.Result, CancellationToken.None);
        var refined = await agent.RefineAsync(context, plan.Result, generated.Result, null, CancellationToken.None);
        return new OfflineRun(context, plan, generated, refined);
    }

    public static async Task<OfflineRun> OfSampleAsync(string sample, params string[] prompts) =>
        await OfAsync(await NormalizedSamples.SourceAsync(sample), prompts);

    public IEnumerable<AgentDecision> AllDecisions => Plan.Decisions.Concat(Generated.Decisions).Concat(Refined.Decisions);
}
