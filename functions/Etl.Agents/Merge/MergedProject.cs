using Etl.Core.Agents;

namespace Etl.Agents.Merge;

/// <summary>The result of a <see cref="ProjectMerge"/>.</summary>
/// <param name="Files">The merged project (without <c>.agentic-etl.json</c>, which the deliver stage writes).</param>
/// <param name="Origins">Each merged file's <see cref="FileOrigins"/> value, by path.</param>
/// <param name="Removed">Files of the person's project the merge removed (generated before, no longer generated, not edited).</param>
/// <param name="Decisions">Every choice that was not a plain take-the-only-change, with confidence and reasons.</param>
public sealed record MergedProject(
    ProjectFiles Files,
    IReadOnlyDictionary<string, string> Origins,
    IReadOnlyList<string> Removed,
    IReadOnlyList<AgentDecision> Decisions);
