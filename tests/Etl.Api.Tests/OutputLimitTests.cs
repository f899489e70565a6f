using Etl.Core.Convert;
using Etl.Local.Hosting;
using Etl.Parquet.File;
using Etl.Parquet.Meta;
using Microsoft.AspNetCore.Builder;

namespace Etl.Api.Tests;

/// <summary>
/// The real host, configured by its environment variables, stops a job whose output passes ETL_MAX_OUTPUT_BYTES:
/// FAILED with OutputLimitExceeded, nothing published or left under output/{jobId}, the upload kept.
/// </summary>
public sealed class OutputLimitTests : IAsyncLifetime
{
    private const long MaxOutputBytes = 1024 * 1024;

    private readonly TempDirectory _data = new();
    private WebApplication? _app;
    private EtlClient _client = null!;

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["ETL_URLS"] = "http://127.0.0.1:0",
            ["ETL_DATA_DIR"] = _data.Path,
            ["ETL_MAX_OUTPUT_BYTES"] = MaxOutputBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
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

    /// <summary>500,000 rows of one repeated value: a few kilobytes of Parquet, 24 MB of NDJSON.</summary>
    private static byte[] ExpandingParquet()
    {
        var line = "{\"c\":\"the-same-value-in-every-row-of-this-file\"}\n"u8.ToArray();
        var ndjson = new byte[line.Length * 500_000];
        for (var i = 0; i < ndjson.Length; i += line.Length) line.CopyTo(ndjson, i);
        using var parquet = new MemoryStream();
        JsonToParquet.Convert(new MemoryStream(ndjson), parquet, new JsonToParquetOptions
        {
            Writer = ParquetWriterOptions.Default with { Compression = CompressionCodec.Zstd },
        });
        return parquet.ToArray();
    }

    [Fact]
    public async Task A_job_whose_output_passes_ETL_MAX_OUTPUT_BYTES_fails_cleanly_and_publishes_nothing()
    {
        var parquet = ExpandingParquet();
        Assert.True(parquet.Length < 64 * 1024, $"{parquet.Length} bytes");
        var jobId = await _client.UploadAsync(parquet, "bomb.parquet");
        (await _client.TriggerAsync(jobId, "json")).Dispose();

        var failed = await _client.WaitAsync(jobId);

        Assert.Equal("FAILED", failed["status"]!.GetValue<string>());
        Assert.Equal("OutputLimitExceeded", failed["errorType"]!.GetValue<string>());
        Assert.Equal("convert", failed["stage"]!.GetValue<string>());
        var message = failed["errorMessage"]!.GetValue<string>();
        Assert.Contains("ETL_MAX_OUTPUT_BYTES", message);
        Assert.Contains($"{MaxOutputBytes:N0} bytes", message);
        Assert.False(Directory.Exists(Path.Combine(_data.Path, "output", jobId)), "nothing is left under output/{jobId}");
        var input = Path.Combine(_data.Path, "uploads", jobId, "bomb.parquet");
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
