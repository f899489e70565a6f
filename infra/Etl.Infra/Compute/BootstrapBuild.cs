using Etl.Lambda.Roles;

namespace Etl.Infra.Compute;

/// <summary>
/// The two builds of <c>bootstrap</c> (scripts/publish-bootstrap.sh declares how each is published): <see cref="Api"/>,
/// NativeAOT without the agents, starts in a fraction of ReadyToRun's time and serves the roles behind API Gateway and
/// the s3-event trigger; <see cref="Full"/>, ReadyToRun with the agents (whose dependencies are not AOT-safe), serves
/// the worker and the agent role.
/// </summary>
public sealed record BootstrapBuild(string Mode)
{
    public static BootstrapBuild Api { get; } = new("api");

    public static BootstrapBuild Full { get; } = new("full");

    /// <summary>The build a role's function deploys.</summary>
    public static BootstrapBuild For(string role) => role is HandlerRoles.Worker or HandlerRoles.Agent ? Full : Api;
}
