using Etl.Adapters.Local.Jobs;
using Etl.Core.Jobs;
using Microsoft.Data.Sqlite;

namespace Etl.Core.Tests.Ports;

/// <summary>A job database written by the first release (no stages column) opens, reads and takes stage timelines.</summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task A_database_without_the_stages_column_gains_it_on_open_and_keeps_its_rows()
    {
        var path = Path.Combine(_dir.Path, "jobs.db");
        const string jobId = "01a200c0-44d7-7a71-9eef-1de4e62214d6";
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            // The schema of the first release, verbatim.
            create.CommandText = """
                CREATE TABLE jobs (
                    job_id TEXT PRIMARY KEY, type TEXT NOT NULL, file_name TEXT NOT NULL, status TEXT NOT NULL, stage TEXT,
                    progress REAL NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, started_at TEXT,
                    input_key TEXT NOT NULL, output_key TEXT, input_format TEXT NOT NULL, output_format TEXT,
                    error_message TEXT, error_type TEXT, processing_time REAL, row_count INTEGER, bytes_in INTEGER, bytes_out INTEGER
                ) STRICT;
                INSERT INTO jobs VALUES ('01a200c0-44d7-7a71-9eef-1de4e62214d6', 'convert', 'old.parquet', 'COMPLETED', 'profile', 1,
                    '2025-01-02T03:04:05.0000000Z', '2025-01-02T03:04:06.0000000Z', '2025-01-02T03:04:05.5000000Z',
                    'uploads/01a200c0-44d7-7a71-9eef-1de4e62214d6/old.parquet', 'output/01a200c0-44d7-7a71-9eef-1de4e62214d6/old.ndjson',
                    'parquet', 'ndjson', NULL, NULL, 0.5, 8, 1851, 1676);
                """;
            create.ExecuteNonQuery();
        }

        var store = new SqliteJobStore(path);
        var old = await store.GetAsync(jobId, default);
        Assert.NotNull(old);
        Assert.Equal((JobStatus.Completed, 8L, "old.parquet"), (old.Status, old.RowCount!.Value, old.FileName));
        Assert.Empty(old.Stages);

        // Opening again (another process, a restart) is a no-op for the migration.
        var again = new SqliteJobStore(path);
        var job = Fakes.TestJobs.Pending(DateTimeOffset.UtcNow);
        await again.CreateAsync(job, default);
        var running = JobLifecycle.EnterStage(JobLifecycle.Trigger(job, "ndjson", DateTimeOffset.UtcNow), "validate", 0, DateTimeOffset.UtcNow);
        Assert.True(await again.TryUpdateAsync(running, JobStatus.Pending, default));
        Assert.Equal(running.Stages, (await store.GetAsync(job.JobId, default))!.Stages);
    }

    public void Dispose() => _dir.Dispose();
}
