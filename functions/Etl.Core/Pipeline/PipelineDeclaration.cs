using Etl.Core.Jobs;

namespace Etl.Core.Pipeline;

/// <summary>
/// A pipeline, declared once: the ordered stages of one job type and their retry policies. The local runner executes
/// these lists; the CDK app builds a Step Functions state machine from each. Stage names are unique within a pipeline,
/// not across them (both have a <c>validate</c>), so a stage is always looked up through its job's pipeline.
/// </summary>
public sealed class PipelineDeclaration
{
    private PipelineDeclaration(string jobType, IReadOnlyList<StageDeclaration> stages)
    {
        JobType = jobType;
        Stages = stages;
    }

    /// <summary>Convert jobs (<c>POST /trigger-job</c>).</summary>
    public static PipelineDeclaration Convert { get; } = new(JobTypes.Convert,
    [
        new(StageNames.Validate, "Checks the upload really is what it claims (magic bytes and footer, or well-formed JSON).", RetryPolicy.TransientOnly),
        new(StageNames.Convert, "Parquet → NDJSON/JSON, or JSON/NDJSON → Parquet; writes output/{jobId}/….", RetryPolicy.TransientOnly),
        new(StageNames.Profile, "Schema, row count, per-column nulls, min/max, distinct estimate and first rows; writes runs/{jobId}/profile.json.", RetryPolicy.TransientOnly),
        new(StageNames.Catalog, "When the job names a dataset: registers its tables as the next version, grades the changes against the current one and applies the dataset's policy; writes runs/{jobId}/changes.json.", RetryPolicy.TransientOnly),
    ]);

    /// <summary>Agent jobs (<c>POST /agent-invoke</c>).</summary>
    public static PipelineDeclaration Agent { get; } = new(JobTypes.Agent,
    [
        new(StageNames.Plan, "Reads the catalog (tables, columns, keys, profiles) and the prompt; proposes models with reasons and confidence; writes runs/{runId}/planning.json.", RetryPolicy.TransientOnly),
        new(StageNames.Generate, "Writes the dbt project from the plan (merged into the existing project when updating one); writes runs/{runId}/generation.json.", RetryPolicy.TransientOnly),
        new(StageNames.Refine, "Reviews the files against dbt's conventions (tests, casts, incremental logic); writes runs/{runId}/refining.json.", RetryPolicy.TransientOnly),
        new(StageNames.Validate, "YAML against dbt's JSON schemas; every model rendered and run on the data in DuckDB, every test run; failures go back to refine, at most 3 rounds; writes runs/{runId}/validation.json.", RetryPolicy.TransientOnly),
        new(StageNames.Deliver, "Packs the project and the run log; writes runs/{runId}/dbt_project.zip and run.json.", RetryPolicy.TransientOnly),
    ]);

    /// <summary>Every pipeline.</summary>
    public static IReadOnlyList<PipelineDeclaration> All { get; } = [Convert, Agent];

    /// <summary>The job type this pipeline runs (<see cref="JobTypes"/>).</summary>
    public string JobType { get; }

    /// <summary>The stages, in order.</summary>
    public IReadOnlyList<StageDeclaration> Stages { get; }

    /// <summary>The pipeline of <paramref name="jobType"/>.</summary>
    public static PipelineDeclaration For(string jobType) => jobType switch
    {
        JobTypes.Convert => Convert,
        JobTypes.Agent => Agent,
        _ => throw new ArgumentException($"No pipeline runs jobs of type '{jobType}'.", nameof(jobType)),
    };

    public bool Declares(string stageName) => Find(stageName) >= 0;

    public int IndexOf(string stageName)
    {
        var index = Find(stageName);
        return index >= 0 ? index : throw new ArgumentException($"The {JobType} pipeline has no stage named '{stageName}'.", nameof(stageName));
    }

    /// <summary>Overall progress (0–1) when <paramref name="stageName"/> is <paramref name="stageProgress"/> done.</summary>
    public double OverallProgress(string stageName, double stageProgress) =>
        (IndexOf(stageName) + Math.Clamp(stageProgress, 0, 1)) / Stages.Count;

    /// <summary>The stage names, in order, for messages.</summary>
    public override string ToString() => $"{JobType}: {string.Join(" → ", Stages.Select(s => s.Name))}";

    private int Find(string stageName)
    {
        for (var i = 0; i < Stages.Count; i++)
        {
            if (Stages[i].Name == stageName) return i;
        }
        return -1;
    }
}
