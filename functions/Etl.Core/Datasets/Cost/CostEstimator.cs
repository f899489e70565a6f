namespace Etl.Core.Datasets.Cost;

/// <summary>
/// What a dataset version costs on AWS before and after normalization: one full Athena scan and a month of S3 Standard
/// storage of the input as uploaded (the raw JSON, which Athena must read whole), of each table's Parquet file, and of
/// all tables together. The total is one query over every table (the join that gives the input back), so it is billed
/// on the summed bytes with one minimum; scanning each table on its own costs the sum of the tables' scan costs.
/// </summary>
public static class CostEstimator
{
    /// <summary>Decimal places every amount is rounded to (a ten-thousandth of a cent; half away from zero).</summary>
    public const int UsdDecimals = 10;

    /// <summary>Estimates at <see cref="AwsListPrices.Current"/>.</summary>
    /// <param name="inputBytes">Bytes of the input as uploaded.</param>
    /// <param name="tables">Each table and the bytes of its Parquet file.</param>
    public static CostEstimate Estimate(long inputBytes, IReadOnlyList<(string Table, long Bytes)> tables) =>
        Estimate(inputBytes, tables, AwsListPrices.Current);

    /// <summary>Estimates at the given <paramref name="prices"/>.</summary>
    public static CostEstimate Estimate(long inputBytes, IReadOnlyList<(string Table, long Bytes)> tables, CostPrices prices)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentOutOfRangeException.ThrowIfNegative(inputBytes);
        var costs = new TableCost[tables.Count];
        long total = 0;
        for (var i = 0; i < tables.Count; i++)
        {
            var (table, bytes) = tables[i];
            if (bytes < 0) throw new ArgumentOutOfRangeException(nameof(tables), bytes, $"table '{table}' has a negative size");
            costs[i] = new TableCost(table, Cost(bytes, prices));
            total = checked(total + bytes);
        }
        return new CostEstimate(Cost(inputBytes, prices), costs, Cost(total, prices), prices);
    }

    /// <summary>One full scan and a month of storage of <paramref name="bytes"/>.</summary>
    public static ScanCost Cost(long bytes, CostPrices prices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentNullException.ThrowIfNull(prices);
        return new ScanCost(bytes, ScanUsd(bytes, prices), StorageUsdPerMonth(bytes, prices));
    }

    /// <summary>Athena's charge for one query reading <paramref name="bytes"/>: rounded up to whole megabytes, at least the minimum.</summary>
    public static decimal ScanUsd(long bytes, CostPrices prices)
    {
        var megabytes = bytes / AwsListPrices.Megabyte + (bytes % AwsListPrices.Megabyte == 0 ? 0 : 1);
        var billed = Math.Max((decimal)megabytes * AwsListPrices.Megabyte, prices.AthenaMinimumBytes);
        return Usd(billed * prices.AthenaUsdPerTb / AwsListPrices.Terabyte);
    }

    /// <summary>S3's charge for keeping <paramref name="bytes"/> for a month.</summary>
    public static decimal StorageUsdPerMonth(long bytes, CostPrices prices) =>
        Usd(bytes * prices.S3UsdPerGbMonth / AwsListPrices.Gigabyte);

    private static decimal Usd(decimal amount) => Math.Round(amount, UsdDecimals, MidpointRounding.AwayFromZero);
}
