namespace Etl.Core.Datasets.Cost;

/// <summary>
/// The published AWS list prices the cost estimate uses: Amazon Athena SQL queries at $5.00 per TB scanned, each query
/// rounded up to the next megabyte with a 10 MB minimum; Amazon S3 Standard storage at $0.023 per GB-month (US East,
/// N. Virginia, first 50 TB a month). Units are binary, as AWS bills them: 1 MB = 2^20 bytes, 1 GB = 2^30, 1 TB = 2^40.
/// </summary>
public static class AwsListPrices
{
    /// <summary>Bytes in the megabyte Athena rounds each query's scan up to.</summary>
    public const long Megabyte = 1L << 20;

    /// <summary>Bytes in a gigabyte of S3 storage.</summary>
    public const long Gigabyte = 1L << 30;

    /// <summary>Bytes in a terabyte of Athena scan.</summary>
    public const long Terabyte = 1L << 40;

    /// <summary>The prices, with the pages they come from and the date they were read.</summary>
    public static CostPrices Current { get; } = new(
        AthenaUsdPerTb: 5.00m,
        AthenaMinimumBytes: 10 * Megabyte,
        S3UsdPerGbMonth: 0.023m,
        Source: "Amazon Athena pricing, https://aws.amazon.com/athena/pricing/ (SQL queries: $5.00 per TB scanned, rounded up "
            + "to the nearest MB, 10 MB minimum per query); Amazon S3 pricing, https://aws.amazon.com/s3/pricing/ (S3 Standard, "
            + "US East (N. Virginia), first 50 TB / month: $0.023 per GB-month); list prices as read on 2026-12-07");
}
