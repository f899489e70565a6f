using System.Text;
using Etl.Core.Datasets;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Pipeline.Stages;
using Etl.Core.Storage;
using Etl.Core.Tests.Fakes;
using Etl.Parquet.File;

namespace Etl.Core.Tests.Normalize;

/// <summary>The convert stage normalizes a JSON job into tables when asked (or by the default rule), through the real pipeline.</summary>
public sealed class ConvertStageNormalizationTests : IDisposable
{
    private readonly TempDirectory _catalogDirectory = new();

    public void Dispose() => _catalogDirectory.Dispose();

    private const string Orders = """
        {"id": 1, "customer": {"name": "Ann"}, "items": [{"sku": "a", "qty": 1}, {"sku": "b", "qty": 2}]}
        {"id": 2, "customer": {"name": "Bob"}, "items": [{"sku": "c", "qty": 3}]}
        {"id": 3, "customer": {"name": "Cy"}, "items": []}
        """;

    private readonly InMemoryJobStore _jobs = new();
    private readonly InMemoryBlobStore _blobs = new();

    private async Task<JobRecord> RunAsync(string json, string? dataset, bool? normalize, string? options = null)
    {
        var job = TestJobs.Pending(fileName: "orders.ndjson", inputFormat: "json");
        await _blobs.WriteAsync(job.InputS3Key, Encoding.UTF8.GetBytes(json), default);
        await _jobs.CreateAsync(job, default);
        var running = JobLifecycle.Trigger(job, OutputFormats.Parquet, DateTimeOffset.UtcNow) with { Dataset = dataset, Normalize = normalize, Options = options };
        await _jobs.TryUpdateAsync(running, JobStatus.Pending, default);
        var catalog = new Etl.Adapters.Local.Catalog.SqliteCatalog(Path.Combine(_catalogDirectory.Path, "jobs.db"));
        var stages = new IPipelineStage[] { new ValidateStage(_blobs), new ConvertStage(_blobs), new ProfileStage(_blobs), new CatalogStage(_blobs, catalog) };
        var executor = new PipelineExecutor(new StageRunner(_jobs, stages, TimeProvider.System), TimeProvider.System);
        await executor.RunAsync(job.JobId, default);
        return (await _jobs.GetAsync(job.JobId, default))!;
    }

    // Not normalized: the catalog describes the one flat Parquet file as the dataset's only table, and no table folder exists.
    private async Task AssertOneFlatTableAsync(JobRecord job)
    {
        var tables = TablesDocument.Parse(Encoding.UTF8.GetString(await ReadAsync(StorageKeys.Tables(job.JobId))));
        var table = Assert.Single(tables.Tables);
        Assert.Equal(StorageKeys.Output(job.JobId, job.FileName, OutputFormats.Parquet), table.File);
        Assert.Null(await _blobs.GetInfoAsync(StorageKeys.Table(job.JobId, table.Name), default));
    }

    private async Task<byte[]> ReadAsync(string key)
    {
        await using var stream = await _blobs.OpenReadAsync(key, default);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task A_dataset_with_arrays_of_objects_becomes_tables_under_output_jobId_tables_and_tables_json()
    {
        var job = await RunAsync(Orders, "orders", normalize: null);

        Assert.True(job.Status == JobStatus.Completed, $"{job.Status}: {job.ErrorType}: {job.ErrorMessage}");
        var document = TablesDocument.Parse(Encoding.UTF8.GetString(await ReadAsync(StorageKeys.Tables(job.JobId))));
        Assert.Equal(["orders", "orders__items"], document.Tables.Select(t => t.Name));
        Assert.Equal(StorageKeys.Table(job.JobId, "orders"), job.OutputS3Key);
        Assert.Equal(3, job.RowCount);
        long bytes = 0;
        foreach (var table in document.Tables)
        {
            Assert.Equal(StorageKeys.Table(job.JobId, table.Name), table.File);
            var parquet = await ReadAsync(table.File!);
            bytes += parquet.Length;
            using var reader = new ParquetFileReader(new MemoryStream(parquet));
            Assert.Equal(table.RowCount, reader.Metadata.NumRows);
        }
        Assert.Equal(3, document.Table("orders__items")!.RowCount);
        Assert.Equal(bytes, job.BytesOut);

        using var profile = System.Text.Json.JsonDocument.Parse(await ReadAsync(StorageKeys.Profile(job.JobId)));
        Assert.Equal(3, profile.RootElement.GetProperty("rowCount").GetInt64());
        var profiled = profile.RootElement.GetProperty("tables").EnumerateArray().ToArray();
        Assert.Equal(["orders", "orders__items"], profiled.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(3, profiled[1].GetProperty("profile").GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task A_dataset_without_arrays_of_objects_stays_one_flat_file_by_default()
    {
        var job = await RunAsync("{\"id\": 1, \"tags\": [\"x\"]}\n{\"id\": 2, \"tags\": []}\n", "flat", normalize: null);

        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(StorageKeys.Output(job.JobId, job.FileName, OutputFormats.Parquet), job.OutputS3Key);
        await AssertOneFlatTableAsync(job);
    }

    [Fact]
    public async Task Normalize_false_keeps_the_flat_conversion_even_for_a_dataset_with_arrays_of_objects()
    {
        var job = await RunAsync(Orders, "orders", normalize: false);

        Assert.Equal(JobStatus.Completed, job.Status);
        await AssertOneFlatTableAsync(job);
    }

    [Fact]
    public async Task Bad_options_fail_the_job_with_InvalidOptions_naming_the_option_and_publish_nothing()
    {
        var job = await RunAsync(Orders, "orders", normalize: true, options: "{\"maxTableNesting\": -1}");

        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(StageErrorTypes.InvalidOptions, job.ErrorType);
        Assert.Contains("maxTableNesting must be a whole number from 0 to 32", job.ErrorMessage);
        Assert.Null(await _blobs.GetInfoAsync(StorageKeys.Tables(job.JobId), default));
        Assert.Null(await _blobs.GetInfoAsync(StorageKeys.Table(job.JobId, "orders"), default));
    }
}
