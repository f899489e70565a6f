using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Etl.Aws.Glue;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Ddl;
using Etl.Core.Storage;

namespace Etl.Aws.Catalog;

/// <summary>
/// Brings the Glue Data Catalog to a dataset's current version: one Glue table per table of that version, created
/// (CreateTable) or replaced (UpdateTable, Glue archiving the previous definition as a table version); tables the
/// dataset no longer has are deleted. Idempotent: a table already at the dataset's revision is left alone, one at a newer
/// revision means a later publish is under way (this one stops), and the item records the revision Glue shows
/// (<c>glueRevision</c>) and each table's Glue VersionId only when all tables are written.
/// </summary>
internal sealed class GluePublisher(IAmazonDynamoDB dynamo, string tableName, IBlobStore blobs, GlueCatalogClient glue, CatalogDocuments documents)
{
    private const int MaxTableAttempts = 5;

    public string Database => glue.Database;

    /// <summary>Whether Glue lags behind the dataset's current version.</summary>
    public static bool Lags(StoredDataset dataset) => dataset.Current is not null && dataset.GlueRevision != dataset.Revision;

    public async Task PublishAsync(StoredDataset dataset, CancellationToken cancellationToken)
    {
        if (!Lags(dataset)) return;
        var version = dataset.Versions[dataset.Current!.Value];
        var tables = await documents.ReadTablesAsync(dataset.Name, version, cancellationToken);
        var names = new List<string>(tables.Tables.Count);
        foreach (var table in tables.Tables) names.Add(table.Name);

        // Recorded before Glue is touched, so a publish that fails half-way still knows which tables it may have created.
        await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = DatasetItem.Key(dataset.Name),
            UpdateExpression = "ADD #glueTables :names",
            ExpressionAttributeNames = new() { ["#glueTables"] = DatasetItem.GlueTables },
            ExpressionAttributeValues = new() { [":names"] = new AttributeValue { SS = names } },
        }, cancellationToken);

        var ids = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var table in tables.Tables)
        {
            var external = ExternalTable.Of(table, blobs.AddressOf(TableFolders.Of(table, version.JobId)));
            var input = GlueTableInput.Of(external, dataset.Name, version.Number, version.JobId, dataset.Revision);
            if (await PutTableAsync(dataset.Name, table.Name, input, dataset.Revision, cancellationToken) is not { } id) return;
            ids[table.Name] = DatasetItem.S(id);
        }

        var stale = new List<string>();
        foreach (var name in dataset.GlueTables)
        {
            if (names.Contains(name)) continue;
            if (await glue.GetTableAsync(name, cancellationToken) is { } existing
                && Owner(existing) == dataset.Name && GlueTableInput.RevisionOf(existing) is { } revision && revision < dataset.Revision)
            {
                await glue.DeleteTableAsync(name, cancellationToken);
            }

            stale.Add(name);
        }

        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = DatasetItem.Key(dataset.Name),
                UpdateExpression = "SET #glueRevision = :revision, #glueVersions = :ids" + (stale.Count > 0 ? " DELETE #glueTables :stale" : ""),
                ConditionExpression = "attribute_not_exists(#glueRevision) OR #glueRevision < :revision",
                ExpressionAttributeNames = stale.Count > 0
                    ? new() { ["#glueRevision"] = DatasetItem.GlueRevision, ["#glueVersions"] = DatasetItem.GlueVersions, ["#glueTables"] = DatasetItem.GlueTables }
                    : new() { ["#glueRevision"] = DatasetItem.GlueRevision, ["#glueVersions"] = DatasetItem.GlueVersions },
                ExpressionAttributeValues = stale.Count > 0
                    ? new() { [":revision"] = DatasetItem.N(dataset.Revision), [":ids"] = new AttributeValue { M = ids }, [":stale"] = new AttributeValue { SS = stale } }
                    : new() { [":revision"] = DatasetItem.N(dataset.Revision), [":ids"] = new AttributeValue { M = ids } },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // A publish of a newer revision recorded itself first.
        }
    }

    // The table's Glue VersionId once it holds this revision; null when a newer revision is there already.
    private async Task<string?> PutTableAsync(string dataset, string name, System.Text.Json.Nodes.JsonObject input, int revision, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxTableAttempts; attempt++)
        {
            var existing = await glue.GetTableAsync(name, cancellationToken);
            if (existing is null)
            {
                if (!await glue.TryCreateTableAsync(input.DeepClone().AsObject(), cancellationToken)) continue;
                return (await glue.GetTableAsync(name, cancellationToken))?.VersionId ?? "";
            }

            if (Owner(existing) != dataset) throw new GlueTableConflictException(glue.Database, name, dataset, Owner(existing));
            var published = GlueTableInput.RevisionOf(existing) ?? -1;
            if (published > revision) return null;
            if (published == revision) return existing.VersionId ?? "";
            if (!await glue.TryUpdateTableAsync(input.DeepClone().AsObject(), cancellationToken)) continue;
            return (await glue.GetTableAsync(name, cancellationToken))?.VersionId ?? "";
        }

        throw new IOException($"the Glue table '{glue.Database}.{name}' kept being created and deleted while dataset '{dataset}' was being published");
    }

    private static string? Owner(GlueTable table) => table.Parameters.TryGetValue(GlueTableInput.DatasetParameter, out var owner) ? owner : null;
}
