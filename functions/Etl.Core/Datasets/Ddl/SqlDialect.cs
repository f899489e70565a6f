namespace Etl.Core.Datasets.Ddl;

/// <summary>The SQL databases whose plain DDL ddl.sql carries (beside the Athena/Glue statements).</summary>
public enum SqlDialect
{
    /// <summary>DuckDB: VARCHAR, DOUBLE, JSON, <c>T[]</c> lists; foreign keys only within one schema.</summary>
    DuckDb,

    /// <summary>PostgreSQL: TEXT, DOUBLE PRECISION, JSONB, <c>T[]</c> arrays (nested lists as JSONB: arrays of arrays must be rectangular there).</summary>
    Postgres,
}
