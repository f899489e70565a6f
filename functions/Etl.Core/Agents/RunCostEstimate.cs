using Etl.Core.Datasets;

namespace Etl.Core.Agents;

/// <summary>
/// What an agent run will cost before it starts, from the size of what the model is shown: the catalog of the
/// source tables is sent with each call (plan, generate, refine, and a repair round expected), and each call may answer
/// up to its output budget. An estimate for people deciding whether to run, not a bill.
/// </summary>
public static class RunCostEstimate
{
    /// <summary>Calls a run usually makes: plan, generate, refine and one repair.</summary>
    public const int ExpectedCalls = 4;

    private const int SystemPromptTokens = 1_500;
    private const int TokensPerTable = 60;
    private const int TokensPerColumn = 20;
    private const int PlanOutputTokens = 1_500;
    private const int FilesOutputTokens = 4_000;

    /// <summary>Input and output tokens the run is expected to use, and their cost at <paramref name="prices"/>.</summary>
    public static (long InputTokens, long OutputTokens, decimal CostUsd) Estimate(IReadOnlyList<TableSchema> tables, ModelPrices prices)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(prices);
        long catalog = 0;
        foreach (var table in tables) catalog += TokensPerTable + TokensPerColumn * table.Columns.Count;
        // Plan sees the catalog; generate sees it and the plan; refine and the repair see it and the files.
        var input = ExpectedCalls * (SystemPromptTokens + catalog) + PlanOutputTokens + 2L * FilesOutputTokens;
        var output = PlanOutputTokens + (ExpectedCalls - 1L) * FilesOutputTokens;
        return (input, output, prices.CostOf(input, output));
    }
}
