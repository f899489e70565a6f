using Etl.Agents.Hosting;
using Etl.Agents.Pipeline;

namespace Etl.Lambda.Agents;

// Compiled unless EtlAgents=false (see the csproj).
internal static class AgentBuild
{
    public static LambdaAgents Load()
    {
        var agents = AgentServices.FromEnvironmentAsync(Environment.GetEnvironmentVariable).GetAwaiter().GetResult();
        return new LambdaAgents(agents.Name, agents.Prices, (backend, scratch) =>
            AgentStageSet.Create(backend.Blobs, backend.Catalog, backend.Jobs, agents.Agent, agents.Validator, agents.Prices, scratch));
    }
}
