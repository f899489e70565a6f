using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Etl.Aws.Glue;
using Etl.Aws.Json;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Changes;
using Etl.Core.Jobs;
using Etl.Core.Storage;

namespace Etl.Aws.Catalog;

/// <summary>
/// <see cref="ICatalog"/> on AWS. The truth is DynamoDB: each dataset is one item of the jobs table
/// (<see cref="DatasetItem"/>), changed only by conditional writes — a version is added only while the current version
/// and the highest version number are the ones read (so two loads against one current version register exactly one),
/// decided only while pending review, rolled back to only while accepted. A version's tables.json and changes.json are
/// blobs (<see cref="CatalogDocuments"/>), written before the write that references them. The Glue Data Catalog follows:
/// after every change of the current version its tables are published (<see cref="GluePublisher"/>); when Glue fails
/// the change stands, and <see cref="EnsurePublishedAsync"/> (the catalog stage) or the next change publishes again.
/// </summary>
public sealed class AwsCatalog : ICatalog
{
    private const int MaxAddAttempts = 10;

    private readonly IAmazonDynamoDB _dynamo;
    private readonly string _table;
    private readonly CatalogDocuments _documents;
    private readonly DatasetDirectory _directory;
    private readonly GluePublisher _glue;
    private readonly TimeProvider _time;

    /// <param name="dynamo">DynamoDB.</param>
    /// <param name="tableName">The jobs table (ETL_JOBS_TABLE): the catalog's items live beside the jobs, outside their indexes.</param>
    /// <param name="blobs">Where versions' documents are kept (catalog/… in the artifacts bucket) and tables are read from.</param>
    /// <param name="glue">The Glue Data Catalog database (ETL_CATALOG_DATABASE).</param>
    /// <param name="time">The clock.</param>
    public AwsCatalog(IAmazonDynamoDB dynamo, string tableName, IBlobStore blobs, GlueCatalogClient glue, TimeProvider? time = null)
    {
        _dynamo = dynamo;
        _table = tableName;
        _documents = new CatalogDocuments(blobs);
        _directory = new DatasetDirectory(dynamo, tableName);
        _glue = new GluePublisher(dynamo, tableName, blobs, glue, _documents);
        _time = time ?? TimeProvider.System;
    }

    public Task<IReadOnlyList<DatasetSummary>> ListAsync(CancellationToken cancellationToken) => _directory.ListAsync(cancellationToken);

    public async Task<DatasetRecord?> GetAsync(string name, CancellationToken cancellationToken) =>
        (await ReadAsync(name, cancellationToken))?.ToRecord();

    public async Task<DatasetVersion?> GetVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        var dataset = await ReadAsync(name, cancellationToken);
        if (dataset is null || !dataset.Versions.TryGetValue(version, out var stored)) return null;
        return new DatasetVersion(name, version, stored.JobId, stored.CreatedAt, stored.StatusFor(dataset.Current),
            await _documents.ReadTablesAsync(name, stored, cancellationToken), await _documents.ReadChangesAsync(name, stored, cancellationToken));
    }

    public async Task<int?> TryAddVersionAsync(string name, int? expectedCurrent, VersionCandidate candidate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        for (var attempt = 0; attempt < MaxAddAttempts; attempt++)
        {
            var dataset = await ReadAsync(name, cancellationToken);
            // The same job registered again (a retried or recovered catalog stage) gets the version it made the first time.
            if (dataset?.VersionOf(candidate.JobId) is { } existing)
            {
                await TryPublishAsync(name, cancellationToken);
                return existing.Number;
            }

            if (dataset?.Current != expectedCurrent) return null;

            var number = (dataset?.Latest ?? 0) + 1;
            var writeId = Guid.NewGuid().ToString("N");
            var changes = new ChangesDocument(name, expectedCurrent, number, candidate.Decision, candidate.Changes);
            await _documents.WriteAsync(name, number, writeId, candidate.Tables, changes, cancellationToken);

            var applied = candidate.Decision == ChangeDecision.Applied;
            var version = new StoredVersion(number, candidate.JobId, _time.GetUtcNow(), DatasetItem.StoredStatusFor(candidate.Decision),
                ChangeSummary.Of(expectedCurrent, candidate.Changes), writeId);
            var tables = applied ? Names(candidate.Tables) : null;
            var registered = dataset is null
                ? await TryCreateAsync(name, version, tables, cancellationToken)
                : await TryAppendAsync(dataset, version, tables, cancellationToken);
            if (!registered) continue;

            if (applied) await TryPublishAsync(name, cancellationToken);
            return number;
        }

        throw new IOException($"dataset '{name}' kept changing while a version of job {candidate.JobId} was being registered ({MaxAddAttempts} attempts); try again");
    }

    public async Task<DatasetRecord?> SetPolicyAsync(string name, ChangePolicy policy, CancellationToken cancellationToken)
    {
        try
        {
            var response = await DynamoCalls.RunAsync(_table, "UpdateItem", name, () => _dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = DatasetItem.Key(name),
                UpdateExpression = "SET #policy = :policy, #updatedAt = :now",
                ConditionExpression = "attribute_exists(#name)",
                ExpressionAttributeNames = new() { ["#policy"] = DatasetItem.Policy, ["#updatedAt"] = DatasetItem.UpdatedAt, ["#name"] = DatasetItem.Name },
                ExpressionAttributeValues = new() { [":policy"] = DatasetItem.S(DatasetItem.PolicyText(policy)), [":now"] = Now() },
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken));
            return DatasetItem.Parse(response.Attributes).ToRecord();
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    public async Task<bool> TryDecideAsync(string name, int version, bool approve, CancellationToken cancellationToken)
    {
        var dataset = await ReadAsync(name, cancellationToken);
        if (dataset is null || !dataset.Versions.TryGetValue(version, out var stored) || stored.Status != DatasetItem.Pending) return false;
        var tables = approve ? Names(await _documents.ReadTablesAsync(name, stored, cancellationToken)) : null;
        var moved = await TryMoveAsync(name, version, DatasetItem.Pending, approve ? DatasetItem.Accepted : DatasetItem.Rejected, tables, cancellationToken);
        if (moved && approve) await TryPublishAsync(name, cancellationToken);
        return moved;
    }

    public async Task<bool> TryRollbackAsync(string name, int version, CancellationToken cancellationToken)
    {
        var dataset = await ReadAsync(name, cancellationToken);
        if (dataset is null || !dataset.Versions.TryGetValue(version, out var stored) || stored.Status != DatasetItem.Accepted) return false;
        var tables = Names(await _documents.ReadTablesAsync(name, stored, cancellationToken));
        var moved = await TryMoveAsync(name, version, DatasetItem.Accepted, DatasetItem.Accepted, tables, cancellationToken);
        if (moved) await TryPublishAsync(name, cancellationToken);
        return moved;
    }

    public async Task EnsurePublishedAsync(string name, CancellationToken cancellationToken)
    {
        if (await ReadAsync(name, cancellationToken) is not { } dataset || !GluePublisher.Lags(dataset)) return;
        try
        {
            await _glue.PublishAsync(dataset, cancellationToken);
        }
        catch (Exception e) when (IsTransient(e))
        {
            throw new GluePublishException(name, _glue.Database, e);
        }
    }

    /// <summary>Whether the Glue Data Catalog lags behind the dataset's current version (a publish failed and was not repeated yet).</summary>
    public async Task<bool> GlueLagsAsync(string name, CancellationToken cancellationToken) =>
        await ReadAsync(name, cancellationToken) is { } dataset && GluePublisher.Lags(dataset);

    // After a change is committed: Glue follows if it can; if not, the change stands and the next publish repeats it.
    private async Task TryPublishAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            if (await ReadAsync(name, cancellationToken) is { } dataset) await _glue.PublishAsync(dataset, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Left lagging on purpose (glueRevision < rev in the item): EnsurePublishedAsync reports it.
        }
    }

    private async Task<bool> TryCreateAsync(string name, StoredVersion first, IReadOnlyList<string>? tables, CancellationToken cancellationToken)
    {
        // The name goes into the directory first: a dataset item never exists without it (a lost race leaves a name with
        // no item, which the listing skips).
        await _directory.AddAsync(name, cancellationToken);
        try
        {
            await DynamoCalls.RunAsync(_table, "PutItem", name, () => _dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = _table,
                Item = DatasetItem.New(name, first, tables),
                ConditionExpression = "attribute_not_exists(#key)",
                ExpressionAttributeNames = new() { ["#key"] = DatasetItem.KeyAttribute },
            }, cancellationToken));
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private async Task<bool> TryAppendAsync(StoredDataset dataset, StoredVersion version, IReadOnlyList<string>? tables, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>
        {
            ["#versions"] = DatasetItem.Versions, ["#n"] = DatasetItem.Number(version.Number), ["#latest"] = DatasetItem.Latest,
            ["#updatedAt"] = DatasetItem.UpdatedAt, ["#current"] = DatasetItem.Current,
        };
        var values = new Dictionary<string, AttributeValue>
        {
            [":entry"] = DatasetItem.Entry(version), [":number"] = DatasetItem.N(version.Number), [":seen"] = DatasetItem.N(dataset.Latest),
            [":now"] = DatasetItem.S(Timestamps.Format(version.CreatedAt)),
        };
        var update = "SET #versions.#n = :entry, #latest = :number, #updatedAt = :now";
        if (tables is not null)
        {
            update += ", #current = :number, #tables = :tables, #rev = #rev + :one";
            names["#tables"] = DatasetItem.Tables;
            names["#rev"] = DatasetItem.Revision;
            values[":tables"] = DatasetItem.List(tables);
            values[":one"] = DatasetItem.N(1);
        }

        string condition;
        if (dataset.Current is { } current)
        {
            condition = "#latest = :seen AND #current = :expected";
            values[":expected"] = DatasetItem.N(current);
        }
        else
        {
            condition = "#latest = :seen AND attribute_not_exists(#current)";
        }

        return await TryUpdateAsync(dataset.Name, update, condition, names, values, cancellationToken);
    }

    // Moves a version from one stored status to another, conditional on the first; an accepted target becomes current.
    private async Task<bool> TryMoveAsync(string name, int version, string from, string to, IReadOnlyList<string>? tables, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>
        {
            ["#versions"] = DatasetItem.Versions, ["#n"] = DatasetItem.Number(version), ["#status"] = DatasetItem.VersionState,
            ["#updatedAt"] = DatasetItem.UpdatedAt,
        };
        var values = new Dictionary<string, AttributeValue> { [":from"] = DatasetItem.S(from), [":to"] = DatasetItem.S(to), [":now"] = Now() };
        var update = "SET #versions.#n.#status = :to, #updatedAt = :now";
        if (tables is not null)
        {
            update += ", #current = :number, #tables = :tables, #rev = #rev + :one";
            names["#current"] = DatasetItem.Current;
            names["#tables"] = DatasetItem.Tables;
            names["#rev"] = DatasetItem.Revision;
            values[":number"] = DatasetItem.N(version);
            values[":tables"] = DatasetItem.List(tables);
            values[":one"] = DatasetItem.N(1);
        }

        return await TryUpdateAsync(name, update, "#versions.#n.#status = :from", names, values, cancellationToken);
    }

    // One conditional UpdateItem of a dataset's item: false when its condition no longer holds (a lost race).
    private async Task<bool> TryUpdateAsync(string name, string update, string condition, Dictionary<string, string> names,
        Dictionary<string, AttributeValue> values, CancellationToken cancellationToken)
    {
        try
        {
            await DynamoCalls.RunAsync(_table, "UpdateItem", name, () => _dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _table,
                Key = DatasetItem.Key(name),
                UpdateExpression = update,
                ConditionExpression = condition,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            }, cancellationToken));
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    private async Task<StoredDataset?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var response = await DynamoCalls.RunAsync(_table, "GetItem", name, () => _dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = DatasetItem.Key(name),
            ConsistentRead = true,
        }, cancellationToken));
        return response.Item is { Count: > 0 } item ? DatasetItem.Parse(item) : null;
    }

    private AttributeValue Now() => DatasetItem.S(Timestamps.Format(_time.GetUtcNow()));

    private static List<string> Names(TablesDocument tables)
    {
        var names = new List<string>(tables.Tables.Count);
        foreach (var table in tables.Tables) names.Add(table.Name);
        return names;
    }

    private static bool IsTransient(Exception e) => e switch
    {
        AwsServiceException service => service.IsTransient,
        IOException or HttpRequestException or TimeoutException => true,
        AmazonServiceException or AmazonClientException => true,
        _ => false,
    };
}
