using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Etl.Local.Pipeline;

/// <summary>
/// The local <see cref="IPipelineStarter"/>: a bounded queue drained by a fixed number of workers, each running the
/// declared pipeline for one job at a time. On start it first re-queues every job a crash left RUNNING; those run
/// again from their input, which is safe because every stage overwrites its outputs atomically.
/// </summary>
internal sealed class InProcessPipelineRunner : BackgroundService, IPipelineStarter
{
    private readonly Channel<string> _queue;
    private readonly ConcurrentDictionary<string, byte> _inFlight = new();
    private readonly PipelineExecutor _executor;
    private readonly StageRunner _stages;
    private readonly IJobStore _jobs;
    private readonly TimeProvider _time;
    private readonly ILogger<InProcessPipelineRunner> _logger;
    private readonly int _concurrency;

    public InProcessPipelineRunner(StageRunner stages, IJobStore jobs, TimeProvider time, ILogger<InProcessPipelineRunner> logger,
        int concurrency, int queueCapacity)
    {
        _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(queueCapacity) { FullMode = BoundedChannelFullMode.Wait });
        _stages = stages;
        _jobs = jobs;
        _time = time;
        _logger = logger;
        _concurrency = concurrency;
        _executor = new PipelineExecutor(stages, time)
        {
            OnRetry = (jobId, stage, error, attempt) => logger.Retrying(jobId, stage, attempt, error.ErrorType, error.Message),
        };
    }

    public async Task StartAsync(string jobId, CancellationToken cancellationToken)
    {
        await _queue.Writer.WriteAsync(jobId, cancellationToken);
        _logger.Queued(jobId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await RecoverAsync(stoppingToken);
        var workers = Enumerable.Range(0, _concurrency).Select(_ => WorkAsync(stoppingToken)).ToArray();
        await Task.WhenAll(workers);
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        string? token = null;
        var recovered = new List<string>();
        do
        {
            var page = await _jobs.ListAsync(new JobQuery(500, token, JobStatus.Running), cancellationToken);
            recovered.AddRange(page.Jobs.Select(j => j.JobId));
            token = page.NextToken;
        }
        while (token is not null);

        // Oldest first, so they keep their turn.
        recovered.Reverse();
        foreach (var jobId in recovered)
        {
            var job = await _jobs.GetAsync(jobId, cancellationToken);
            if (job is { Status: JobStatus.Running }
                && await _jobs.TryUpdateAsync(JobLifecycle.Restart(job, _time.GetUtcNow()), JobStatus.Running, cancellationToken))
            {
                _logger.Recovered(jobId);
                await StartAsync(jobId, cancellationToken);
            }
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var jobId in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                // A job id queued twice (recovery racing a trigger) must not run twice at once.
                if (!_inFlight.TryAdd(jobId, 0))
                {
                    continue;
                }

                try
                {
                    await RunAsync(jobId, stoppingToken);
                }
                finally
                {
                    _inFlight.TryRemove(jobId, out _);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping; queued jobs stay RUNNING and are recovered on the next start.
        }
    }

    private async Task RunAsync(string jobId, CancellationToken stoppingToken)
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId });
        var clock = Stopwatch.StartNew();
        _logger.Started(jobId);
        try
        {
            var (outcome, error) = await _executor.RunAsync(jobId, stoppingToken);
            if (outcome == PipelineOutcome.Failed)
            {
                _logger.Failed(jobId, clock.ElapsedMilliseconds, error!.ErrorType, error.Message);
            }
            else
            {
                _logger.Finished(jobId, outcome == PipelineOutcome.Completed ? "COMPLETED" : "SKIPPED", clock.ElapsedMilliseconds);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _logger.Interrupted(jobId);
            throw;
        }
        catch (Exception ex)
        {
            // The store itself failed (disk full, database locked): record what we can, keep the worker alive.
            _logger.Crashed(jobId, ex);
            try
            {
                await _stages.FailAsync(jobId, StageError.From(ex, "pipeline"), stoppingToken);
            }
            catch (Exception inner)
            {
                _logger.CouldNotFail(jobId, inner);
            }
        }
    }
}
