namespace Etl.Core.Agents;

/// <summary>
/// An agent that writes dbt projects: the offline rule-based one, or one that asks a language model through
/// <c>Microsoft.Extensions.AI.IChatClient</c>. The agent stages call it in order (plan → generate → refine, and refine
/// again with validation's failures); each step returns its result with the decisions it made and the model calls it
/// spent. Agents are stateless between steps: everything a step needs is passed in, because on AWS each step runs in
/// a different Lambda invocation.
/// </summary>
public interface IProjectAgent
{
    /// <summary><c>offline</c> or <c>bedrock</c> (the job's <c>agent</c> field).</summary>
    string Name { get; }

    /// <summary>The model it talks to, or <c>rule-based</c>.</summary>
    string Model { get; }

    /// <summary>Proposes the project's models from the catalog and the prompts.</summary>
    Task<AgentStep<ProjectPlan>> PlanAsync(AgentContext context, CancellationToken cancellationToken);

    /// <summary>Writes the project's files from the plan. Every column a file references exists in <see cref="AgentContext.Source"/>.</summary>
    Task<AgentStep<ProjectFiles>> GenerateAsync(AgentContext context, ProjectPlan plan, CancellationToken cancellationToken);

    /// <summary>
    /// Improves the files: with <paramref name="failures"/> null, a review against the conventions (tests, casts,
    /// incremental logic); with failures, a repair of exactly what validation reported. Returns the whole project.
    /// </summary>
    Task<AgentStep<ProjectFiles>> RefineAsync(AgentContext context, ProjectPlan plan, ProjectFiles files, ValidationReport? failures,
        CancellationToken cancellationToken);
}

/// <summary>What one agent step produced, with its decisions and the model calls it made.</summary>
public sealed record AgentStep<T>(T Result, IReadOnlyList<AgentDecision> Decisions, IReadOnlyList<ModelCall> Calls);
