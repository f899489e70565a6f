using Etl.Core.Agents;
using Etl.Core.Datasets;
using Etl.Core.Profile;

namespace Etl.Agents.Pipeline;

/// <summary>Tokens in and out, as the run log counts them.</summary>
public sealed record TokenCount(long Input, long Output)
{
    public static TokenCount Zero { get; } = new(0, 0);

    public long Total => Input + Output;

    public TokenCount Plus(TokenCount other) => new(Input + other.Input, Output + other.Output);

    public static TokenCount Of(IReadOnlyList<ModelCall> calls)
    {
        long input = 0, output = 0;
        foreach (var call in calls)
        {
            input += call.InputTokens;
            output += call.OutputTokens;
        }
        return new(input, output);
    }
}

/// <summary>
/// What every stage file of a run holds (planning.json, generation.json, refining.json, validation.json): the stage,
/// who ran it, how long it took, the tokens and their cost, every decision and every model call.
/// </summary>
public sealed record StageLog(string Stage, string Agent, string Model, double DurationSeconds, TokenCount Tokens, decimal CostUsd,
    IReadOnlyList<AgentDecision> Decisions, IReadOnlyList<ModelCall> Calls);

/// <summary>One project file in a run document.</summary>
public sealed record ProjectFileEntry(string Path, string Content);

/// <summary><c>planning.json</c>.</summary>
public sealed record PlanningDocument(StageLog Log, IReadOnlyList<string> Prompts, ProjectPlan Plan);

/// <summary>
/// <c>generation.json</c>: the project after generation. When a project is updated, <see cref="Generated"/> is what the
/// agent wrote and <see cref="Files"/> the three-way merge of it into the existing project.
/// </summary>
public sealed record GenerationDocument(StageLog Log, IReadOnlyList<ProjectFileEntry> Files, ProjectUpdate? Update,
    IReadOnlyList<ProjectFileEntry>? Generated);

/// <summary>An update of an existing project: where it came from, each file's origin, the merge's decisions.</summary>
/// <param name="From"><c>previousJobId:&lt;id&gt;</c> or <c>upload:&lt;key&gt;</c>.</param>
/// <param name="Origins">Per path: <c>generated</c>, <c>kept</c>, <c>merged</c> or <c>human</c>.</param>
/// <param name="Diff">The unified diff from the existing project to the delivered one (filled in by deliver).</param>
public sealed record ProjectUpdate(string From, IReadOnlyDictionary<string, string> Origins, IReadOnlyList<AgentDecision> Decisions, string? Diff);

/// <summary><c>refining.json</c>.</summary>
public sealed record RefiningDocument(StageLog Log, IReadOnlyList<ProjectFileEntry> Files);

/// <summary>One validation round: what it found, and the repairs refine made after it (none after the last).</summary>
public sealed record ValidationRound(int Round, ValidationReport Report, IReadOnlyList<AgentDecision> Repairs, IReadOnlyList<ModelCall> Calls);

/// <summary><c>validation.json</c>: every round, and the files as they stand after the last.</summary>
public sealed record ValidationDocument(StageLog Log, bool Passed, IReadOnlyList<ValidationRound> Rounds, IReadOnlyList<ProjectFileEntry> Files);

/// <summary><c>source.json</c>: the resolved source, so every stage (each its own Lambda invocation on AWS) sees the same tables.</summary>
public sealed record SourceDocument(string Name, string TargetDatabase, string? Dataset, int? DatasetVersion, string JobId, IReadOnlyList<SourceTableEntry> Tables)
{
    public static SourceDocument From(AgentSource source)
    {
        var tables = new List<SourceTableEntry>(source.Tables.Count);
        foreach (var t in source.Tables) tables.Add(new SourceTableEntry(t.Schema, t.Profile, t.Key, t.Location, t.CategoricalValues));
        return new(source.Name, source.TargetDatabase, source.Dataset, source.DatasetVersion, source.JobId, tables);
    }

    public AgentSource ToSource()
    {
        var tables = new List<SourceTable>(Tables.Count);
        foreach (var t in Tables) tables.Add(new SourceTable(t.Schema, t.Profile, t.Key, t.Location) { CategoricalValues = t.CategoricalValues ?? new Dictionary<string, IReadOnlyList<string>>() });
        return new AgentSource(Name, tables, TargetDatabase, Dataset, DatasetVersion, JobId);
    }
}

/// <summary>One table of <see cref="SourceDocument"/>.</summary>
public sealed record SourceTableEntry(TableSchema Schema, DatasetProfile? Profile, string Key, string Location,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? CategoricalValues);

/// <summary><c>run.json</c> (<c>artifact=log</c>): the whole run in one document, for people and the web page.</summary>
public sealed record RunLog(
    string RunId,
    string JobId,
    string Agent,
    string Model,
    string Prompt,
    IReadOnlyList<string> Prompts,
    RunSource Source,
    decimal CostEstimateUsd,
    TokenCount Tokens,
    decimal CostUsd,
    IReadOnlyList<RunStage> Stages,
    ProjectPlan Plan,
    IReadOnlyList<RunFile> Files,
    RunValidation Validation,
    ProjectUpdate? Update);

/// <summary>The source as run.json names it.</summary>
public sealed record RunSource(string Name, string? Dataset, int? DatasetVersion, string JobId, IReadOnlyList<string> Tables);

/// <summary>One stage in run.json.</summary>
public sealed record RunStage(string Stage, string File, double DurationSeconds, TokenCount Tokens, decimal CostUsd, IReadOnlyList<AgentDecision> Decisions);

/// <summary>One delivered file: its text, where it came from, and whether validation passed what it defines.</summary>
/// <param name="Origin"><c>generated</c>, <c>kept</c>, <c>merged</c> or <c>human</c>.</param>
/// <param name="Validation"><c>passed</c>, <c>failed</c> or <c>not-run</c>.</param>
public sealed record RunFile(string Path, string Content, string Origin, string Validation);

/// <summary>The validation summary in run.json.</summary>
public sealed record RunValidation(bool Passed, int Rounds, ValidationReport Report);
