using Etl.Core.Agents;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Samples;
using Etl.Core.Profile;

namespace Etl.Agents.Pipeline;

/// <summary>
/// Builds the <see cref="AgentSource"/> an agent works over from a dataset version's tables: each table's schema with
/// its profile (taken as given, or profiled now) and the values of its low-cardinality text columns, read from the data.
/// </summary>
public static class SourceTables
{
    /// <summary>Rows read per table when looking for categorical values; past it, a column's values may be incomplete.</summary>
    public const long CategoricalScanRows = 1_000_000;

    /// <param name="name">The dbt source name.</param>
    /// <param name="document">The version's tables.json.</param>
    /// <param name="openTable">Opens a table's Parquet file (a seekable stream).</param>
    /// <param name="locate">The key and the outside address of a table's file.</param>
    /// <param name="profiles">Profiles already made (profile.json), by table name; missing ones are made here.</param>
    public static async Task<IReadOnlyList<SourceTable>> DescribeAsync(TablesDocument document,
        Func<TableSchema, CancellationToken, Task<Stream>> openTable, Func<TableSchema, (string Key, string Location)> locate,
        IReadOnlyDictionary<string, DatasetProfile>? profiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var tables = new List<SourceTable>(document.Tables.Count);
        foreach (var schema in document.Tables)
        {
            DatasetProfile? profile = null;
            profiles?.TryGetValue(schema.Name, out profile);
            var candidates = new List<string>();
            await using (var parquet = await openTable(schema, cancellationToken))
            {
                profile ??= ParquetProfiler.Profile(parquet, 20, cancellationToken);
                foreach (var column in profile.Columns)
                {
                    if (column.Type.StartsWith("STRING", StringComparison.Ordinal)
                        && column.DistinctEstimate is { } distinct && distinct <= SourceTable.MaxCategoricalValues
                        && schema.Column(column.Name) is { } known && !known.Name.StartsWith("_etl_", StringComparison.Ordinal))
                    {
                        candidates.Add(column.Name);
                    }
                }

                IReadOnlyDictionary<string, IReadOnlyList<string>> values = new Dictionary<string, IReadOnlyList<string>>();
                if (candidates.Count > 0)
                {
                    parquet.Position = 0;
                    values = CategoricalValues.Read(parquet, candidates, SourceTable.MaxCategoricalValues, CategoricalScanRows, null, cancellationToken).Values;
                }

                var (key, location) = locate(schema);
                tables.Add(new SourceTable(schema, profile, key, location) { CategoricalValues = values });
            }
        }
        return tables;
    }
}
