using Etl.Core.Datasets;
using Etl.Core.Profile;

namespace Etl.Core.Agents;

/// <summary>
/// The data an agent writes a project over, resolved from the catalog before planning: the dbt source's name, its
/// tables (schema, keys, profile) and where each table's Parquet file is. Agents may reference only what is here.
/// </summary>
/// <param name="Name">The dbt source name (the dataset name, <c>[a-z0-9_]</c>).</param>
/// <param name="Tables">The tables, root first, with their profiles.</param>
/// <param name="TargetDatabase">Where the models are built.</param>
/// <param name="Dataset">The catalog dataset, when the source is one.</param>
/// <param name="DatasetVersion">Its version.</param>
/// <param name="JobId">The convert job that produced the tables (lineage).</param>
public sealed record AgentSource(
    string Name,
    IReadOnlyList<SourceTable> Tables,
    string TargetDatabase,
    string? Dataset,
    int? DatasetVersion,
    string JobId)
{
    /// <summary>The table named <paramref name="name"/>, or null.</summary>
    public SourceTable? Table(string name)
    {
        foreach (var table in Tables)
        {
            if (table.Schema.Name == name) return table;
        }
        return null;
    }
}

/// <summary>One table of an <see cref="AgentSource"/>.</summary>
/// <param name="Schema">Columns, keys (primary, natural, foreign) and row count, as tables.json has them.</param>
/// <param name="Profile">Nulls, min/max, distinct estimates and sample rows; null when the job kept no profile.</param>
/// <param name="Key">The storage key of the table's Parquet file.</param>
/// <param name="Location">Where the file is read from outside the product (a path locally, <c>s3://bucket/key</c> on AWS), for the sources YAML.</param>
public sealed record SourceTable(TableSchema Schema, DatasetProfile? Profile, string Key, string Location)
{
    /// <summary>
    /// For each low-cardinality text column (at most <see cref="MaxCategoricalValues"/> distinct values, read from the
    /// data), its distinct non-null values in ordinal order: what an <c>accepted_values</c> test may list.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> CategoricalValues { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The most distinct values a column may have to count as categorical.</summary>
    public const int MaxCategoricalValues = 12;
}
