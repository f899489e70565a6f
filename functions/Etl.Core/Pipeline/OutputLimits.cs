using Etl.Core.Convert;

namespace Etl.Core.Pipeline;

/// <summary>
/// How large a job's output may grow: at most <see cref="MaxBytes"/>, and at most <see cref="MaxRatio"/> times the
/// input (never less than <see cref="RatioFloorBytes"/>, so small files are not held to a ratio). A highly compressed
/// Parquet file (one repeated value, dictionary + RLE) can expand 50,000-fold into JSON; these stop such a job
/// while it writes, instead of filling the disk.
/// </summary>
public sealed record OutputLimits
{
    public const string MaxBytesSetting = "ETL_MAX_OUTPUT_BYTES";
    public const string MaxRatioSetting = "ETL_MAX_OUTPUT_RATIO";

    /// <summary>50 GiB: ten times the largest upload (5 GiB) stays within a typical 3–15× JSON expansion of real data.</summary>
    public const long DefaultMaxBytes = 50L * 1024 * 1024 * 1024;

    /// <summary>1000×: ten times the largest expansion measured on real files (102× for a dictionary-encoded column).</summary>
    public const long DefaultMaxRatio = 1000;

    /// <summary>64 MiB: no output this small is refused for its ratio.</summary>
    public const long DefaultRatioFloorBytes = 64L * 1024 * 1024;

    public static OutputLimits Default { get; } = new();

    public long MaxBytes { get; init; } = DefaultMaxBytes;

    public long MaxRatio { get; init; } = DefaultMaxRatio;

    public long RatioFloorBytes { get; init; } = DefaultRatioFloorBytes;

    /// <summary>The limit that binds first for an input of <paramref name="inputBytes"/>, named by its setting.</summary>
    public OutputLimit For(long inputBytes)
    {
        var byRatio = inputBytes > long.MaxValue / MaxRatio ? long.MaxValue : inputBytes * MaxRatio;
        var ratioLimit = Math.Max(byRatio, RatioFloorBytes);
        if (ratioLimit >= MaxBytes) return new OutputLimit(MaxBytes, MaxBytesSetting);
        return new OutputLimit(ratioLimit, MaxRatioSetting, byRatio >= RatioFloorBytes
            ? $"{MaxRatio:N0} × the {inputBytes:N0}-byte input"
            : $"the least a ratio limit allows; {MaxRatio:N0} × the {inputBytes:N0}-byte input is less");
    }
}
