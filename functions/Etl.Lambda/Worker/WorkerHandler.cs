using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Etl.Core.Pipeline;
using Etl.Lambda.Bootstrap;
using Etl.Lambda.Client;
using Etl.Lambda.Context;
using Etl.Lambda.Logging;

namespace Etl.Lambda.Worker;

/// <summary>
/// The worker role: one Step Functions task = one <see cref="StageRunner"/> call. A stage failure is thrown as a
/// Lambda error whose errorType is the stage error's type (TransientError for the Retry, anything else for the
/// Catch). A job that is no longer RUNNING answers "skipped" and changes nothing.
/// </summary>
public sealed class WorkerHandler(StageRunner runner, JsonLog log, EmbeddedMetrics metrics) : IInvocationHandler
{
    public async Task<byte[]> HandleAsync(Invocation invocation, ILambdaContext context, CancellationToken cancellationToken)
    {
        var payload = WorkerPayload.Parse(invocation.Payload);
        var scope = LogScope.Current;
        if (scope is not null)
        {
            scope.JobId = payload.JobId;
            scope.Stage = payload.Stage;
        }

        bool done;
        if (payload.Stage is { } stage)
        {
            done = await RunStageAsync(payload.JobId, stage, cancellationToken);
        }
        else if (payload.Action == WorkerPayload.Complete)
        {
            done = await runner.CompleteAsync(payload.JobId, cancellationToken);
            log.Info(done ? "job COMPLETED" : "complete skipped: the job is not RUNNING");
        }
        else
        {
            done = await runner.FailAsync(payload.JobId, payload.Error!, cancellationToken);
            log.Info(done ? "job FAILED" : "fail skipped: the job is not RUNNING", ("errorType", payload.Error!.ErrorType));
        }

        return Result(payload, done);
    }

    private async Task<bool> RunStageAsync(string jobId, string stage, CancellationToken cancellationToken)
    {
        if (!PipelineDeclaration.All.Any(p => p.Declares(stage)))
        {
            throw new FunctionErrorException(WorkerErrorTypes.InvalidWorkerPayload,
                $"No pipeline stage is named '{stage}'; the pipelines are {string.Join("; ", PipelineDeclaration.All)}.");
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var ran = await runner.RunAsync(jobId, stage, cancellationToken);
            metrics.StageDuration(stage, ran ? "done" : "skipped", clock.Elapsed.TotalMilliseconds);
            return ran;
        }
        catch (ArgumentException wrongPipeline) when (wrongPipeline.ParamName == "stageName")
        {
            throw new FunctionErrorException(WorkerErrorTypes.InvalidWorkerPayload, wrongPipeline.Message, wrongPipeline);
        }
        catch (StageFailedException failed)
        {
            metrics.StageDuration(stage, "failed", clock.Elapsed.TotalMilliseconds);
            throw new FunctionErrorException(failed.Error.ErrorType, failed.Error.Message, failed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The job store or blob store failed around the stage: classified the same way (I/O is transient).
            metrics.StageDuration(stage, "failed", clock.Elapsed.TotalMilliseconds);
            var error = StageError.From(ex, stage);
            throw new FunctionErrorException(error.ErrorType, error.Message, ex);
        }
    }

    private static byte[] Result(WorkerPayload payload, bool done)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("jobId", payload.JobId);
            if (payload.Stage is not null)
            {
                json.WriteString("stage", payload.Stage);
            }
            else
            {
                json.WriteString("action", payload.Action);
            }

            json.WriteString("outcome", done ? "done" : "skipped");
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
