namespace Etl.Core.Jobs;

/// <summary>Job ids: time-ordered GUIDs (version 7), so ids sort roughly like creation times.</summary>
public static class JobIds
{
    public static string New() => Guid.CreateVersion7().ToString("D");

    /// <summary>True when <paramref name="value"/> could be a job id; callers answer 404 otherwise without a lookup.</summary>
    public static bool IsWellFormed(string? value) => Guid.TryParseExact(value, "D", out _);
}
