namespace Etl.Core.Jobs;

/// <summary>
/// The only legal moves of a job. Each returns the new record; callers persist it with
/// <see cref="IJobStore.TryUpdateAsync"/> conditional on the status they started from, so a double trigger or a
/// late retry can never move a job backwards.
/// </summary>
public static class JobLifecycle
{
    public static JobRecord Trigger(JobRecord job, string outputFormat, DateTimeOffset now)
    {
        Require(job, JobStatus.Pending);
        return job with
        {
            Status = JobStatus.Running,
            OutputFormat = outputFormat,
            Stage = null,
            Progress = 0,
            StartedAt = now,
            UpdatedAt = now,
            Stages = StageTimeline.Empty,
        };
    }

    /// <summary>A RUNNING job found after a crash starts over from its input.</summary>
    public static JobRecord Restart(JobRecord job, DateTimeOffset now)
    {
        Require(job, JobStatus.Running);
        return job with { Stage = null, Progress = 0, UpdatedAt = now, Stages = StageTimeline.Empty };
    }

    public static JobRecord EnterStage(JobRecord job, string stage, double progress, DateTimeOffset now)
    {
        Require(job, JobStatus.Running);
        return job with { Stage = stage, Progress = progress, UpdatedAt = now, Stages = job.Stages.Enter(stage, now) };
    }

    /// <summary>The stage succeeded; the job stays RUNNING (the next stage, or <see cref="Complete"/>, follows).</summary>
    public static JobRecord FinishStage(JobRecord job, string stage, double progress, DateTimeOffset now)
    {
        Require(job, JobStatus.Running);
        return job with { Stage = stage, Progress = progress, UpdatedAt = now, Stages = job.Stages.Complete(stage, now) };
    }

    public static JobRecord Complete(JobRecord job, DateTimeOffset now)
    {
        Require(job, JobStatus.Running);
        return job with
        {
            Status = JobStatus.Completed,
            Progress = 1,
            UpdatedAt = now,
            ProcessingTime = Elapsed(job, now),
        };
    }

    public static JobRecord Fail(JobRecord job, string errorType, string errorMessage, DateTimeOffset now)
    {
        Require(job, JobStatus.Running);
        return FailureDiagnosis.Diagnose(job with
        {
            Status = JobStatus.Failed,
            ErrorType = errorType,
            ErrorMessage = errorMessage,
            UpdatedAt = now,
            ProcessingTime = Elapsed(job, now),
            Stages = job.Stages.FailRunning(now),
        });
    }

    private static double? Elapsed(JobRecord job, DateTimeOffset now) =>
        job.StartedAt is { } started ? Math.Round((now - started).TotalSeconds, 3) : null;

    private static void Require(JobRecord job, JobStatus expected)
    {
        if (job.Status != expected)
        {
            throw new InvalidJobTransitionException(job.JobId, job.Status, expected);
        }
    }
}

/// <summary>A lifecycle move was asked of a job that is not in the status the move starts from.</summary>
public sealed class InvalidJobTransitionException : InvalidOperationException
{
    public InvalidJobTransitionException(string jobId, JobStatus actual, JobStatus expected)
        : base($"Job {jobId} is {actual.ToWire()}, not {expected.ToWire()}.")
    {
        JobId = jobId;
        Actual = actual;
        Expected = expected;
    }

    public string JobId { get; }

    public JobStatus Actual { get; }

    public JobStatus Expected { get; }
}
