using Etl.Core.Agents;
using Etl.Core.Pipeline;
using Etl.Lambda.Backend;

namespace Etl.Lambda.Agents;

/// <summary>
/// The agents as the roles see them: the agent's name and prices (the API estimates with them) and the agent pipeline's
/// stages (the worker runs them). Null in the agent-free build (<c>-p:EtlAgents=false</c>), which NativeAOT can compile
/// because it leaves out the two dependencies that fail the AOT analysis (the Anthropic SDK and DuckDB.NET); there
/// <c>POST /agent-invoke</c> answers 503 and an agent job fails with NotSupportedYet, so that build serves only the API
/// roles and the s3-event trigger.
/// </summary>
public sealed record LambdaAgents(string Name, ModelPrices Prices, Func<LambdaBackend, string, PipelineStages> Stages)
{
    /// <summary>The agent ETL_AGENT names, or null in the agent-free build.</summary>
    public static LambdaAgents? FromEnvironment() => AgentBuild.Load();
}
