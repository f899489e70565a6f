using System.Text;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Changes;
using Etl.Core.Storage;

namespace Etl.Aws.Catalog;

/// <summary>
/// A version's tables.json and changes.json in the artifacts bucket (<see cref="StorageKeys.CatalogDocument"/>): they
/// can outgrow a DynamoDB item (400 KB), so the item holds only the write id that names them. They are written before
/// the conditional write that registers the version, so a registration that loses its race leaves two unreferenced
/// blobs and never a version without documents.
/// </summary>
internal sealed class CatalogDocuments(IBlobStore blobs)
{
    private const string TablesFile = "tables.json";
    private const string ChangesFile = "changes.json";

    public async Task WriteAsync(string dataset, int version, string writeId, TablesDocument tables, ChangesDocument changes, CancellationToken cancellationToken)
    {
        await blobs.WriteAsync(StorageKeys.CatalogDocument(dataset, version, writeId, TablesFile), Encoding.UTF8.GetBytes(tables.ToJson()), cancellationToken);
        await blobs.WriteAsync(StorageKeys.CatalogDocument(dataset, version, writeId, ChangesFile), Encoding.UTF8.GetBytes(changes.ToJson()), cancellationToken);
    }

    public async Task<TablesDocument> ReadTablesAsync(string dataset, StoredVersion version, CancellationToken cancellationToken) =>
        TablesDocument.Parse(await ReadAsync(StorageKeys.CatalogDocument(dataset, version.Number, version.WriteId, TablesFile), cancellationToken));

    public async Task<ChangesDocument> ReadChangesAsync(string dataset, StoredVersion version, CancellationToken cancellationToken) =>
        ChangesDocument.Parse(await ReadAsync(StorageKeys.CatalogDocument(dataset, version.Number, version.WriteId, ChangesFile), cancellationToken));

    private async Task<string> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await blobs.OpenReadAsync(key, cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
