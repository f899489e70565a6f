namespace Etl.Lambda.Worker;

/// <summary>
/// errorType values the worker reports besides the stage errors (which are <see cref="Etl.Core.Pipeline.StageError.ErrorType"/>
/// verbatim: TransientError is the only retried one, the input errors and limits are not).
/// </summary>
public static class WorkerErrorTypes
{
    /// <summary>The payload is not {jobId, stage} or {jobId, action}; a bug in the state machine definition, never retried.</summary>
    public const string InvalidWorkerPayload = "InvalidWorkerPayload";
}
