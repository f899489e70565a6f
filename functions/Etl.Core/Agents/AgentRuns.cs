using System.Globalization;

namespace Etl.Core.Agents;

/// <summary>
/// Where an agent run keeps its log: <c>runs/run_YYYYMMDD_HHMMSS_{jobId}/</c> (DESIGN.md "Agent runs"), one file per
/// stage plus the project, the zip and the run summary.
/// </summary>
public static class AgentRuns
{
    public const string Request = "request.json";
    public const string Planning = "planning.json";
    public const string Generation = "generation.json";
    public const string Refining = "refining.json";
    public const string Validation = "validation.json";

    /// <summary>The run summary (<c>artifact=log</c>): stages, decisions, tokens, cost, files, validation, diff.</summary>
    public const string Log = "run.json";

    /// <summary>The project files folder.</summary>
    public const string ProjectFolder = "dbt_project";

    public const string ProjectZip = "dbt_project.zip";

    /// <summary><c>run_YYYYMMDD_HHMMSS_{jobId}</c>, from when the job was created.</summary>
    public static string RunId(string jobId, DateTimeOffset createdAt) =>
        "run_" + createdAt.UtcDateTime.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture) + "_" + jobId;
}
