using Etl.Lambda.Client;
using Etl.Lambda.Context;
using Etl.Lambda.Logging;

namespace Etl.Lambda.Bootstrap;

/// <summary>
/// The Runtime API loop: take the next event, run the handler, post its response or its error, repeat. The handler's
/// token fires <c>margin</c> before the deadline; a handler that has not finished by half the margin later is reported
/// as a <see cref="RuntimeErrorTypes.FunctionTimeout"/> error, so the caller gets a named error instead of Lambda's
/// hard stop (and the state machine's Catch can act on it).
/// </summary>
public sealed class RuntimeLoop(IRuntimeApiClient client, IInvocationHandler handler, JsonLog log, TimeSpan margin, TimeProvider time)
{
    public const string TraceVariable = "_X_AMZN_TRACE_ID";

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var invocation = await client.GetNextAsync(stoppingToken);
                await InvokeAsync(invocation, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task InvokeAsync(Invocation invocation, CancellationToken stoppingToken)
    {
        // The X-Ray SDK and the AWS SDKs read the trace header of the current invocation from here.
        Environment.SetEnvironmentVariable(TraceVariable, invocation.TraceId);
        LogScope.Current = new LogScope(invocation.RequestId);
        try
        {
            var context = new LambdaContext(invocation, time);
            var remaining = context.RemainingTime;
            var cancelAfter = Max(remaining - margin, TimeSpan.Zero);
            var giveUpAfter = Max(remaining - margin / 2, cancelAfter);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            deadline.CancelAfter(cancelAfter);

            // Task.Run: a handler that blocks before its first await still leaves the loop free to report its timeout.
            var work = Task.Run(() => handler.HandleAsync(invocation, context, deadline.Token), CancellationToken.None);
            byte[] response;
            try
            {
                response = await work.WaitAsync(giveUpAfter, time, stoppingToken);
            }
            catch (TimeoutException) when (!work.IsCompleted)
            {
                await ReportAsync(invocation, TimedOut(remaining), null, stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                await ReportAsync(invocation, TimedOut(remaining), null, stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                await ReportAsync(invocation, ErrorReport.From(ex), ex, stoppingToken);
                return;
            }

            await client.SendResponseAsync(invocation.RequestId, response, stoppingToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or RuntimeApiException)
        {
            // The Runtime API refused the response (too large, already answered): say so and take the next event.
            log.Error("The Runtime API did not accept the result of this invocation", ex);
        }
        finally
        {
            LogScope.Current = null;
        }
    }

    private async Task ReportAsync(Invocation invocation, ErrorReport error, Exception? exception, CancellationToken stoppingToken)
    {
        log.Write("ERROR", $"invocation failed: {error.ErrorType}: {error.ErrorMessage}", exception, [("errorType", error.ErrorType)]);
        await client.SendErrorAsync(invocation.RequestId, error, stoppingToken);
    }

    private static ErrorReport TimedOut(TimeSpan budget) => new(
        $"The invocation did not finish within its time limit ({Math.Max(0, budget.TotalSeconds):F1} s left when it started). " +
        "Raise the function's timeout, or send less work per invocation (large files go to the Glue job).",
        RuntimeErrorTypes.FunctionTimeout, []);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

}

/// <summary>errorType values the runtime itself reports (handlers add their own, e.g. the worker's stage errors).</summary>
public static class RuntimeErrorTypes
{
    /// <summary>The handler did not finish before the deadline margin; not retried by the declared policies.</summary>
    public const string FunctionTimeout = "FunctionTimeout";

    /// <summary>An environment variable is missing or malformed (init error).</summary>
    public const string InvalidConfiguration = "InvalidConfiguration";

    /// <summary>The payload is not an event this role handles.</summary>
    public const string UnrecognizedEvent = "UnrecognizedEvent";
}
