namespace Etl.Core.Agents;

/// <summary>errorType values of agent jobs' own failures (the job's diagnosis reads them).</summary>
public static class AgentErrorTypes
{
    /// <summary>The run's source (dataset, job, tables, previous run) is gone or cannot be read.</summary>
    public const string SourceUnavailable = "AgentSourceUnavailable";

    /// <summary>The existing project named for an update is not a readable project zip.</summary>
    public const string InvalidProject = "InvalidProject";
}
