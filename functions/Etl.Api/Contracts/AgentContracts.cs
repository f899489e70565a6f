namespace Etl.Api.Contracts;

/// <summary>POST /agent-invoke, as the design specifies it; answered 501 until the agents exist.</summary>
public sealed record AgentInvokeRequest(
    string? Prompt,
    string? JobId,
    string? SourceDatabase,
    IReadOnlyList<string>? SourceTables,
    string? TargetDatabase,
    bool? NewProject,
    string? ExistingProjectLocation);

/// <summary>GET /health.</summary>
public sealed record HealthResponse(string Status);
