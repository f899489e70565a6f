using Etl.Core.Jobs;
using Etl.Core.Pipeline;
using Etl.Core.Pipeline.Stages;
using Etl.Core.Storage;
using Etl.Core.Validation;
using Etl.Parquet.File;

namespace Etl.Core.Datasets;

/// <summary>
/// The tables a convert job produced: its tables.json when it wrote one (normalized, or catalogued), else its one
/// Parquet file — the upload itself, or the flat conversion of a JSON upload — described from the footer as one table.
/// </summary>
public static class JobTables
{
    /// <summary>The job's tables named <paramref name="name"/> (the root table's name), or null when it has neither tables.json nor Parquet.</summary>
    public static async Task<TablesDocument?> ReadAsync(IBlobStore blobs, JobRecord job, string name, ParquetReadOptions? read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(job);
        var tablesKey = StorageKeys.Tables(job.JobId);
        if (await blobs.GetInfoAsync(tablesKey, cancellationToken) is not null)
        {
            await using var stored = await blobs.OpenReadAsync(tablesKey, cancellationToken);
            using var text = new StreamReader(stored);
            return TablesDocument.Parse(await text.ReadToEndAsync(cancellationToken));
        }

        var input = FileKinds.ParseWire(job.InputFormat);
        var outputFormat = job.OutputFormat ?? OutputFormats.DefaultFor(input);
        var parquetKey = input == FileKind.Parquet ? job.InputS3Key
            : outputFormat == OutputFormats.Parquet ? StorageKeys.Output(job.JobId, job.FileName, outputFormat)
            : null;
        if (parquetKey is null) return null;
        await using var parquet = await SeekableInput.OpenAsync(blobs, parquetKey, cancellationToken);
        using var reader = new ParquetFileReader(parquet, leaveOpen: true, read);
        return ParquetTableSchema.Describe(reader, name, parquetKey);
    }
}
