using Etl.Core.Pipeline;
using Etl.Local.Hosting;

namespace Etl.Api.Tests;

/// <summary>
/// The real host, configured by its environment variables, refuses a Parquet row group that decodes to more than
/// ETL_MAX_DECODE_BYTES: FAILED with RowGroupTooLarge (not retried), nothing published, the upload kept.
/// </summary>
public sealed class DecodeBudgetTests : IAsyncLifetime
{
    private const long MaxDecodeBytes = 8L * 1024 * 1024;

    private ConfiguredHost _host = null!;

    public async Task InitializeAsync() => _host = await ConfiguredHost.StartAsync(new Dictionary<string, string>
    {
        ["ETL_MAX_DECODE_BYTES"] = MaxDecodeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_row_group_past_ETL_MAX_DECODE_BYTES_fails_the_job_cleanly_naming_the_setting()
    {
        var parquet = ConfiguredHost.ConstantColumnParquet(500_000);
        Assert.True(parquet.Length < 64 * 1024, $"{parquet.Length} bytes");
        var jobId = await _host.Client.UploadAsync(parquet, "onegroup.parquet");
        (await _host.Client.TriggerAsync(jobId, "ndjson")).Dispose();

        var failed = await _host.Client.WaitAsync(jobId);

        Assert.Equal("FAILED", failed["status"]!.GetValue<string>());
        Assert.Equal("RowGroupTooLarge", failed["errorType"]!.GetValue<string>());
        Assert.Equal("convert", failed["stage"]!.GetValue<string>());
        var message = failed["errorMessage"]!.GetValue<string>();
        Assert.Contains("row group 0 holds 500,000 rows", message);
        Assert.Contains("8 MiB", message);
        Assert.Contains("smaller row groups", message);
        Assert.Contains("ETL_MAX_DECODE_BYTES", message);
        Assert.False(Directory.Exists(Path.Combine(_host.DataDirectory, "output", jobId)), "nothing is left under output/{jobId}");
        var input = Path.Combine(_host.DataDirectory, "uploads", jobId, "onegroup.parquet");
        Assert.Equal(parquet, await File.ReadAllBytesAsync(input));
    }

    [Fact]
    public async Task A_row_group_within_the_budget_converts_and_is_profiled()
    {
        var parquet = ConfiguredHost.ConstantColumnParquet(100_000);
        var jobId = await _host.Client.UploadAsync(parquet, "small.parquet");
        (await _host.Client.TriggerAsync(jobId, "ndjson")).Dispose();

        var done = await _host.Client.WaitAsync(jobId);

        Assert.True(done["status"]!.GetValue<string>() == "COMPLETED", done.ToJsonString());
        Assert.Equal(100_000, done["rowCount"]!.GetValue<long>());
    }

    [Fact]
    public void The_budget_comes_from_the_environment_over_the_default_and_a_bad_value_is_named()
    {
        Assert.Equal(5000L, LocalHostOptions.FromEnvironment(name => name == "ETL_MAX_DECODE_BYTES" ? "5000" : null).MaxDecodeBytes);
        Assert.Equal(DecodeLimits.DefaultMaxBytes, LocalHostOptions.FromEnvironment(_ => null).MaxDecodeBytes);
        Assert.Equal(1L << 30, DecodeLimits.DefaultMaxBytes);

        var bad = Assert.Throws<ArgumentException>(() => LocalHostOptions.FromEnvironment(name => name == "ETL_MAX_DECODE_BYTES" ? "0" : null));
        Assert.Contains("ETL_MAX_DECODE_BYTES=0", bad.Message);
    }
}
