namespace Etl.Api.Contracts;

/// <summary>
/// POST /agent-invoke: a prompt over one source — a catalog <see cref="Dataset"/>, the tables of a convert job
/// (<see cref="JobId"/>), or Glue-style <see cref="SourceDatabase"/> + <see cref="SourceTables"/> — for a new project, or
/// an update of an uploaded one (<see cref="ExistingProjectLocation"/>) or of a previous run (<see cref="PreviousJobId"/>).
/// </summary>
public sealed record AgentInvokeRequest(
    string? Prompt,
    string? Dataset,
    string? JobId,
    string? SourceDatabase,
    IReadOnlyList<string>? SourceTables,
    string? TargetDatabase,
    bool? NewProject,
    string? ExistingProjectLocation,
    string? PreviousJobId);

/// <summary>202 from POST /agent-invoke: poll GET /job-status/{jobId}.</summary>
public sealed record AgentInvokeResponse(string JobId, string Status, string RunId, string Agent, decimal CostEstimateUsd, string Message);

/// <summary>GET /health.</summary>
public sealed record HealthResponse(string Status);
