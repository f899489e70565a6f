using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Etl.Core.Pipeline;

namespace Etl.Infra.StateMachines;

/// <summary>What a pipeline's state machine is built from: the core's declaration and the worker that runs its stages.</summary>
/// <param name="Pipeline">The declaration the local runner executes too (one declaration per pipeline).</param>
/// <param name="Worker">The function in the <c>worker</c> role.</param>
/// <param name="LargeInputs">When set, the stage it names runs as a Glue job for inputs above its threshold.</param>
public sealed record PipelineStateMachineProps(PipelineDeclaration Pipeline, IFunction Worker, GlueRoute? LargeInputs = null)
{
    /// <summary>
    /// How long one Task may run before Step Functions gives up on it (States.Timeout, caught into fail). Set it a little
    /// above the worker's own timeout, so the function's timeout, which the worker reports with its error, comes first.
    /// </summary>
    public Duration TaskTimeout { get; init; } = Duration.Minutes(16);

    /// <summary>The state machine's name; null lets CloudFormation name it.</summary>
    public string? StateMachineName { get; init; }
}

/// <summary>
/// Sends one stage to a Glue job instead of the worker when the execution input's <c>inputSizeBytes</c> is above
/// <paramref name="ThresholdBytes"/> (ETL_GLUE_THRESHOLD_BYTES).
/// </summary>
public sealed record GlueRoute(string Stage, string JobName, long ThresholdBytes, IReadOnlyDictionary<string, string> Arguments)
{
    /// <summary>The job run's timeout (Glue's <c>Timeout</c> of StartJobRun); null: the Glue job's own timeout.</summary>
    public Duration? Timeout { get; init; }
}
