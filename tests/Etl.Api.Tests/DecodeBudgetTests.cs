using Etl.Core.Convert;
using Etl.Core.Pipeline;
using Etl.Local.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Etl.Api.Tests;

/// <summary>
/// The real host, configured by its environment variables, refuses a Parquet row group that decodes to more than
/// ETL_MAX_DECODE_BYTES: FAILED with RowGroupTooLarge (not retried), nothing published, the upload kept.
/// </summary>
public sealed class DecodeBudgetTests : IAsyncLifetime
{
    private const long MaxDecodeBytes = 8L * 1024 * 1024;

    private readonly TempDirectory _data = new();
    private WebApplication? _app;
    private EtlClient _client = null!;

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ETL_URLS"] = "http://127.0.0.1:0",
            ["ETL_DATA_DIR"] = _data.Path,
            ["ETL_MAX_DECODE_BYTES"] = MaxDecodeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _app = LocalHost.Build(LocalHostOptions.FromEnvironment(name => environment.GetValueOrDefault(name)));
        await _app.StartAsync();
        _client = new EtlClient(_app.ListeningAddress());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _data.Dispose();
    }

    /// <summary>Rows of one repeated value in ONE row group: a few kilobytes of Parquet, 500,000 rows ≈ 26 MB decoded.</summary>
    private static byte[] OneRowGroup(int rows)
    {
        var line = "{\"c\":\"the-same-value-in-every-row-of-this-file\"}\n"u8.ToArray();
        var ndjson = new byte[line.Length * rows];
        for (var i = 0; i < ndjson.Length; i += line.Length) line.CopyTo(ndjson, i);
        using var parquet = new MemoryStream();
        JsonToParquet.Convert(new MemoryStream(ndjson), parquet);
        return parquet.ToArray();
    }

    [Fact]
    public async Task A_row_group_past_ETL_MAX_DECODE_BYTES_fails_the_job_cleanly_naming_the_setting()
    {
        var parquet = OneRowGroup(500_000);
        Assert.True(parquet.Length < 64 * 1024, $"{parquet.Length} bytes");
        var jobId = await _client.UploadAsync(parquet, "onegroup.parquet");
        (await _client.TriggerAsync(jobId, "ndjson")).Dispose();

        var failed = await _client.WaitAsync(jobId);

        Assert.Equal("FAILED", failed["status"]!.GetValue<string>());
        Assert.Equal("RowGroupTooLarge", failed["errorType"]!.GetValue<string>());
        Assert.Equal("convert", failed["stage"]!.GetValue<string>());
        var message = failed["errorMessage"]!.GetValue<string>();
        Assert.Contains("row group 0 holds 500,000 rows", message);
        Assert.Contains("8 MiB", message);
        Assert.Contains("smaller row groups", message);
        Assert.Contains("ETL_MAX_DECODE_BYTES", message);
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "output", jobId)), "nothing is left under output/{jobId}");
        var input = Path.Combine(_data.Path, "uploads", jobId, "onegroup.parquet");
        Assert.Equal(parquet, await File.ReadAllBytesAsync(input));
    }

    [Fact]
    public async Task A_row_group_within_the_budget_converts_and_is_profiled()
    {
        var parquet = OneRowGroup(100_000);
        var jobId = await _client.UploadAsync(parquet, "small.parquet");
        (await _client.TriggerAsync(jobId, "ndjson")).Dispose();

        var done = await _client.WaitAsync(jobId);

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
