using Etl.Core.Agents;

namespace Etl.Agents.Tests.Pipeline;

/// <summary>
/// A hand-written agent for the stage tests: a one-model plan, a fixed project, and repairs that count themselves, each
/// step spending a known number of tokens, so what the stages record can be checked exactly.
/// </summary>
internal sealed class ScriptedAgent : IProjectAgent
{
    public const long TokensPerCall = 1_000;

    public List<string> Calls { get; } = [];

    public List<AgentContext> Contexts { get; } = [];

    public string Name => "scripted";

    public string Model => "scripted-model";

    public Task<AgentStep<ProjectPlan>> PlanAsync(AgentContext context, CancellationToken cancellationToken)
    {
        Calls.Add("plan");
        Contexts.Add(context);
        var model = new PlannedModel("stg_shop__orders", ModelLayers.Staging, "view", ["source:orders"], "Orders.",
            new AgentDecision("add stg_shop__orders", 0.9, "one staging model per table"));
        return Step(new ProjectPlan("shop", context.Source.Name, [model], []), "plan the project");
    }

    public Task<AgentStep<ProjectFiles>> GenerateAsync(AgentContext context, ProjectPlan plan, CancellationToken cancellationToken)
    {
        Calls.Add("generate");
        return Step(new ProjectFiles([new("dbt_project.yml", "name: shop\n"), new("models/staging/shop/stg_shop__orders.sql", "select 1 as id\n")]), "write the files");
    }

    public Task<AgentStep<ProjectFiles>> RefineAsync(AgentContext context, ProjectPlan plan, ProjectFiles files, ValidationReport? failures,
        CancellationToken cancellationToken)
    {
        Calls.Add(failures is null ? "review" : "repair");
        var repairs = Calls.Count(c => c == "repair");
        var next = failures is null ? files : files.With("models/staging/shop/stg_shop__orders.sql", $"select {repairs} as id\n");
        return Step(next, failures is null ? "review the conventions" : $"repair round {repairs}");
    }

    private Task<AgentStep<T>> Step<T>(T result, string action) =>
        Task.FromResult(new AgentStep<T>(result, [new AgentDecision(action, 0.8, "scripted")],
            [new ModelCall(Model, "system", action, "{}", TokensPerCall / 2, TokensPerCall / 2, 0m, 0.01)]));
}

/// <summary>A validator that fails its first <c>failures</c> runs with one model error, then passes.</summary>
internal sealed class ScriptedValidator(int failures) : IProjectValidator
{
    public List<IReadOnlyList<SourceTableData>> Runs { get; } = [];

    public Task<ValidationReport> ValidateAsync(ProjectFiles files, IReadOnlyList<SourceTableData> sources, CancellationToken cancellationToken)
    {
        Runs.Add(sources);
        var fails = Runs.Count <= failures;
        var model = new ModelRun("stg_shop__orders", "models/staging/shop/stg_shop__orders.sql", "view", !fails, null, fails ? null : 2,
            fails ? "Binder Error: column \"idd\" not found" : null, fails ? 1 : null, []);
        return Task.FromResult(new ValidationReport(!fails, [new FileCheck("dbt_project.yml", "dbt_project", [])], [model], [], []));
    }
}
