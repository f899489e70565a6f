using Etl.Agents.Validation.Rendering;
using Etl.Core.Agents;

namespace Etl.Agents.Validation.Execution;

/// <summary>
/// The dataset's tables in DuckDB: a schema per source, a view per table over its Parquet file (the relation
/// <c>source('s', 't')</c> renders to), with its row count, or why it could not be read.
/// </summary>
internal sealed class SourceTables
{
    private readonly Dictionary<SourceReference, long> _rows = [];
    private readonly Dictionary<SourceReference, string> _failures = [];

    public static SourceTables Create(DuckDbSession session, IReadOnlyList<SourceTableData> sources)
    {
        var tables = new SourceTables();
        var schemas = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var key = new SourceReference(source.Source, source.Table);
            var relation = new Relation(source.Source, source.Table).ToString();
            try
            {
                if (schemas.Add(source.Source)) session.Execute($"create schema if not exists {Relation.Quote(source.Source)}");
                session.Execute($"create or replace view {relation} as select * from read_parquet('{source.ParquetPath.Replace("'", "''", StringComparison.Ordinal)}')");
                tables._rows[key] = session.Count(relation);
            }
            catch (DuckDbStatementException e)
            {
                tables._failures[key] = $"the Parquet file of source {source.Source}.{source.Table} ({source.ParquetPath}) could not be read: {e.Message}";
            }
        }
        return tables;
    }

    public bool Has(SourceReference table) => _rows.ContainsKey(table);

    public long? Rows(SourceReference table) => _rows.TryGetValue(table, out var rows) ? rows : null;

    public string? Failure(SourceReference table) => _failures.GetValueOrDefault(table);

    public IEnumerable<SourceReference> Tables => _rows.Keys;
}
