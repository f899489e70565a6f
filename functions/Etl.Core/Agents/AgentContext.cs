namespace Etl.Core.Agents;

/// <summary>Everything an agent gets for one run: the request, the resolved source, the conversation so far and the project being updated.</summary>
/// <param name="Request">The invoke request.</param>
/// <param name="Source">The tables to work over.</param>
/// <param name="Prompts">The prompts of the project's runs, oldest first, ending with this run's prompt (iteration builds on earlier asks).</param>
/// <param name="Existing">The project being updated (human edits included); null for a new project.</param>
/// <param name="Base">What the agents generated last time for <see cref="Existing"/> (the merge base); null when unknown.</param>
/// <param name="PreviousPlan">The plan of the previous run, when iterating on one.</param>
public sealed record AgentContext(
    AgentRequest Request,
    AgentSource Source,
    IReadOnlyList<string> Prompts,
    ProjectFiles? Existing = null,
    ProjectFiles? Base = null,
    ProjectPlan? PreviousPlan = null);
