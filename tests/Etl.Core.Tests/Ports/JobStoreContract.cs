using Etl.Core.Jobs;
using Etl.Core.Tests.Fakes;

namespace Etl.Core.Tests.Ports;

/// <summary>
/// What every IJobStore must do. Each adapter (SQLite here, DynamoDB later) derives a class that only says how to
/// make a fresh, empty store.
/// </summary>
public abstract class JobStoreContract
{
    protected abstract IJobStore CreateStore();

    private static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task Created_job_reads_back_with_every_field()
    {
        var store = CreateStore();
        var job = TestJobs.Pending(T0) with
        {
            Status = JobStatus.Failed, Stage = "convert", Progress = 0.5, StartedAt = T0.AddSeconds(1), OutputS3Key = "output/x/y.ndjson",
            OutputFormat = "ndjson", ErrorMessage = "broke at byte 7", ErrorType = "InvalidParquet", ProcessingTime = 1.25,
            RowCount = 8, BytesIn = 1851, BytesOut = 2000, Type = JobTypes.Convert, UpdatedAt = T0.AddSeconds(2),
        };
        await store.CreateAsync(job, default);
        Assert.Equal(job, await store.GetAsync(job.JobId, default));
    }

    [Fact]
    public async Task The_stage_timeline_reads_back_exactly_and_updates_with_the_job()
    {
        var store = CreateStore();
        var job = TestJobs.Pending(T0);
        await store.CreateAsync(job, default);
        Assert.Empty((await store.GetAsync(job.JobId, default))!.Stages);

        var running = JobLifecycle.EnterStage(JobLifecycle.Trigger(job, "ndjson", T0.AddSeconds(1)), "validate", 0, T0.AddSeconds(1.0000001));
        running = JobLifecycle.EnterStage(JobLifecycle.FinishStage(running, "validate", 0.33, T0.AddSeconds(1.5)), "convert", 0.33, T0.AddSeconds(1.5));
        running = JobLifecycle.EnterStage(running, "convert", 0.33, T0.AddSeconds(3)); // a retry
        Assert.True(await store.TryUpdateAsync(running, JobStatus.Pending, default));
        var stored = (await store.GetAsync(job.JobId, default))!;
        Assert.Equal(running, stored);
        Assert.Equal((2, (DateTimeOffset?)null), (stored.Stages[1].Attempts, stored.Stages[1].CompletedAt));

        var failed = JobLifecycle.Fail(stored, "InvalidParquet", "bad page", T0.AddSeconds(4));
        Assert.True(await store.TryUpdateAsync(failed, JobStatus.Running, default));
        var page = await store.ListAsync(new JobQuery(5), default);
        Assert.Equal(failed.Stages, Assert.Single(page.Jobs).Stages);
        Assert.Equal(StageRunStatus.Failed, page.Jobs[0].Stages[1].Status);
    }

    [Fact]
    public async Task Unknown_job_is_null()
    {
        Assert.Null(await CreateStore().GetAsync(JobIds.New(), default));
    }

    [Fact]
    public async Task Creating_the_same_id_twice_fails()
    {
        var store = CreateStore();
        var job = TestJobs.Pending(T0);
        await store.CreateAsync(job, default);
        await Assert.ThrowsAsync<DuplicateJobException>(() => store.CreateAsync(job, default));
    }

    [Fact]
    public async Task Update_lands_only_when_the_stored_status_is_the_expected_one()
    {
        var store = CreateStore();
        var job = TestJobs.Pending(T0);
        await store.CreateAsync(job, default);
        var running = JobLifecycle.Trigger(job, "ndjson", T0.AddSeconds(1));

        Assert.True(await store.TryUpdateAsync(running, JobStatus.Pending, default));
        Assert.False(await store.TryUpdateAsync(running with { Progress = 0.9 }, JobStatus.Pending, default));
        Assert.Equal(running, await store.GetAsync(job.JobId, default));
    }

    [Fact]
    public async Task Update_of_a_missing_job_is_false()
    {
        Assert.False(await CreateStore().TryUpdateAsync(TestJobs.Pending(T0), JobStatus.Pending, default));
    }

    [Fact]
    public async Task Concurrent_triggers_let_exactly_one_win()
    {
        var store = CreateStore();
        var job = TestJobs.Pending(T0);
        await store.CreateAsync(job, default);
        var attempts = Enumerable.Range(0, 16)
            .Select(i => Task.Run(() => store.TryUpdateAsync(JobLifecycle.Trigger(job, "ndjson", T0.AddSeconds(i)), JobStatus.Pending, default)));
        var results = await Task.WhenAll(attempts);
        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task Listing_is_newest_first_and_pages_without_gaps_or_repeats()
    {
        var store = CreateStore();
        var created = new List<JobRecord>();
        for (var i = 0; i < 7; i++)
        {
            // Two jobs share each timestamp, so the jobId tie-break is exercised.
            var job = TestJobs.Pending(T0.AddMinutes(i / 2));
            created.Add(job);
            await store.CreateAsync(job, default);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(new JobQuery(3, token), default);
            Assert.True(page.Jobs.Count <= 3);
            seen.AddRange(page.Jobs.Select(j => j.JobId));
            token = page.NextToken;
            pages++;
        }
        while (token is not null);

        var expected = created.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.JobId, StringComparer.Ordinal).Select(j => j.JobId);
        Assert.Equal(expected, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Listing_filters_by_status()
    {
        var store = CreateStore();
        var pending = TestJobs.Pending(T0);
        var other = TestJobs.Pending(T0.AddSeconds(1));
        await store.CreateAsync(pending, default);
        await store.CreateAsync(other, default);
        await store.TryUpdateAsync(JobLifecycle.Trigger(other, "json", T0.AddSeconds(2)), JobStatus.Pending, default);

        var running = await store.ListAsync(new JobQuery(10, null, JobStatus.Running), default);
        Assert.Equal([other.JobId], running.Jobs.Select(j => j.JobId));
        Assert.Null(running.NextToken);
    }

    [Fact]
    public async Task An_agent_job_and_a_diagnosed_failure_read_back_with_every_field()
    {
        var store = CreateStore();
        var agent = TestJobs.Pending(T0) with
        {
            Type = JobTypes.Agent, Status = JobStatus.Running, Dataset = "shop", DatasetVersion = 3, Prompt = "staging models, a daily mart",
            RunId = "run_20250102_030405_x", Agent = "bedrock", Tokens = 12_345, CostUsd = 0.041235m, CostEstimateUsd = 0.0875m,
        };
        var failed = TestJobs.Pending(T0.AddSeconds(1)) with
        {
            Status = JobStatus.Failed, ErrorType = "InvalidJson", ErrorMessage = "invalid JSON at line 2, column 9", ErrorCategory = "input",
            SuggestedAction = "fix-input", Resolution = "Fix the JSON at line 2, column 9 and upload the file again.",
        };
        await store.CreateAsync(agent, default);
        await store.CreateAsync(failed, default);
        Assert.Equal(agent, await store.GetAsync(agent.JobId, default));
        Assert.Equal(failed, await store.GetAsync(failed.JobId, default));
    }

    [Fact]
    public async Task Listing_filters_by_type_and_dataset_across_pages()
    {
        var store = CreateStore();
        var expected = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var job = TestJobs.Pending(T0.AddSeconds(i)) with
            {
                Type = i % 3 == 0 ? JobTypes.Convert : JobTypes.Agent,
                Dataset = i % 2 == 0 ? "shop" : "other",
            };
            await store.CreateAsync(job, default);
            if (job.Type == JobTypes.Agent && job.Dataset == "shop") expected.Insert(0, job.JobId);
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await store.ListAsync(new JobQuery(2, token, null, JobTypes.Agent, "shop"), default);
            Assert.InRange(page.Jobs.Count, 1, 2);
            seen.AddRange(page.Jobs.Select(j => j.JobId));
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal(expected, seen);
        Assert.Equal(3, (await store.ListAsync(new JobQuery(10, null, null, JobTypes.Convert), default)).Jobs.Count);
        Assert.Empty((await store.ListAsync(new JobQuery(10, null, JobStatus.Running, JobTypes.Agent, "shop"), default)).Jobs);
    }

    [Fact]
    public async Task A_token_not_made_by_the_store_is_rejected()
    {
        await Assert.ThrowsAsync<InvalidPageTokenException>(() => CreateStore().ListAsync(new JobQuery(5, "not-a-token"), default));
    }
}
