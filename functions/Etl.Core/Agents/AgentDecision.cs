namespace Etl.Core.Agents;

/// <summary>
/// One decision an agent made (a planned model, a column mapping, a repair, a merge choice), recorded so a person can
/// check it: what was done, how sure the agent was (0–1) and why.
/// </summary>
/// <param name="Action">What was decided, in a few words (<c>add staging model stg_shop__orders</c>).</param>
/// <param name="Confidence">0–1.</param>
/// <param name="Reasoning">Why, naming the evidence (a key found in the data, a word of the prompt, an error).</param>
public sealed record AgentDecision(string Action, double Confidence, string Reasoning);
