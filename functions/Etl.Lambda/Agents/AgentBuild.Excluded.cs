namespace Etl.Lambda.Agents;

// Compiled when EtlAgents=false (see the csproj): the build for the API roles, without the agents' dependencies.
internal static class AgentBuild
{
    public static LambdaAgents? Load() => null;
}
