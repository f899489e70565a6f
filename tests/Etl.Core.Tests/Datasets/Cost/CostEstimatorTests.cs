using Etl.Core.Datasets;
using Etl.Core.Datasets.Cost;

namespace Etl.Core.Tests.Datasets.Cost;

/// <summary>
/// Hand-computed: Athena bills ceil(bytes / 2^20) MB, at least 10 MB, at $5 per 2^40 bytes, so one MB costs
/// 5 / 2^20 = $0.00000476837158203125; S3 Standard bills $0.023 per 2^30 bytes a month. Amounts are rounded to 10
/// decimal places.
/// </summary>
public class CostEstimatorTests
{
    private const long MB = 1L << 20;
    private const long GB = 1L << 30;
    private const long TB = 1L << 40;

    [Theory]
    [InlineData(0L, "0.0000476837")]                 // the 10 MB minimum: 50 / 2^20 = 0.0000476837|158…
    [InlineData(1L, "0.0000476837")]                 // one byte is still a 10 MB query
    [InlineData(10 * MB, "0.0000476837")]            // exactly the minimum
    [InlineData(10 * MB + 1, "0.0000524521")]        // rounded up to 11 MB: 55 / 2^20 = 0.0000524520|874…
    [InlineData(100 * MB - 1, "0.0004768372")]       // rounded up to 100 MB: 500 / 2^20 = 0.0004768371|582…
    [InlineData(GB, "0.0048828125")]                 // 5 / 1024, exact
    [InlineData(TB, "5.0000000000")]                 // the list price
    [InlineData(3 * TB + 512 * MB, "15.0024414063")] // 15 + 2560 / 2^20 = 15.0024414062|5 → half up
    public void A_scan_is_billed_by_the_megabyte_with_a_10_MB_minimum(long bytes, string usd)
    {
        Assert.Equal(decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture), CostEstimator.ScanUsd(bytes, AwsListPrices.Current));
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(GB, "0.023")]
    [InlineData(MB, "0.0000224609")]        // 0.023 / 1024 = 0.0000224609|375
    [InlineData(50 * GB, "1.15")]
    [InlineData(1000L, "0.0000000214")]     // 0.023 × 1000 / 2^30 = 0.0000000214|204…
    public void Storage_is_billed_per_GB_month(long bytes, string usd)
    {
        Assert.Equal(decimal.Parse(usd, System.Globalization.CultureInfo.InvariantCulture), CostEstimator.StorageUsdPerMonth(bytes, AwsListPrices.Current));
    }

    [Fact]
    public void Before_is_the_raw_input_after_is_each_table_and_one_query_over_all_of_them()
    {
        var estimate = CostEstimator.Estimate(200 * MB, [("orders", 15 * MB), ("orders__items", 3 * MB + 1)]);

        Assert.Equal(new ScanCost(200 * MB, 0.0009536743m, 0.0044921875m), estimate.Input);   // 1000/2^20; 0.023 × 200/1024
        Assert.Equal(2, estimate.Tables.Count);
        Assert.Equal(new TableCost("orders", new ScanCost(15 * MB, 0.0000715256m, 0.0003369141m)), estimate.Tables[0]);   // 75/2^20 = 0.0000715255|737…; 0.023 × 15/1024 = 0.0003369140|625
        Assert.Equal(new TableCost("orders__items", new ScanCost(3 * MB + 1, 0.0000476837m, 0.0000673828m)), estimate.Tables[1]); // minimum; 0.023 × (3·2^20+1)/2^30 = 0.0000673828|339…
        Assert.Equal(new ScanCost(18 * MB + 1, 0.0000905991m, 0.0004042969m), estimate.Total);   // 19 MB: 95/2^20 = 0.0000905990|600…; 0.023 × (18·2^20+1)/2^30 = 0.0004042968|964…
        Assert.Same(AwsListPrices.Current, estimate.Prices);
    }

    [Fact]
    public void The_prices_name_their_sources_and_date()
    {
        var prices = AwsListPrices.Current;

        Assert.Equal(5.00m, prices.AthenaUsdPerTb);
        Assert.Equal(10 * MB, prices.AthenaMinimumBytes);
        Assert.Equal(0.023m, prices.S3UsdPerGbMonth);
        Assert.Contains("https://aws.amazon.com/athena/pricing/", prices.Source, StringComparison.Ordinal);
        Assert.Contains("https://aws.amazon.com/s3/pricing/", prices.Source, StringComparison.Ordinal);
        Assert.Contains("2026-12-07", prices.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_prices_can_be_given()
    {
        var prices = new CostPrices(6.25m, 0, 0.025m, "test");

        Assert.Equal(6.25m, CostEstimator.ScanUsd(TB, prices));
        Assert.Equal(0m, CostEstimator.ScanUsd(0, prices));
        Assert.Equal(0.025m, CostEstimator.StorageUsdPerMonth(GB, prices));
    }

    [Fact]
    public void A_negative_size_is_refused_naming_the_table()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => CostEstimator.Estimate(1, [("orders", -1)]));

        Assert.Contains("'orders'", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => CostEstimator.Estimate(-1, []));
    }

    [Fact]
    public void The_estimate_is_written_into_tables_json_and_read_back()
    {
        var estimate = CostEstimator.Estimate(200 * MB, [("orders", 15 * MB)]);
        var document = new TablesDocument([], new LayoutRecommendation(TableLayout.Normalized, 1, "test"), 1, [], estimate);

        var read = TablesDocument.Parse(document.ToJson());

        Assert.Equal(estimate.Input, read.Cost!.Input);
        Assert.Equal(estimate.Total, read.Cost.Total);
        Assert.Equal(estimate.Tables, read.Cost.Tables);
        Assert.Equal(estimate.Prices, read.Cost.Prices);
        Assert.Contains("\"scanUsd\": 0.0009536743", document.ToJson(), StringComparison.Ordinal);
    }
}
