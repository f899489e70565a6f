namespace Etl.Core.Pipeline;

/// <summary>
/// How a stage is retried, in the terms of a Step Functions Retry field so the state machine can be built from it:
/// only failures whose error name is in <see cref="RetryOn"/> are retried, at most <see cref="MaxAttempts"/> − 1 times,
/// waiting <see cref="Interval"/> and then <see cref="BackoffRate"/> times longer each time.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan Interval, double BackoffRate, IReadOnlyList<string> RetryOn)
{
    /// <summary>Three attempts, 1 s then 2 s apart, on transient errors only.</summary>
    public static RetryPolicy TransientOnly { get; } =
        new(3, TimeSpan.FromSeconds(1), 2.0, [StageErrorTypes.Transient]);

    public bool ShouldRetry(StageError error, int attemptsSoFar) =>
        attemptsSoFar < MaxAttempts && RetryOn.Contains(error.ErrorType);

    /// <summary>The wait before attempt number <paramref name="attemptsSoFar"/> + 1.</summary>
    public TimeSpan DelayAfter(int attemptsSoFar) =>
        TimeSpan.FromTicks((long)(Interval.Ticks * Math.Pow(BackoffRate, attemptsSoFar - 1)));
}
