using Etl.Core.Agents;

namespace Etl.Agents.Pipeline;

/// <summary>How an update of an existing project is merged and shown: the three-way merge and the unified diff.</summary>
public sealed class ProjectUpdater
{
    /// <summary>Merges <paramref name="generated"/> into <paramref name="existing"/> against <paramref name="projectBase"/>.</summary>
    public (ProjectFiles Files, IReadOnlyDictionary<string, string> Origins, IReadOnlyList<AgentDecision> Decisions) Merge(
        ProjectFiles? projectBase, ProjectFiles existing, ProjectFiles generated) =>
        throw new NotSupportedException("Updating an existing project is not merged in yet.");

    /// <summary>The unified diff from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public string Diff(ProjectFiles before, ProjectFiles after) =>
        throw new NotSupportedException("Updating an existing project is not merged in yet.");
}
