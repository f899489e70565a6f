using System.Text.Json.Nodes;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Pipeline.Stages;
using Etl.Core.Storage;
using Etl.Core.Validation;
using Etl.Lambda.Backend;
using Etl.Lambda.Logging;
using Etl.Lambda.Roles;
using Etl.Lambda.Worker;

namespace Etl.Lambda.Tests;

/// <summary>The worker's error names against the declared retry policy: transient problems are retried, nothing else is.</summary>
public sealed class TransientErrorTests
{
    [Fact]
    public async Task A_stage_that_hits_an_IO_problem_fails_with_the_error_the_declared_Retry_matches_and_the_job_stays_RUNNING()
    {
        using var data = new TempDirectory();
        var environment = LambdaFunction.Environment(HandlerRoles.Worker, data.Path, "127.0.0.1:9");
        var settings = LambdaSettings.FromEnvironment(name => environment.GetValueOrDefault(name));
        var log = new JsonLog(new LogLines(), TimeProvider.System);
        var backend = LambdaBackend.Local(settings, log);
        var stages = StageSet.Create(backend.Blobs, backend.Catalog, new StageSettings(settings.OutputLimits, settings.MaxDecodeBytes, data.Path)).Select(s => s.Name == StageNames.Validate ? new UnreachableDisk() : s);
        var runner = new StageRunner(backend.Jobs, stages, TimeProvider.System);
        var jobId = await RunningJobAsync(backend.Jobs);
        await using var loop = await LoopUnderTest.StartAsync(new WorkerHandler(runner, log, new EmbeddedMetrics(log, "AgenticEtl")));

        var outcome = await loop.Api.InvokeAsync(new JsonObject { ["jobId"] = jobId, ["stage"] = StageNames.Validate }.ToJsonString());

        Assert.True(outcome.IsError);
        Assert.Equal(StageErrorTypes.Transient, outcome.ErrorType);
        Assert.Contains(outcome.ErrorType, PipelineDeclaration.Convert.Stages[PipelineDeclaration.Convert.IndexOf(StageNames.Validate)].Retry.RetryOn);
        Assert.Equal(JobStatus.Running, (await backend.Jobs.GetAsync(jobId, CancellationToken.None))!.Status);
    }

    private static async Task<string> RunningJobAsync(IJobStore jobs)
    {
        var now = DateTimeOffset.UtcNow;
        var jobId = JobIds.New();
        var job = new JobRecord
        {
            JobId = jobId,
            FileName = "rows.json",
            CreatedAt = now,
            UpdatedAt = now,
            InputS3Key = StorageKeys.Upload(jobId, "rows.json"),
            InputFormat = FileKind.Json.ToWire(),
        };
        await jobs.CreateAsync(job, CancellationToken.None);
        Assert.True(await jobs.TryUpdateAsync(JobLifecycle.Trigger(job, OutputFormats.Parquet, now), JobStatus.Pending, CancellationToken.None));
        return jobId;
    }

    private sealed class UnreachableDisk : IPipelineStage
    {
        public string Name => StageNames.Validate;

        public Task<StageOutput> RunAsync(JobRecord job, IProgress<double> progress, CancellationToken cancellationToken) =>
            throw new IOException("The storage did not answer.");
    }
}
