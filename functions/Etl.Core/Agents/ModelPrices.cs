namespace Etl.Core.Agents;

/// <summary>
/// What a model's tokens cost, in USD per million (configuration: <c>ETL_AGENT_INPUT_USD_PER_MTOK</c>,
/// <c>ETL_AGENT_OUTPUT_USD_PER_MTOK</c>). The defaults are Claude Haiku 4.5's published on-demand prices.
/// </summary>
public sealed record ModelPrices(decimal InputUsdPerMillion, decimal OutputUsdPerMillion)
{
    /// <summary>Claude Haiku 4.5: $1 per million input tokens, $5 per million output tokens.</summary>
    public static ModelPrices ClaudeHaiku45 { get; } = new(1.00m, 5.00m);

    /// <summary>The offline agent spends nothing.</summary>
    public static ModelPrices Free { get; } = new(0m, 0m);

    public decimal CostOf(long inputTokens, long outputTokens) =>
        Math.Round((inputTokens * InputUsdPerMillion + outputTokens * OutputUsdPerMillion) / 1_000_000m, 6);
}
