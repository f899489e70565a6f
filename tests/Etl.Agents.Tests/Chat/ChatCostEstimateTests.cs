using Etl.Agents.Chat;
using Etl.Core.Agents;

namespace Etl.Agents.Tests.Chat;

public sealed class ChatCostEstimateTests
{
    [Fact]
    public void The_estimate_counts_plan_generate_review_and_three_repairs_at_the_configured_prices()
    {
        var estimate = ChatCostEstimate.For(ShopCatalog.Context, ModelPrices.ClaudeHaiku45, 5000);

        Assert.Equal(6, estimate.Calls);
        var catalog = (ChatPrompts.System.Length + ChatPrompts.Plan(ShopCatalog.Context).Length) / 4;
        Assert.InRange(estimate.InputTokens, 6 * catalog, 6 * catalog + 6 * 5000);
        Assert.Equal(800 + 5 * 2500, estimate.OutputTokens); // 2 tables: plan 300 + 2×250; 5 file calls of 700 + 2×900
        Assert.Equal(ModelPrices.ClaudeHaiku45.CostOf(estimate.InputTokens, estimate.OutputTokens), estimate.CostUsd);
        Assert.InRange(estimate.CostUsd, 0.05m, 0.2m);
    }

    [Fact]
    public void Output_per_call_never_exceeds_the_limit_and_free_prices_cost_nothing()
    {
        var estimate = ChatCostEstimate.For(ShopCatalog.Context, ModelPrices.Free, 1000);

        Assert.Equal(800 + 5 * 1000, estimate.OutputTokens); // the plan fits; each file call is cut to the limit
        Assert.Equal(0m, estimate.CostUsd);
    }
}
