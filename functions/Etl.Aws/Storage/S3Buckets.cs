using Etl.Aws.Configuration;

namespace Etl.Aws.Storage;

/// <summary>
/// Which bucket holds a key, by its first segment (the design's storage layout): uploads/ → input, output/ → output,
/// everything else (runs/…) → artifacts. One bucket may serve all three.
/// </summary>
public sealed record S3Buckets(string Input, string Output, string Artifacts)
{
    public static S3Buckets Single(string bucket) => new(bucket, bucket, bucket);

    /// <summary>The distinct buckets, input first.</summary>
    public IReadOnlyList<string> All => new[] { Input, Output, Artifacts }.Distinct().ToArray();

    /// <summary>
    /// From ETL_INPUT_BUCKET, ETL_OUTPUT_BUCKET, ETL_ARTIFACTS_BUCKET: all three, or exactly one (then it holds every key).
    /// </summary>
    public static S3Buckets FromSettings(string? input, string? output, string? artifacts)
    {
        string?[] given = [input, output, artifacts];
        var set = given.Count(b => b is not null);
        if (set == 3)
        {
            return new S3Buckets(input!, output!, artifacts!);
        }

        if (set == 1)
        {
            return Single(input ?? output ?? artifacts!);
        }

        var missing = string.Join(", ", new[] { ("ETL_INPUT_BUCKET", input), ("ETL_OUTPUT_BUCKET", output), ("ETL_ARTIFACTS_BUCKET", artifacts) }
            .Where(b => b.Item2 is null).Select(b => b.Item1));
        throw new AwsSettingsException(set == 0
            ? "No bucket is set: the AWS backend needs ETL_INPUT_BUCKET, ETL_OUTPUT_BUCKET and ETL_ARTIFACTS_BUCKET (or just one of them to keep everything in one bucket)."
            : $"{missing} is not set: set all three of ETL_INPUT_BUCKET, ETL_OUTPUT_BUCKET and ETL_ARTIFACTS_BUCKET, or only one to keep everything in one bucket.");
    }

    public string For(string key) =>
        key.StartsWith("uploads/", StringComparison.Ordinal) ? Input
        : key.StartsWith("output/", StringComparison.Ordinal) ? Output
        : Artifacts;
}
