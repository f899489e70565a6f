namespace Etl.Core.Jobs;

/// <summary>
/// One job, with the fields of the design's job record (DynamoDB table etl-pipeline-jobs; the same columns in SQLite).
/// Immutable: the lifecycle produces a new record and the store writes it conditionally on the old status.
/// </summary>
public sealed record JobRecord
{
    public required string JobId { get; init; }

    /// <summary>"convert" or "agent"; see <see cref="JobTypes"/>.</summary>
    public string Type { get; init; } = JobTypes.Convert;

    /// <summary>The sanitized file name shown to people; never a path.</summary>
    public required string FileName { get; init; }

    public JobStatus Status { get; init; } = JobStatus.Pending;

    /// <summary>The current (or last) pipeline stage while running; null before the first stage.</summary>
    public string? Stage { get; init; }

    /// <summary>How far the whole pipeline is, 0–1.</summary>
    public double Progress { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the job was triggered; the start of <see cref="ProcessingTime"/>.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Storage key of the uploaded file (uploads/{jobId}/{fileName}).</summary>
    public required string InputS3Key { get; init; }

    /// <summary>Storage key of the converted output, once written.</summary>
    public string? OutputS3Key { get; init; }

    /// <summary>What the upload is: "parquet", "json" or "ndjson".</summary>
    public required string InputFormat { get; init; }

    /// <summary>"ndjson", "json" or "parquet"; chosen at trigger time.</summary>
    public string? OutputFormat { get; init; }

    public string? ErrorMessage { get; init; }

    public string? ErrorType { get; init; }

    /// <summary>Seconds from trigger to completion or failure.</summary>
    public double? ProcessingTime { get; init; }

    public long? RowCount { get; init; }

    public long? BytesIn { get; init; }

    public long? BytesOut { get; init; }

    /// <summary>The dataset this convert job loads a version of (POST /trigger-job <c>dataset</c>); null for a standalone job.</summary>
    public string? Dataset { get; init; }

    /// <summary>
    /// Whether JSON input is split into related tables (POST /trigger-job <c>normalize</c>); null = the default: true
    /// when a <see cref="Dataset"/> is named and the JSON has arrays of objects.
    /// </summary>
    public bool? Normalize { get; init; }

    /// <summary>The trigger's <c>options</c> object as JSON text (normalization settings per path); null when none was given.</summary>
    public string? Options { get; init; }

    /// <summary>The dataset version this job registered (catalog stage); null before it or without a dataset.</summary>
    public int? DatasetVersion { get; init; }

    /// <summary><c>pending</c> while the version waits for approval, then <c>approved</c> or <c>rejected</c>; null when nothing was held.</summary>
    public string? Review { get; init; }

    /// <summary>An agent job: what the person asked for (POST /agent-invoke <c>prompt</c>).</summary>
    public string? Prompt { get; init; }

    /// <summary>An agent job: its run folder's name, <c>run_YYYYMMDD_HHMMSS_{jobId}</c> (runs/{runId}/…).</summary>
    public string? RunId { get; init; }

    /// <summary>An agent job: which agent runs it, <c>offline</c> or <c>bedrock</c>.</summary>
    public string? Agent { get; init; }

    /// <summary>An agent job: model tokens spent (input + output).</summary>
    public long? Tokens { get; init; }

    /// <summary>An agent job: what the tokens cost, USD.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>An agent job: what the run was estimated to cost before it started, USD.</summary>
    public decimal? CostEstimateUsd { get; init; }

    /// <summary>
    /// A failed job: what kind of failure it is — <c>input</c>, <c>schema</c>, <c>limit</c>, <c>transient</c> or
    /// <c>internal</c> (<see cref="FailureDiagnosis"/>).
    /// </summary>
    public string? ErrorCategory { get; init; }

    /// <summary>A failed job: what to do — <c>retry</c>, <c>fix-input</c>, <c>raise-limit</c>, <c>review-change</c> or <c>escalate</c>.</summary>
    public string? SuggestedAction { get; init; }

    /// <summary>A failed job: the suggested resolution as a sentence (naming the line and column of bad input, the setting to raise).</summary>
    public string? Resolution { get; init; }

    /// <summary>The stages the job has entered, with start and end times (written by the stage runner as it goes).</summary>
    public StageTimeline Stages { get; init; } = StageTimeline.Empty;
}

/// <summary>Values of <see cref="JobRecord.Type"/>.</summary>
public static class JobTypes
{
    public const string Convert = "convert";
    public const string Agent = "agent";
}
