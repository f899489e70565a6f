using Etl.Api.Contracts;
using Etl.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Etl.Api.Agents;

/// <summary>POST /agent-invoke: reserved by the design; answers 501 until the agents exist.</summary>
public static class AgentEndpoints
{
    public static RouteGroupBuilder MapAgentEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(string.Empty).WithTags("agents");
        group.MapPost("/agent-invoke", Handle)
            .WithName("AgentInvoke")
            .WithSummary("Ask the agents for a table design or a dbt project (not available yet: 501).")
            .Accepts<AgentInvokeRequest>("application/json");
        return group;
    }

    internal static ProblemHttpResult Handle() => Problems.NotImplemented(
        "The agents (table design and dbt project generation) are not available in this version yet. Convert and profile files with POST /upload and POST /trigger-job meanwhile.");
}
