using Etl.Aws.Jobs;
using Etl.Core.Jobs;
using Etl.Core.Tests.Fakes;

namespace Etl.Aws.Tests;

/// <summary>Transient DynamoDB errors are retried by the SDK; a conditional write that loses a race reports false.</summary>
[Collection(AwsCollection.Name)]
public sealed class DynamoDbFaultTests(AwsEmulators aws)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task Transient_errors_are_retried_by_the_sdk()
    {
        var table = aws.NewTable();
        using var client = aws.DynamoDbClient(maxRetries: 3);
        var store = new DynamoDbJobStore(client, table);
        var job = TestJobs.Pending(T0);

        var before = await aws.DynamoDb.RequestCountAsync();
        await aws.DynamoDb.InjectFaultsAsync(2, 500);
        await store.CreateAsync(job, default);
        Assert.Equal(3, await aws.DynamoDb.RequestCountAsync() - before);

        await aws.DynamoDb.InjectFaultsAsync(3, 503);
        Assert.Equal(job, await store.GetAsync(job.JobId, default));
    }

    [Fact]
    public async Task Without_retries_the_same_fault_fails_with_an_error_naming_the_table()
    {
        var table = aws.NewTable();
        using var client = aws.DynamoDbClient(maxRetries: 0);
        var store = new DynamoDbJobStore(client, table);
        await aws.DynamoDb.InjectFaultsAsync(1, 500);
        var error = await Assert.ThrowsAsync<IOException>(() => store.GetAsync(JobIds.New(), default));
        Assert.Contains(table, error.Message);
        Assert.Contains("500", error.Message);
    }

    [Fact]
    public async Task Of_two_processes_racing_to_trigger_a_job_the_loser_gets_false_and_changes_nothing()
    {
        var table = aws.NewTable();
        using var first = aws.DynamoDbClient();
        using var second = aws.DynamoDbClient();
        var a = new DynamoDbJobStore(first, table);
        var b = new DynamoDbJobStore(second, table);
        var job = TestJobs.Pending(T0);
        await a.CreateAsync(job, default);

        // Both read PENDING; both try to move it on.
        var seenByA = (await a.GetAsync(job.JobId, default))!;
        var seenByB = (await b.GetAsync(job.JobId, default))!;
        var triggeredByA = JobLifecycle.Trigger(seenByA, "ndjson", T0.AddSeconds(1));
        Assert.True(await a.TryUpdateAsync(triggeredByA, JobStatus.Pending, default));
        Assert.False(await b.TryUpdateAsync(JobLifecycle.Trigger(seenByB, "parquet", T0.AddSeconds(2)), JobStatus.Pending, default));
        Assert.Equal(triggeredByA, await b.GetAsync(job.JobId, default));

        // A late retry of a finished job cannot move it backwards either.
        var failed = JobLifecycle.Fail(triggeredByA, "InvalidParquet", "bad footer", T0.AddSeconds(3));
        Assert.True(await a.TryUpdateAsync(failed, JobStatus.Running, default));
        Assert.False(await b.TryUpdateAsync(JobLifecycle.EnterStage(triggeredByA, "convert", 0.3, T0.AddSeconds(4)), JobStatus.Running, default));
        Assert.Equal(JobStatus.Failed, (await a.GetAsync(job.JobId, default))!.Status);
    }

    [Fact]
    public async Task Every_field_of_a_dataset_job_reads_back()
    {
        var store = new DynamoDbJobStore(aws.DynamoDbClient(), aws.NewTable());
        var job = TestJobs.Pending(T0, "orders.json", "json") with
        {
            Dataset = "orders", Normalize = false, Options = "{\"paths\":{\"$.items\":{\"split\":true}}}", DatasetVersion = 3, Review = "pending",
            OutputFormat = "parquet", ProcessingTime = 0.1 + 0.2, Progress = 1.0 / 3, RowCount = long.MaxValue, BytesIn = 0, ErrorMessage = "é 🚀",
        };
        await store.CreateAsync(job, default);
        Assert.Equal(job, await store.GetAsync(job.JobId, default));
    }
}
