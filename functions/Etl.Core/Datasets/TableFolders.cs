using Etl.Core.Storage;

namespace Etl.Core.Datasets;

/// <summary>The folder a version's table is read from by Athena and Glue (its LOCATION in ddl.sql and in the Glue Data Catalog).</summary>
public static class TableFolders
{
    /// <summary>
    /// The storage key of the folder holding <paramref name="table"/>'s Parquet file in the version made by
    /// <paramref name="jobId"/>: each table's file is alone in its folder — a normalized table's own folder, or a
    /// one-table version's job folder — so the folder of its <see cref="TableSchema.File"/>, else the layout's table folder.
    /// </summary>
    public static string Of(TableSchema table, string jobId)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.File is { } file && file.LastIndexOf('/') is var slash and > 0 ? file[..slash] : StorageKeys.TableFolder(jobId, table.Name);
    }
}
