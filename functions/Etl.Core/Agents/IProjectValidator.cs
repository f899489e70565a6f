namespace Etl.Core.Agents;

/// <summary>
/// Proves a dbt project on the data: every YAML file against dbt's JSON schemas (and our own checks where the schemas
/// are loose), every model's Jinja rendered and run in order of its refs on the source tables, full-refresh and
/// incremental, every generic test run as SQL, row counts reconciled along the DAG. Implemented over embedded DuckDB.
/// </summary>
public interface IProjectValidator
{
    Task<ValidationReport> ValidateAsync(ProjectFiles files, IReadOnlyList<SourceTableData> sources, CancellationToken cancellationToken);
}

/// <summary>A source table as the validator reads it: <c>source('{Source}', '{Table}')</c> is the Parquet file at <see cref="ParquetPath"/>.</summary>
/// <param name="Source">The dbt source name.</param>
/// <param name="Table">The table name.</param>
/// <param name="ParquetPath">A local file path.</param>
public sealed record SourceTableData(string Source, string Table, string ParquetPath);
