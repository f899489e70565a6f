using Etl.Core.Convert;
using Etl.Local.Hosting;
using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Api.Tests;

/// <summary>
/// The real host, configured by its environment variables, stops a job whose output passes ETL_MAX_OUTPUT_BYTES:
/// FAILED with OutputLimitExceeded, nothing published or left under output/{jobId}, the upload kept.
/// </summary>
public sealed class OutputLimitTests : IAsyncLifetime
{
    private const long MaxOutputBytes = 1024 * 1024;

    private ConfiguredHost _host = null!;

    public async Task InitializeAsync() => _host = await ConfiguredHost.StartAsync(new Dictionary<string, string>
    {
        ["ETL_MAX_OUTPUT_BYTES"] = MaxOutputBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_job_whose_output_passes_ETL_MAX_OUTPUT_BYTES_fails_cleanly_and_publishes_nothing()
    {
        var parquet = ConfiguredHost.ConstantColumnParquet(500_000, ParquetWriterOptions.Default with { Compression = CompressionCodec.Zstd });
        Assert.True(parquet.Length < 64 * 1024, $"{parquet.Length} bytes");
        var jobId = await _host.Client.UploadAsync(parquet, "bomb.parquet");
        (await _host.Client.TriggerAsync(jobId, "json")).Dispose();

        var failed = await _host.Client.WaitAsync(jobId);

        Assert.Equal("FAILED", failed["status"]!.GetValue<string>());
        Assert.Equal("OutputLimitExceeded", failed["errorType"]!.GetValue<string>());
        Assert.Equal("convert", failed["stage"]!.GetValue<string>());
        var message = failed["errorMessage"]!.GetValue<string>();
        Assert.Contains("ETL_MAX_OUTPUT_BYTES", message);
        Assert.Contains($"{MaxOutputBytes:N0} bytes", message);
        Assert.False(Directory.Exists(Path.Combine(_host.DataDirectory, "output", jobId)), "nothing is left under output/{jobId}");
        var input = Path.Combine(_host.DataDirectory, "uploads", jobId, "bomb.parquet");
        Assert.Equal(parquet, await File.ReadAllBytesAsync(input));
    }

    [Fact]
    public void The_limits_come_from_the_environment_over_the_defaults_and_a_bad_value_is_named()
    {
        var set = LocalHostOptions.FromEnvironment(name => name switch
        {
            "ETL_MAX_OUTPUT_BYTES" => "5000",
            "ETL_MAX_OUTPUT_RATIO" => "20",
            _ => null,
        });
        Assert.Equal((5000L, 20L), (set.OutputLimits.MaxBytes, set.OutputLimits.MaxRatio));
        Assert.Equal(Etl.Core.Pipeline.OutputLimits.Default, LocalHostOptions.FromEnvironment(_ => null).OutputLimits);

        var bad = Assert.Throws<ArgumentException>(() => LocalHostOptions.FromEnvironment(name => name == "ETL_MAX_OUTPUT_RATIO" ? "0" : null));
        Assert.Contains("ETL_MAX_OUTPUT_RATIO=0", bad.Message);
    }
}
