using Etl.Core.Storage;

namespace Etl.Core.Datasets;

/// <summary>Where a version's table is stored.</summary>
internal static class TableFiles
{
    /// <summary>
    /// The storage key of <paramref name="table"/>'s Parquet file in the version made by <paramref name="jobId"/>, or null
    /// when there is none: its <see cref="TableSchema.File"/> as a key, then as a path under the job's tables folder,
    /// then the layout's place for the table (<see cref="StorageKeys.Table"/>).
    /// </summary>
    public static async Task<string?> FindAsync(IBlobStore blobs, string jobId, TableSchema table, CancellationToken cancellationToken)
    {
        var candidates = new List<string>(3);
        if (table.File is { } file)
        {
            candidates.Add(file);
            candidates.Add($"{StorageKeys.TablesFolder(jobId)}/{file}");
        }

        try
        {
            candidates.Add(StorageKeys.Table(jobId, table.Name));
        }
        catch (InvalidStorageKeyException)
        {
            // A name the layout cannot hold has no file in it either.
        }

        foreach (var key in candidates)
        {
            try
            {
                StorageKeys.Validate(key);
            }
            catch (InvalidStorageKeyException)
            {
                continue;
            }

            if (await blobs.GetInfoAsync(key, cancellationToken) is not null) return key;
        }

        return null;
    }
}
