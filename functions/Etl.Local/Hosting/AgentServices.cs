using Etl.Core.Agents;

namespace Etl.Local.Hosting;

/// <summary>The agent a host runs (ETL_AGENT), the validator that proves its projects, and what its tokens cost.</summary>
internal sealed record AgentServices(string Name, IProjectAgent Agent, IProjectValidator Validator, ModelPrices Prices)
{
    public static AgentServices FromEnvironment(Func<string, string?> read) =>
        throw new NotSupportedException("The agents are not wired in yet.");
}
