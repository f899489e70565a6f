using System.Globalization;
using Etl.Core.Datasets;

namespace Etl.Core.Normalize;

/// <summary>
/// Recommends related tables or one denormalized table: one table is simpler when there are no child tables, or when
/// every array holds at most one element (joining back changes no row count); related tables win as arrays fan out
/// (rows per parent), as tables multiply and as they nest deeper, since a denormalized table repeats every parent
/// value once per child row.
/// </summary>
internal static class LayoutAdvisor
{
    public static LayoutRecommendation Recommend(IReadOnlyList<TablePlan> tables)
    {
        if (tables.Count == 1)
            return new LayoutRecommendation(TableLayout.Denormalized, 0.95, "no arrays of objects or maps: the input is already one table");
        TablePlan? widest = null;
        double widestFanOut = 0;
        long most = 0;
        var depth = 0;
        foreach (var table in tables)
        {
            if (table.Parent is null) continue;
            depth = Math.Max(depth, table.Depth);
            most = Math.Max(most, table.MaxPerParent);
            var parentRows = Math.Max(1, table.Parent.ExpectedRows);
            var fanOut = (double)table.ExpectedRows / parentRows;
            if (widest is null || fanOut > widestFanOut)
            {
                widest = table;
                widestFanOut = fanOut;
            }
        }
        var children = tables.Count - 1;
        var fan = widestFanOut.ToString("0.##", CultureInfo.InvariantCulture);
        if (most <= 1 && tables.Count <= 3 && depth <= 1)
        {
            return new LayoutRecommendation(TableLayout.Denormalized, 0.7,
                $"{children} child table(s), but no array holds more than one element: joining them back repeats nothing");
        }
        var confidence = 0.55 + 0.1 * Math.Min(3, Math.Log2(1 + widestFanOut)) + 0.02 * Math.Min(5, children) + 0.03 * Math.Min(3, depth);
        return new LayoutRecommendation(TableLayout.Normalized, Math.Round(Math.Min(0.97, confidence), 2),
            $"{children} child table(s) nested {depth} level(s) deep; {widest!.Name} has {fan} rows per {widest.Parent!.Name} row on average (up to {most:N0}): one wide table would repeat each parent row that often");
    }
}
