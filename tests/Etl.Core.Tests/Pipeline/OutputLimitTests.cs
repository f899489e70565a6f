using Etl.Core.Convert;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Pipeline.Stages;
using Etl.Core.Storage;
using Etl.Core.Tests.Fakes;
using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Core.Tests.Pipeline;

/// <summary>
/// A tiny, highly compressible Parquet file (one value repeated: dictionary + RLE) expands thousands of times into
/// JSON; the output limits stop such a job while it writes, cleanly, without retrying or publishing anything.
/// </summary>
public sealed class OutputLimitTests : IDisposable
{
    private const int Rows = 200_000;
    private const int RowGroupRows = 10_000;
    private static readonly byte[] Line = "{\"c\":\"the-same-value-in-every-row-of-this-file\"}\n"u8.ToArray();
    private static readonly Lazy<byte[]> Compressible = new(() => Expanding(Rows));

    private readonly InMemoryJobStore _jobs = new();
    private readonly InMemoryBlobStore _blobs = new();
    private readonly TempDirectory _catalogDirectory = new();

    /// <summary>Rows of one repeated value as Parquet in row groups of 10,000 rows: a few kilobytes for megabytes of NDJSON.</summary>
    private static byte[] Expanding(int rows)
    {
        var ndjson = new byte[Line.Length * rows];
        for (var i = 0; i < rows; i++) Line.CopyTo(ndjson, i * Line.Length);
        using var parquet = new MemoryStream();
        JsonToParquet.Convert(new MemoryStream(ndjson), parquet, new JsonToParquetOptions
        {
            Writer = ParquetWriterOptions.Default with { RowGroupRows = RowGroupRows, Compression = CompressionCodec.Zstd },
        });
        return parquet.ToArray();
    }

    private static long NdjsonBytes => (long)Line.Length * Rows;

    private async Task<JobRecord> UploadedAsync(byte[] content, string fileName, string inputFormat, string outputFormat)
    {
        var job = TestJobs.Pending(fileName: fileName, inputFormat: inputFormat);
        await _blobs.WriteAsync(job.InputS3Key, content, default);
        await _jobs.CreateAsync(job, default);
        var running = JobLifecycle.Trigger(job, outputFormat, DateTimeOffset.UtcNow);
        await _jobs.TryUpdateAsync(running, JobStatus.Pending, default);
        return running;
    }

    private async Task<(PipelineOutcome Outcome, StageError? Error, JobRecord Job)> RunAsync(JobRecord job, OutputLimits limits)
    {
        var stages = new IPipelineStage[] { new ValidateStage(_blobs), new ConvertStage(_blobs, limits), new ProfileStage(_blobs),
            new CatalogStage(_blobs, new Etl.Adapters.Local.Catalog.SqliteCatalog(Path.Combine(_catalogDirectory.Path, "jobs.db"))) };
        var executor = new PipelineExecutor(new StageRunner(_jobs, stages, TimeProvider.System), TimeProvider.System);
        var (outcome, error) = await executor.RunAsync(job.JobId, default);
        return (outcome, error, (await _jobs.GetAsync(job.JobId, default))!);
    }

    [Fact]
    public void The_test_file_is_a_real_expansion_bomb()
    {
        Assert.True(NdjsonBytes / Compressible.Value.Length > 1000, $"{Compressible.Value.Length} bytes of Parquet for {NdjsonBytes} of NDJSON");
    }

    [Fact]
    public async Task Past_ETL_MAX_OUTPUT_BYTES_the_job_fails_once_naming_the_limit_the_bytes_and_the_setting_and_publishes_nothing()
    {
        var job = await UploadedAsync(Compressible.Value, "data.parquet", "parquet", OutputFormats.Json);
        var (outcome, error, failed) = await RunAsync(job, OutputLimits.Default with { MaxBytes = 1024 * 1024 });

        Assert.Equal(PipelineOutcome.Failed, outcome);
        Assert.Equal((JobStatus.Failed, StageErrorTypes.OutputLimitExceeded, StageNames.Convert), (failed.Status, failed.ErrorType, failed.Stage));
        Assert.False(error!.IsTransient);
        Assert.Contains("1,048,576 bytes", failed.ErrorMessage);
        Assert.Contains("raise ETL_MAX_OUTPUT_BYTES", failed.ErrorMessage);
        Assert.Matches(@"reached [\d,]+ bytes", failed.ErrorMessage);
        Assert.Equal(1, failed.Stages.Single(s => s.Name == StageNames.Convert).Attempts);
        Assert.Null(await _blobs.GetInfoAsync(StorageKeys.Output(job.JobId, job.FileName, OutputFormats.Json), default));
        Assert.Equal(Compressible.Value.Length, (await _blobs.GetInfoAsync(job.InputS3Key, default))!.Size);
    }

    [Fact]
    public async Task Past_ETL_MAX_OUTPUT_RATIO_times_the_input_the_job_fails_naming_the_ratio_and_the_input_size()
    {
        var job = await UploadedAsync(Compressible.Value, "data.parquet", "parquet", OutputFormats.Ndjson);
        var limits = OutputLimits.Default with { MaxRatio = 100, RatioFloorBytes = 0 };
        var (outcome, _, failed) = await RunAsync(job, limits);

        Assert.Equal(PipelineOutcome.Failed, outcome);
        Assert.Equal(StageErrorTypes.OutputLimitExceeded, failed.ErrorType);
        Assert.Contains($"limit of {Compressible.Value.Length * 100L:N0} bytes (100 × the {Compressible.Value.Length:N0}-byte input)", failed.ErrorMessage);
        Assert.Contains("raise ETL_MAX_OUTPUT_RATIO", failed.ErrorMessage);
        Assert.Null(await _blobs.GetInfoAsync(StorageKeys.Output(job.JobId, job.FileName, OutputFormats.Ndjson), default));
    }

    [Fact]
    public async Task An_output_of_exactly_the_limit_is_published_and_one_byte_less_fails()
    {
        var exact = await UploadedAsync(Compressible.Value, "data.parquet", "parquet", OutputFormats.Ndjson);
        var (done, _, completed) = await RunAsync(exact, OutputLimits.Default with { MaxBytes = NdjsonBytes });
        Assert.Equal(PipelineOutcome.Completed, done);
        Assert.Equal(NdjsonBytes, completed.BytesOut);

        var under = await UploadedAsync(Compressible.Value, "data.parquet", "parquet", OutputFormats.Ndjson);
        var (outcome, _, failed) = await RunAsync(under, OutputLimits.Default with { MaxBytes = NdjsonBytes - 1 });
        Assert.Equal(PipelineOutcome.Failed, outcome);
        Assert.Equal(StageErrorTypes.OutputLimitExceeded, failed.ErrorType);
    }

    [Fact]
    public async Task The_limit_stops_the_conversion_while_it_writes_not_after()
    {
        var job = await UploadedAsync(Compressible.Value, "data.parquet", "parquet", OutputFormats.Ndjson);
        var progress = new RecordedProgress();
        var stage = new ConvertStage(_blobs, OutputLimits.Default with { MaxBytes = 1024 * 1024 });

        await Assert.ThrowsAsync<OutputLimitExceededException>(() => stage.RunAsync(job, progress, default));

        // Progress is reported after each of the 20 row groups; 1 MiB is reached in the third.
        Assert.True(progress.Highest < 0.25, $"the conversion went on to {progress.Highest:P0} of the rows");
    }

    [Fact]
    public async Task JSON_to_Parquet_is_held_to_the_same_limit()
    {
        var ndjson = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"{{\"id\":{i},\"name\":\"row {i * 7919 % 5000}\"}}\n")));
        var job = await UploadedAsync(ndjson, "data.ndjson", "ndjson", OutputFormats.Parquet);
        var (outcome, _, failed) = await RunAsync(job, OutputLimits.Default with { MaxBytes = 4096 });

        Assert.Equal(PipelineOutcome.Failed, outcome);
        Assert.Equal(StageErrorTypes.OutputLimitExceeded, failed.ErrorType);
        Assert.Null(await _blobs.GetInfoAsync(StorageKeys.Output(job.JobId, job.FileName, OutputFormats.Parquet), default));
    }

    [Fact]
    public void The_ratio_binds_only_between_its_floor_and_the_byte_limit()
    {
        var limits = new OutputLimits { MaxBytes = 10_000_000, MaxRatio = 1000, RatioFloorBytes = 1_000_000 };

        Assert.Equal(new OutputLimit(1_000_000, OutputLimits.MaxRatioSetting,
            "the least a ratio limit allows; 1,000 × the 100-byte input is less"), limits.For(100));
        Assert.Equal((5_000_000L, OutputLimits.MaxRatioSetting), (limits.For(5000).Bytes, limits.For(5000).Setting));
        Assert.Equal(new OutputLimit(10_000_000, OutputLimits.MaxBytesSetting), limits.For(50_000));
        Assert.Equal(new OutputLimit(10_000_000, OutputLimits.MaxBytesSetting), limits.For(long.MaxValue / 2));
    }

    [Fact]
    public void An_output_limit_failure_is_never_retried()
    {
        var error = StageError.From(new OutputLimitExceededException(new OutputLimit(10, OutputLimits.MaxBytesSetting), 11), StageNames.Convert);

        Assert.Equal(StageErrorTypes.OutputLimitExceeded, error.ErrorType);
        Assert.False(RetryPolicy.TransientOnly.ShouldRetry(error, 1));
    }

    private sealed class RecordedProgress : IProgress<double>
    {
        public double Highest { get; private set; }

        public void Report(double value) => Highest = Math.Max(Highest, value);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _catalogDirectory.Dispose();
    }
}
