using Etl.Core.Datasets;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Cost;
using Etl.Core.Datasets.Ddl;
using Etl.Core.Datasets.Keys;
using Etl.Core.Jobs;
using Etl.Core.Storage;

namespace Etl.Core.Pipeline.Stages;

/// <summary>
/// What the catalog stage adds to a candidate version before it is graded: the foreign keys its values show (within
/// the version and into the current version of every other dataset), the cost estimate, and ddl.sql. The keys come
/// first because the classifier grades key changes and the DDL declares them.
/// </summary>
/// <param name="blobs">Where the tables are read and tables.json and ddl.sql written.</param>
/// <param name="catalog">The other datasets whose keys a table may reference.</param>
internal sealed class CandidateDetails(IBlobStore blobs, ICatalog catalog)
{
    /// <summary>The most other datasets searched for referenced keys; past it the newest are searched and a note is kept.</summary>
    public const int MaxOtherDatasets = 50;

    public async Task<TablesDocument> CompleteAsync(JobRecord job, string dataset, TablesDocument tables, CancellationToken cancellationToken)
    {
        var others = await OtherDatasetsAsync(dataset, cancellationToken);
        tables = await Task.Run(() => RelationshipFinder.AddKeys(tables, Open, others, cancellationToken: cancellationToken), cancellationToken);

        var sizes = new List<(string Table, long Bytes)>(tables.Tables.Count);
        foreach (var table in tables.Tables)
        {
            var size = table.File is { } file ? (await blobs.GetInfoAsync(file, cancellationToken))?.Size ?? 0 : 0;
            sizes.Add((table.Name, size));
        }
        var inputBytes = job.BytesIn ?? (await blobs.GetInfoAsync(job.InputS3Key, cancellationToken))?.Size ?? 0;
        tables = tables with { Cost = CostEstimator.Estimate(inputBytes, sizes) };

        await blobs.WriteAsync(StorageKeys.Tables(job.JobId), System.Text.Encoding.UTF8.GetBytes(tables.ToJson()), cancellationToken);
        var ddl = DdlScript.Write(tables, table => blobs.AddressOf(TableFolders.Of(table, job.JobId)), dataset);
        await blobs.WriteAsync(StorageKeys.Ddl(job.JobId), System.Text.Encoding.UTF8.GetBytes(ddl), cancellationToken);
        return tables;
    }

    private Stream Open(TableSchema table) =>
        SeekableInput.OpenAsync(blobs, table.File ?? throw new InvalidOperationException($"table '{table.Name}' names no file"), CancellationToken.None)
            .GetAwaiter().GetResult();

    private async Task<IReadOnlyList<DatasetTables>> OtherDatasetsAsync(string dataset, CancellationToken cancellationToken)
    {
        var summaries = await catalog.ListAsync(cancellationToken);
        var others = new List<DatasetTables>();
        foreach (var summary in summaries)
        {
            if (summary.Name == dataset || summary.CurrentVersion is not { } current) continue;
            if (others.Count == MaxOtherDatasets) break;
            var version = await catalog.GetVersionAsync(summary.Name, current, cancellationToken);
            if (version is null) continue;
            others.Add(new DatasetTables(summary.Name, version.Tables, Open));
        }
        return others;
    }
}
