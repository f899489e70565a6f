using System.Text.Json.Nodes;
using Etl.Aws.Json;

namespace Etl.Aws.Glue;

/// <summary>
/// The Glue Data Catalog operations the dataset catalog uses, on the JSON protocol (<c>AWSGlue.*</c>): GetDatabase,
/// GetTable, CreateTable, UpdateTable (archiving the previous definition as a table version), DeleteTable and
/// GetTableVersions. "Not found" is an answer (null, false), not an error; every other error answer is an
/// <see cref="AwsServiceException"/> after the client's retries.
/// </summary>
public sealed class GlueCatalogClient(AwsJsonClient client, string database)
{
    public const string EntityNotFound = "EntityNotFoundException";
    public const string AlreadyExists = "AlreadyExistsException";

    public string Database { get; } = database;

    private static GlueTable ReadTable(JsonObject table, string? versionId = null)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in table["Parameters"]?.AsObject() ?? [])
        {
            if (value is JsonValue text && text.TryGetValue<string>(out var s)) parameters[key] = s;
        }

        return new GlueTable(table["Name"]?.GetValue<string>() ?? "", versionId ?? table["VersionId"]?.GetValue<string>(), parameters, table);
    }

    /// <summary>Whether the database exists.</summary>
    public async Task<bool> DatabaseExistsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.CallAsync("GetDatabase", new JsonObject { ["Name"] = Database }, cancellationToken);
            return true;
        }
        catch (AwsServiceException e) when (e.Code == EntityNotFound)
        {
            return false;
        }
    }

    /// <summary>The table (GetTable's <c>Table</c>), or null when there is none by that name.</summary>
    public async Task<GlueTable?> GetTableAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await client.CallAsync("GetTable", new JsonObject { ["DatabaseName"] = Database, ["Name"] = name }, cancellationToken);
            return answer["Table"] is JsonObject table ? ReadTable(table) : null;
        }
        catch (AwsServiceException e) when (e.Code == EntityNotFound)
        {
            return null;
        }
    }

    /// <summary>Creates the table; false when one by that name exists already (AlreadyExistsException).</summary>
    public async Task<bool> TryCreateTableAsync(JsonObject tableInput, CancellationToken cancellationToken)
    {
        try
        {
            await client.CallAsync("CreateTable", new JsonObject { ["DatabaseName"] = Database, ["TableInput"] = tableInput }, cancellationToken);
            return true;
        }
        catch (AwsServiceException e) when (e.Code == AlreadyExists)
        {
            return false;
        }
    }

    /// <summary>
    /// Replaces the table's definition; Glue keeps the previous one as a table version (SkipArchive false). False when
    /// the table does not exist.
    /// </summary>
    public async Task<bool> TryUpdateTableAsync(JsonObject tableInput, CancellationToken cancellationToken)
    {
        try
        {
            await client.CallAsync("UpdateTable", new JsonObject { ["DatabaseName"] = Database, ["TableInput"] = tableInput, ["SkipArchive"] = false }, cancellationToken);
            return true;
        }
        catch (AwsServiceException e) when (e.Code == EntityNotFound)
        {
            return false;
        }
    }

    /// <summary>Removes the table (and Glue's versions of it); no error when it does not exist.</summary>
    public async Task DeleteTableAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await client.CallAsync("DeleteTable", new JsonObject { ["DatabaseName"] = Database, ["Name"] = name }, cancellationToken);
        }
        catch (AwsServiceException e) when (e.Code == EntityNotFound)
        {
            // Already gone.
        }
    }

    /// <summary>Every version Glue keeps of the table, as GetTableVersions lists them (all pages); empty when there is no table.</summary>
    public async Task<IReadOnlyList<GlueTable>> GetTableVersionsAsync(string name, CancellationToken cancellationToken)
    {
        var versions = new List<GlueTable>();
        string? token = null;
        try
        {
            do
            {
                var request = new JsonObject { ["DatabaseName"] = Database, ["TableName"] = name };
                if (token is not null) request["NextToken"] = token;
                var answer = await client.CallAsync("GetTableVersions", request, cancellationToken);
                foreach (var entry in answer["TableVersions"]?.AsArray() ?? [])
                {
                    if (entry?["Table"] is JsonObject table) versions.Add(ReadTable(table, entry["VersionId"]?.GetValue<string>()));
                }

                token = answer["NextToken"]?.GetValue<string>();
            }
            while (!string.IsNullOrEmpty(token));
        }
        catch (AwsServiceException e) when (e.Code == EntityNotFound)
        {
            return [];
        }

        return versions;
    }
}

/// <summary>What the catalog reads back of a Glue table: its definition (GetTable's Table), parameters and version.</summary>
public sealed record GlueTable(string Name, string? VersionId, IReadOnlyDictionary<string, string> Parameters, JsonObject Definition);
