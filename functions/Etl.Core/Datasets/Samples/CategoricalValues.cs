using System.Text.Json;
using System.Text.Json.Nodes;
using Etl.Parquet.File;

namespace Etl.Core.Datasets.Samples;

/// <summary>
/// The distinct values of a table's low-cardinality text columns, read from the data (not from samples), so a test
/// that lists them (dbt's <c>accepted_values</c>) holds on every row. A column is dropped as soon as it shows more than
/// the allowed number of values.
/// </summary>
public static class CategoricalValues
{
    /// <summary>
    /// Reads at most <paramref name="maxRows"/> rows of <paramref name="parquet"/> and returns, for each of
    /// <paramref name="columns"/> that has at most <paramref name="maxValues"/> distinct non-null text values, those
    /// values in ordinal order. Columns with more values, or with non-text values, are left out.
    /// </summary>
    /// <returns>The values per column, and whether every row was read (when false, a value may be missing).</returns>
    public static (IReadOnlyDictionary<string, IReadOnlyList<string>> Values, bool Complete) Read(Stream parquet, IReadOnlyList<string> columns,
        int maxValues, long maxRows, ParquetReadOptions? read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var seen = new Dictionary<string, SortedSet<string>?>(StringComparer.Ordinal);
        foreach (var column in columns) seen[column] = new SortedSet<string>(StringComparer.Ordinal);
        long rows = 0;
        var live = columns.Count;
        ParquetRowScan.Scan(parquet, maxRows, read, row =>
        {
            rows++;
            foreach (var column in columns)
            {
                if (seen[column] is not { } values || !row.TryGetPropertyValue(column, out var node) || node is null) continue;
                if (node.GetValueKind() != JsonValueKind.String || values.Count > maxValues)
                {
                    seen[column] = null;
                    live--;
                    continue;
                }
                values.Add(node.GetValue<string>());
                if (values.Count > maxValues)
                {
                    seen[column] = null;
                    live--;
                }
            }
            return live > 0;
        }, cancellationToken);

        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (column, values) in seen)
        {
            if (values is { Count: > 0 }) result[column] = [.. values];
        }
        return (result, rows < maxRows);
    }
}
