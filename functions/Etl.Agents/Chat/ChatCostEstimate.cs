using Etl.Core.Agents;

namespace Etl.Agents.Chat;

/// <summary>
/// What a chat agent's run should cost, estimated before it starts (the job's <c>costEstimateUsd</c>): input tokens
/// taken as characters / 4 of what each call sends, for the calls a run makes when everything goes wrong once —
/// plan, generate, review, and up to <see cref="RepairRounds"/> repair rounds — with output tokens bounded by the
/// project's expected size and the per-call limit. An upper-leaning estimate, not a quote.
/// </summary>
/// <param name="Calls">Model calls counted.</param>
/// <param name="InputTokens">Input tokens over those calls.</param>
/// <param name="OutputTokens">Output tokens over those calls.</param>
/// <param name="CostUsd">At the prices given.</param>
public sealed record ChatCostEstimate(int Calls, long InputTokens, long OutputTokens, decimal CostUsd)
{
    public const int RepairRounds = 3;

    /// <summary>Output tokens a plan takes per table, and a project's files per table (staging SQL + YAML, a share of marts).</summary>
    private const int PlanTokensPerTable = 250;
    private const int FileTokensPerTable = 900;
    private const int FixedFileTokens = 700; // dbt_project.yml, profiles, README

    public static ChatCostEstimate For(AgentContext context, ModelPrices prices, int maxOutputTokens)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(prices);
        var tables = Math.Max(1, context.Source.Tables.Count);
        var head = Tokens(ChatPrompts.System) + Tokens(ChatPrompts.Plan(context));
        long planOut = Math.Min(maxOutputTokens, 300 + PlanTokensPerTable * tables);
        long filesOut = Math.Min(maxOutputTokens, FixedFileTokens + FileTokensPerTable * tables);

        // plan; generate (sends the plan); review and each repair (send the plan and every file, answer with files).
        var calls = 2 + 1 + RepairRounds;
        var input = head + (head + planOut) + (1 + RepairRounds) * (head + planOut + filesOut);
        var output = planOut + filesOut + (1 + RepairRounds) * filesOut;
        return new ChatCostEstimate(calls, input, output, prices.CostOf(input, output));
    }

    private static long Tokens(string text) => (text.Length + 3) / 4;
}
