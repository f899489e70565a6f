using Etl.Agents.Bedrock;
using Etl.Agents.Offline;
using Etl.Agents.Validation;
using Etl.Core.Agents;

namespace Etl.Agents.Hosting;

/// <summary>
/// What a host runs the agent pipeline with, chosen by <c>ETL_AGENT</c> in one place for every host (etl serve,
/// etl dbt, the Lambda worker): the agent (<c>offline</c>, the default, or <c>bedrock</c>), the validator that proves
/// its projects on the data, and what the agent's tokens cost.
/// </summary>
/// <param name="Name">The agent's name, as jobs record it.</param>
public sealed record AgentServices(string Name, IProjectAgent Agent, IProjectValidator Validator, ModelPrices Prices)
{
    public const string Setting = "ETL_AGENT";

    /// <summary>The agent <c>ETL_AGENT</c> names; a bad value or bad Bedrock settings throw <see cref="ArgumentException"/> naming what to set.</summary>
    public static async Task<AgentServices> FromEnvironmentAsync(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var configured = read(Setting);
        var name = string.IsNullOrWhiteSpace(configured) ? OfflineProjectAgent.AgentName : configured.Trim().ToLowerInvariant();
        switch (name)
        {
            case OfflineProjectAgent.AgentName:
                return new AgentServices(name, new OfflineProjectAgent(), new DbtProjectValidator(), ModelPrices.Free);
            case BedrockChatClientFactory.AgentName:
                var settings = BedrockSettings.FromEnvironment(read);
                return new AgentServices(name, await BedrockChatClientFactory.CreateAgentAsync(settings).ConfigureAwait(false), new DbtProjectValidator(), settings.Prices);
            default:
                throw new ArgumentException($"{Setting}={configured} is not an agent; use offline (rule-based, no network; the default) or bedrock (Claude on Amazon Bedrock).");
        }
    }
}
