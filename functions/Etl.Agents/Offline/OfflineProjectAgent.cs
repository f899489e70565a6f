using Etl.Agents.Dbt;
using Etl.Core.Agents;

namespace Etl.Agents.Offline;

/// <summary>
/// The rule-based agent (<c>ETL_AGENT=offline</c>): plans, writes and repairs a dbt project from the catalog and the
/// prompts without a network or a model. Deterministic: the same context gives byte-identical files. It spends no
/// tokens, so every step returns no <see cref="ModelCall"/>.
/// </summary>
public sealed class OfflineProjectAgent : IProjectAgent
{
    public const string AgentName = "offline";
    public const string RuleBased = "rule-based";

    public string Name => AgentName;

    public string Model => RuleBased;

    public Task<AgentStep<ProjectPlan>> PlanAsync(AgentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        var blueprint = OfflinePlanner.Plan(context);
        var models = blueprint.Models.Select(ToPlanned).ToArray();
        var plan = new ProjectPlan(blueprint.ProjectName, context.Source.Name, models, blueprint.Decisions);
        return Task.FromResult(new AgentStep<ProjectPlan>(plan, PlanDecisions(plan), []));
    }

    public Task<AgentStep<ProjectFiles>> GenerateAsync(AgentContext context, ProjectPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        cancellationToken.ThrowIfCancellationRequested();
        var (files, decisions) = ProjectWriter.Write(context, plan, Name, Model);
        return Task.FromResult(new AgentStep<ProjectFiles>(files, decisions, []));
    }

    public Task<AgentStep<ProjectFiles>> RefineAsync(AgentContext context, ProjectPlan plan, ProjectFiles files, ValidationReport? failures,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(files);
        cancellationToken.ThrowIfCancellationRequested();
        var (refined, decisions) = failures is null || failures.Passed && failures.Problems().Count == 0
            ? (files, ConventionsReview.Review(context.Source.Name, files))
            : ProjectRepair.Repair(files, failures);
        return Task.FromResult(new AgentStep<ProjectFiles>(refined, decisions, []));
    }

    /// <summary>The plan step's decisions: the project-wide ones, then one per planned model.</summary>
    private static IReadOnlyList<AgentDecision> PlanDecisions(ProjectPlan plan)
    {
        var decisions = new List<AgentDecision>(plan.Decisions);
        foreach (var model in plan.Models) decisions.Add(model.Decision);
        return decisions;
    }

    private static PlannedModel ToPlanned(ModelSpec spec) => new(spec.Name, spec.Layer, spec.Materialization, spec.Inputs, spec.Description, spec.Decision)
    {
        UniqueKey = spec.UniqueKey,
        Columns = spec.Columns.Select(c => new ColumnMapping(c.Name, c.SourceColumns, c.Mapping,
            c.Expression == SqlIdentifiers.Quote(c.Name) ? null : c.Expression,
            c.Mapping == "direct" ? 1.0 : 0.9,
            c.Mapping switch
            {
                "direct" => "taken as it is",
                "transformed" => c.Expression.StartsWith("cast(", StringComparison.Ordinal) ? $"cast for its type ({c.Type?.Name})" : "computed from one column",
                _ => "computed from the rows",
            })).ToArray(),
    };
}
