namespace Etl.Core.Normalize;

/// <summary>Where a normalization writes the Parquet file of each table.</summary>
public interface ITableSink
{
    /// <summary>A new, empty, writable stream for the table's Parquet file; the normalizer disposes it when the table is written (or on failure).</summary>
    Stream Create(string table);

    /// <summary>How tables.json names the table's file (a storage key or a relative path).</summary>
    string FileOf(string table);
}
