using Etl.Agents.Validation.Rendering;
using Etl.Core.Agents;

namespace Etl.Agents.Validation.Execution;

/// <summary>
/// The dataset's tables in DuckDB: a schema per source, a relation per table over its Parquet file (the relation
/// <c>source('s', 't')</c> renders to), with its row count, or why it could not be read. Up to
/// <see cref="CopyLimitBytes"/> of Parquet in all, the tables are copied into DuckDB once (every model, test and count
/// then reads memory instead of decoding the file again: 4–6× faster on github-events); above it they are views over
/// <c>read_parquet</c>, so memory stays bounded.
/// </summary>
internal sealed class SourceTables
{
    public const long CopyLimitBytes = 256L << 20;

    private readonly Dictionary<SourceReference, long> _rows = [];
    private readonly Dictionary<SourceReference, string> _failures = [];

    public static SourceTables Create(DuckDbSession session, IReadOnlyList<SourceTableData> sources, long copyLimitBytes)
    {
        var tables = new SourceTables();
        var schemas = new HashSet<string>(StringComparer.Ordinal);
        var total = 0L;
        foreach (var source in sources) total += File.Exists(source.ParquetPath) ? new FileInfo(source.ParquetPath).Length : 0;
        var kind = total <= copyLimitBytes ? "table" : "view";
        foreach (var source in sources)
        {
            var key = new SourceReference(source.Source, source.Table);
            var relation = new Relation(source.Source, source.Table).ToString();
            try
            {
                if (schemas.Add(source.Source)) session.Execute($"create schema if not exists {Relation.Quote(source.Source)}");
                session.Execute($"create or replace {kind} {relation} as select * from read_parquet('{source.ParquetPath.Replace("'", "''", StringComparison.Ordinal)}')");
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
