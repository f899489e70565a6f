using Etl.Core.Jobs;

namespace Etl.Core.Pipeline;

/// <summary>
/// Executes one stage for one job and records it on the job: the entry point a Step Functions task (through the
/// Lambda worker) and the local runner both call. Also the two terminal moves, which on AWS are the state machine's
/// success task and its Catch. Every write is conditional on the job still being RUNNING, so a late or duplicate
/// invocation changes nothing.
/// </summary>
public sealed class StageRunner
{
    private static readonly TimeSpan ProgressWriteInterval = TimeSpan.FromMilliseconds(250);

    private readonly IJobStore _jobs;
    private readonly Dictionary<string, IReadOnlyDictionary<string, IPipelineStage>> _pipelines = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>A runner of convert jobs only (a host without the agents).</summary>
    public StageRunner(IJobStore jobs, IEnumerable<IPipelineStage> convertStages, TimeProvider time)
        : this(jobs, [new PipelineStages(PipelineDeclaration.Convert, [.. convertStages])], time)
    {
    }

    /// <summary>A runner of every pipeline given; each must implement every stage its declaration lists.</summary>
    public StageRunner(IJobStore jobs, IEnumerable<PipelineStages> pipelines, TimeProvider time)
    {
        _jobs = jobs;
        _time = time;
        foreach (var pipeline in pipelines)
        {
            var stages = pipeline.Stages.ToDictionary(s => s.Name);
            var undeclared = pipeline.Pipeline.Stages.Select(s => s.Name).Where(n => !stages.ContainsKey(n)).ToList();
            if (undeclared.Count > 0)
            {
                throw new ArgumentException($"No implementation for declared {pipeline.Pipeline.JobType} stage(s): {string.Join(", ", undeclared)}.", nameof(pipelines));
            }

            _pipelines[pipeline.Pipeline.JobType] = stages;
        }
    }

    /// <summary>The pipeline the job runs, or null when there is no such job.</summary>
    public async Task<PipelineDeclaration?> PipelineOfAsync(string jobId, CancellationToken cancellationToken) =>
        await _jobs.GetAsync(jobId, cancellationToken) is { } job ? PipelineDeclaration.For(job.Type) : null;

    /// <summary>
    /// Runs <paramref name="stageName"/> for the job. Returns false when there is nothing to do (the job is gone or no
    /// longer RUNNING); throws <see cref="StageFailedException"/> with a classified error when the stage fails.
    /// </summary>
    public async Task<bool> RunAsync(string jobId, string stageName, CancellationToken cancellationToken)
    {
        var job = await _jobs.GetAsync(jobId, cancellationToken);
        if (job is not { Status: JobStatus.Running })
        {
            return false;
        }

        var pipeline = PipelineDeclaration.For(job.Type);
        if (!pipeline.Declares(stageName))
        {
            throw new ArgumentException($"The {job.Type} pipeline has no stage named '{stageName}'; it is {pipeline}.", nameof(stageName));
        }

        if (!_pipelines.TryGetValue(job.Type, out var stages))
        {
            throw new StageFailedException(new StageError(StageErrorTypes.NotSupportedYet,
                $"This server does not run {job.Type} jobs (no {job.Type} stages are configured where it runs). Run the job where they are, or configure them (see the README)."));
        }

        var stage = stages[stageName];
        job = JobLifecycle.EnterStage(job, stageName, pipeline.OverallProgress(stageName, 0), _time.GetUtcNow());
        if (!await _jobs.TryUpdateAsync(job, JobStatus.Running, cancellationToken))
        {
            return false;
        }

        var progress = new ProgressRecorder(this, job, pipeline, stageName, cancellationToken);
        StageOutput output;
        try
        {
            output = await stage.RunAsync(job, progress, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new StageFailedException(StageError.From(ex, stageName));
        }

        job = JobLifecycle.FinishStage(progress.Current, stageName, pipeline.OverallProgress(stageName, 1), _time.GetUtcNow()) with
        {
            RowCount = output.RowCount ?? progress.Current.RowCount,
            BytesIn = output.BytesIn ?? progress.Current.BytesIn,
            BytesOut = output.BytesOut ?? progress.Current.BytesOut,
            OutputS3Key = output.OutputKey ?? progress.Current.OutputS3Key,
            DatasetVersion = output.DatasetVersion ?? progress.Current.DatasetVersion,
            Review = output.Review ?? progress.Current.Review,
            Tokens = output.Tokens ?? progress.Current.Tokens,
            CostUsd = output.CostUsd ?? progress.Current.CostUsd,
        };
        return await _jobs.TryUpdateAsync(job, JobStatus.Running, cancellationToken);
    }

    /// <summary>Marks the job COMPLETED; false if it was not RUNNING.</summary>
    public async Task<bool> CompleteAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await _jobs.GetAsync(jobId, cancellationToken);
        return job is { Status: JobStatus.Running }
            && await _jobs.TryUpdateAsync(JobLifecycle.Complete(job, _time.GetUtcNow()), JobStatus.Running, cancellationToken);
    }

    /// <summary>Marks the job FAILED with <paramref name="error"/>; false if it was not RUNNING. The input is never touched.</summary>
    public async Task<bool> FailAsync(string jobId, StageError error, CancellationToken cancellationToken)
    {
        var job = await _jobs.GetAsync(jobId, cancellationToken);
        return job is { Status: JobStatus.Running }
            && await _jobs.TryUpdateAsync(JobLifecycle.Fail(job, error.ErrorType, error.Message, _time.GetUtcNow()), JobStatus.Running, cancellationToken);
    }

    /// <summary>
    /// Writes a stage's progress to the job at most every 250 ms. Writes happen on the reporting thread, so they are
    /// finished, in order, before the stage returns and the runner writes the stage's result.
    /// </summary>
    private sealed class ProgressRecorder(StageRunner runner, JobRecord job, PipelineDeclaration pipeline, string stageName, CancellationToken cancellationToken)
        : IProgress<double>
    {
        private DateTimeOffset _lastWrite = runner._time.GetUtcNow();

        public JobRecord Current { get; private set; } = job;

        public void Report(double value)
        {
            var now = runner._time.GetUtcNow();
            if (now - _lastWrite < ProgressWriteInterval || cancellationToken.IsCancellationRequested)
            {
                return;
            }

            _lastWrite = now;
            var next = Current with { Progress = pipeline.OverallProgress(stageName, value), UpdatedAt = now };
            if (runner._jobs.TryUpdateAsync(next, JobStatus.Running, cancellationToken).GetAwaiter().GetResult())
            {
                Current = next;
            }
        }
    }
}
