namespace Etl.Core.Agents;

/// <summary>
/// What <c>POST /agent-invoke</c> asked for, as the agent job keeps it (<c>runs/{runId}/request.json</c>). Exactly one
/// source: a <see cref="Dataset"/> of the catalog, the tables of a convert job (<see cref="SourceJobId"/>), or
/// Glue-style <see cref="SourceDatabase"/> + <see cref="SourceTables"/> (a catalog dataset and some of its tables).
/// </summary>
/// <param name="Prompt">What the person wants, in their words.</param>
/// <param name="Dataset">A dataset of the catalog; its current version is used unless <see cref="DatasetVersion"/> names one.</param>
/// <param name="DatasetVersion">The version of <see cref="Dataset"/> to work on; null = the current one (fixed when the job is created).</param>
/// <param name="SourceJobId">A completed convert job whose tables (or one Parquet output) are the source.</param>
/// <param name="SourceDatabase">Glue-style: the dataset acting as the database.</param>
/// <param name="SourceTables">Glue-style: the tables of <see cref="SourceDatabase"/> to use; empty = all.</param>
/// <param name="TargetDatabase">Where the models are built (the dbt profile's schema/database); null = the source name with <c>_analytics</c>.</param>
/// <param name="NewProject">True: write a new project even when a previous one is given.</param>
/// <param name="ExistingProjectLocation">A storage key of an uploaded dbt project zip to update.</param>
/// <param name="PreviousJobId">A previous agent job whose project is updated (natural-language iteration).</param>
public sealed record AgentRequest(
    string Prompt,
    string? Dataset = null,
    int? DatasetVersion = null,
    string? SourceJobId = null,
    string? SourceDatabase = null,
    IReadOnlyList<string>? SourceTables = null,
    string? TargetDatabase = null,
    bool NewProject = false,
    string? ExistingProjectLocation = null,
    string? PreviousJobId = null);
