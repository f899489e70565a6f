using Microsoft.Extensions.Logging;

namespace Etl.Local.Pipeline;

/// <summary>The runner's log lines; each names its job as jobId=… so one grep follows a job.</summary>
internal static partial class RunnerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "jobId={JobId} queued")]
    public static partial void Queued(this ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "jobId={JobId} pipeline started")]
    public static partial void Started(this ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "jobId={JobId} pipeline {Outcome} in {ElapsedMs} ms")]
    public static partial void Finished(this ILogger logger, string jobId, string outcome, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "jobId={JobId} pipeline FAILED in {ElapsedMs} ms: {ErrorType}: {ErrorMessage}")]
    public static partial void Failed(this ILogger logger, string jobId, long elapsedMs, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "jobId={JobId} stage={Stage} attempt={Attempt} failed with {ErrorType}, retrying: {ErrorMessage}")]
    public static partial void Retrying(this ILogger logger, string jobId, string stage, int attempt, string errorType, string errorMessage);

    [LoggerMessage(Level = LogLevel.Warning, Message = "jobId={JobId} was RUNNING when the host stopped; running it again from its input")]
    public static partial void Recovered(this ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "jobId={JobId} interrupted by shutdown; it stays RUNNING and resumes on the next start")]
    public static partial void Interrupted(this ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "jobId={JobId} pipeline crashed")]
    public static partial void Crashed(this ILogger logger, string jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "jobId={JobId} could not be marked FAILED; it resumes on the next start")]
    public static partial void CouldNotFail(this ILogger logger, string jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agentic ETL listening on {Urls}, data in {DataDirectory}, {Concurrency} worker(s)")]
    public static partial void HostReady(this ILogger logger, string urls, string dataDirectory, int concurrency);

    [LoggerMessage(Level = LogLevel.Information, Message = "Web page: {Source}")]
    public static partial void WebPageServed(this ILogger logger, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    public static partial void WebPageProblem(this ILogger logger, string problem);
}
