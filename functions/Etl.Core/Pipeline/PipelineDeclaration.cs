namespace Etl.Core.Pipeline;

/// <summary>
/// The pipeline, declared once: the ordered stages and their retry policies. The local runner executes this list;
/// the CDK app builds the Step Functions state machine from it. Later stages (generate) are added here.
/// </summary>
public static class PipelineDeclaration
{
    public static IReadOnlyList<StageDeclaration> Stages { get; } =
    [
        new(StageNames.Validate, "Checks the upload really is what it claims (magic bytes and footer, or well-formed JSON).", RetryPolicy.TransientOnly),
        new(StageNames.Convert, "Parquet → NDJSON/JSON, or JSON/NDJSON → Parquet; writes output/{jobId}/….", RetryPolicy.TransientOnly),
        new(StageNames.Profile, "Schema, row count, per-column nulls, min/max, distinct estimate and first rows; writes runs/{jobId}/profile.json.", RetryPolicy.TransientOnly),
        new(StageNames.Catalog, "When the job names a dataset: registers its tables as the next version, grades the changes against the current one and applies the dataset's policy; writes runs/{jobId}/changes.json.", RetryPolicy.TransientOnly),
    ];

    public static int IndexOf(string stageName)
    {
        for (var i = 0; i < Stages.Count; i++)
        {
            if (Stages[i].Name == stageName)
            {
                return i;
            }
        }

        throw new ArgumentException($"No pipeline stage is named '{stageName}'.", nameof(stageName));
    }

    /// <summary>Overall progress (0–1) when <paramref name="stageName"/> is <paramref name="stageProgress"/> done.</summary>
    public static double OverallProgress(string stageName, double stageProgress) =>
        (IndexOf(stageName) + Math.Clamp(stageProgress, 0, 1)) / Stages.Count;
}
