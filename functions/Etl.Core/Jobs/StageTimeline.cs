namespace Etl.Core.Jobs;

/// <summary>
/// One pipeline stage as a job went through it: when it started, when it ended, how it ended and how many attempts it
/// took (a retried stage keeps its first start, so its duration includes the waits between attempts).
/// </summary>
public sealed record StageRun(string Name, string Status, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt = null, int Attempts = 1)
{
    /// <summary>Seconds from start to end; null while the stage runs.</summary>
    public double? DurationSeconds => CompletedAt is { } end ? Math.Round((end - StartedAt).TotalSeconds, 3) : null;
}

/// <summary>Values of <see cref="StageRun.Status"/> (and, for stages not reached, of the API's stage list).</summary>
public static class StageRunStatus
{
    public const string Running = "RUNNING";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";

    /// <summary>Not reached yet (the job is still PENDING or RUNNING). Only the API's view uses it; the record never stores it.</summary>
    public const string Pending = "PENDING";

    /// <summary>Not run because the job failed in an earlier stage. Only the API's view uses it.</summary>
    public const string Skipped = "SKIPPED";
}

/// <summary>
/// The stages a job has entered, in the order it entered them: what the web page draws as a timeline. Immutable, and
/// equal to another timeline with the same runs, so a job record read back from a store equals the one written.
/// </summary>
public sealed class StageTimeline : IReadOnlyList<StageRun>, IEquatable<StageTimeline>
{
    private readonly StageRun[] _runs;

    public StageTimeline(IEnumerable<StageRun> runs) => _runs = [.. runs];

    public static StageTimeline Empty { get; } = new([]);

    public int Count => _runs.Length;

    public StageRun this[int index] => _runs[index];

    /// <summary>The stage started (or, when it is already listed, was attempted again: it runs again and counts the attempt).</summary>
    public StageTimeline Enter(string stage, DateTimeOffset now)
    {
        var index = IndexOf(stage);
        if (index < 0)
        {
            return new([.. _runs, new StageRun(stage, StageRunStatus.Running, now)]);
        }

        var previous = _runs[index];
        return Replace(index, previous with { Status = StageRunStatus.Running, CompletedAt = null, Attempts = previous.Attempts + 1 });
    }

    /// <summary>The stage finished successfully.</summary>
    public StageTimeline Complete(string stage, DateTimeOffset now)
    {
        var index = IndexOf(stage);
        return index < 0
            ? new([.. _runs, new StageRun(stage, StageRunStatus.Completed, now, now)])
            : Replace(index, _runs[index] with { Status = StageRunStatus.Completed, CompletedAt = now });
    }

    /// <summary>The job failed: every stage still running ends FAILED at <paramref name="now"/>.</summary>
    public StageTimeline FailRunning(DateTimeOffset now) =>
        new(_runs.Select(r => r.Status == StageRunStatus.Running ? r with { Status = StageRunStatus.Failed, CompletedAt = now } : r));

    public IEnumerator<StageRun> GetEnumerator() => ((IEnumerable<StageRun>)_runs).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _runs.GetEnumerator();

    public bool Equals(StageTimeline? other) => other is not null && _runs.AsSpan().SequenceEqual(other._runs);

    public override bool Equals(object? obj) => Equals(obj as StageTimeline);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var run in _runs)
        {
            hash.Add(run);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => string.Join(", ", _runs.Select(r => $"{r.Name}:{r.Status}"));

    private int IndexOf(string stage) => Array.FindIndex(_runs, r => r.Name == stage);

    private StageTimeline Replace(int index, StageRun run)
    {
        var copy = (StageRun[])_runs.Clone();
        copy[index] = run;
        return new(copy);
    }
}
