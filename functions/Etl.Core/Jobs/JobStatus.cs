namespace Etl.Core.Jobs;

/// <summary>Where a job is in its lifecycle: PENDING → RUNNING → COMPLETED | FAILED.</summary>
public enum JobStatus
{
    /// <summary>Uploaded (or waiting for its upload), not triggered yet.</summary>
    Pending,

    /// <summary>Triggered: queued or moving through the pipeline stages.</summary>
    Running,

    /// <summary>Every stage succeeded; the output can be downloaded.</summary>
    Completed,

    /// <summary>A stage failed; the input is kept and the error recorded.</summary>
    Failed,
}

/// <summary>The wire names of <see cref="JobStatus"/> ("PENDING", …), shared by the API and the stores.</summary>
public static class JobStatusNames
{
    public static string ToWire(this JobStatus status) => status switch
    {
        JobStatus.Pending => "PENDING",
        JobStatus.Running => "RUNNING",
        JobStatus.Completed => "COMPLETED",
        JobStatus.Failed => "FAILED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? wire, out JobStatus status)
    {
        switch (wire?.ToUpperInvariant())
        {
            case "PENDING": status = JobStatus.Pending; return true;
            case "RUNNING": status = JobStatus.Running; return true;
            case "COMPLETED": status = JobStatus.Completed; return true;
            case "FAILED": status = JobStatus.Failed; return true;
            default: status = default; return false;
        }
    }

    public static JobStatus Parse(string wire) =>
        TryParse(wire, out var status) ? status : throw new FormatException($"Unknown job status '{wire}'.");
}
