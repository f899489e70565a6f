using Etl.Core.Agents;
using Microsoft.Extensions.AI;

namespace Etl.Agents.Chat;

/// <summary>
/// The language-model agent: plans, writes and repairs the dbt project through any <see cref="IChatClient"/> (Claude on
/// Bedrock in production), with tool use as structured output. Every answer is checked against the tool's JSON schema,
/// our rules and the catalog (grounding) before it is taken; a rejected answer goes back to the model as the tool's
/// error, at most <see cref="ToolConversation.MaxAttempts"/> calls per step. A step that still fails returns what it has,
/// with decisions saying exactly what is wrong, so validation marks it failing instead of the run hiding it.
/// </summary>
public sealed class ChatProjectAgent : IProjectAgent
{
    private readonly ToolConversation conversation;

    /// <param name="client">The chat client (vendor-neutral).</param>
    /// <param name="name">The agent's name (<c>bedrock</c>), the job's <c>agent</c> field.</param>
    /// <param name="model">The model id the client talks to, recorded on every call.</param>
    /// <param name="prices">What its tokens cost.</param>
    /// <param name="maxAttempts">Model calls per step before the step gives up (default 3).</param>
    public ChatProjectAgent(IChatClient client, string name, string model, ModelPrices prices, int maxAttempts = ToolConversation.DefaultMaxAttempts)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(prices);
        Name = name;
        Model = model;
        conversation = new ToolConversation(client, model, prices, maxAttempts);
    }

    public string Name { get; }

    public string Model { get; }

    public async Task<AgentStep<ProjectPlan>> PlanAsync(AgentContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = await conversation.RunAsync(ChatPrompts.System, ChatPrompts.Plan(context), ProjectTools.PlanTool,
            input => PlanCheck.Check(input, context.Source), cancellationToken).ConfigureAwait(false);
        if (outcome.Accepted)
        {
            var plan = outcome.Value!;
            var decisions = plan.Decisions.Concat(plan.Models.Select(m => m.Decision)).ToList();
            decisions.Add(Checked($"plan {plan.Models.Count} model(s)", outcome.Attempts, "every input is a catalog table or a planned model"));
            return new AgentStep<ProjectPlan>(plan, decisions, outcome.Calls);
        }
        var failure = Failed("plan", outcome);
        var fallback = outcome.Value ?? new ProjectPlan(context.Source.Name, context.Source.Name, [], []);
        return new AgentStep<ProjectPlan>(fallback with { Decisions = [.. fallback.Decisions, failure] }, [failure], outcome.Calls);
    }

    public async Task<AgentStep<ProjectFiles>> GenerateAsync(AgentContext context, ProjectPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        var outcome = await conversation.RunAsync(ChatPrompts.System, ChatPrompts.Generate(context, plan), ProjectTools.FilesTool,
            input => FileSetCheck.Check(input, context.Source, plan, ProjectFiles.Empty), cancellationToken).ConfigureAwait(false);
        return Files("generate", outcome, ProjectFiles.Empty);
    }

    public async Task<AgentStep<ProjectFiles>> RefineAsync(AgentContext context, ProjectPlan plan, ProjectFiles files, ValidationReport? failures,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(files);
        var outcome = await conversation.RunAsync(ChatPrompts.System, ChatPrompts.Refine(context, plan, files, failures), ProjectTools.FilesTool,
            input => FileSetCheck.Check(input, context.Source, plan, files), cancellationToken).ConfigureAwait(false);
        return Files(failures is null ? "review" : "repair", outcome, files);
    }

    private static AgentStep<ProjectFiles> Files(string step, ToolOutcome<FileSubmission> outcome, ProjectFiles start)
    {
        if (outcome.Accepted)
        {
            var submission = outcome.Value!;
            var decisions = submission.Decisions.ToList();
            decisions.Add(Checked($"{step}: write {submission.Submitted.Count} file(s)", outcome.Attempts,
                "every column the models name exists in the catalog or in their upstream models"));
            return new AgentStep<ProjectFiles>(submission.Files, decisions, outcome.Calls);
        }
        var failure = Failed(step, outcome);
        if (outcome.Value is not { } last) return new AgentStep<ProjectFiles>(start, [failure], outcome.Calls);
        return new AgentStep<ProjectFiles>(last.Files, [.. last.Decisions, failure], outcome.Calls);
    }

    private static AgentDecision Checked(string action, int attempts, string what) =>
        new(action, attempts == 1 ? 0.9 : 0.8,
            $"the answer passed the tool's schema, our rules and grounding ({what})" + (attempts > 1 ? $" after {attempts} attempts" : ""));

    private static AgentDecision Failed<T>(string step, ToolOutcome<T> outcome) where T : class =>
        new($"{step}: ungrounded or invalid output kept after {outcome.Attempts} attempts", 0,
            (outcome.Value is null ? "the model gave no usable answer; nothing of it was kept. " : "the last answer is kept as it is and will fail validation. ")
            + "Still wrong: " + string.Join("; ", outcome.Problems));
}
