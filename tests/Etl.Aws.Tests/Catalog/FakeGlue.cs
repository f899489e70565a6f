using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Etl.Aws.Tests.Json;

namespace Etl.Aws.Tests.Catalog;

/// <summary>
/// A Glue Data Catalog stand-in on a loopback port, speaking Glue's JSON protocol (POST /, X-Amz-Target AWSGlue.*,
/// application/x-amz-json-1.1) for the table operations the catalog uses, with Glue's semantics: tables per database,
/// CreateTable refused with AlreadyExistsException, UpdateTable and the others refused with EntityNotFoundException for a
/// missing database or table, UpdateTable archiving the previous definition as a table version unless SkipArchive, the
/// VersionId counting up from 1. Every request's shape is checked against Glue's API (required members, types, the
/// TableInput's name); what does not fit is answered InvalidInputException and kept in <see cref="Violations"/>.
/// <see cref="AssertSigned"/> checks every request's SigV4 signature with the independent signer. An outage
/// (<see cref="FailWith"/>) answers every request with an error until it is lifted.
/// </summary>
public sealed class FakeGlue : IDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private readonly LoopbackAwsService _service = new();
    private readonly object _lock = new();
    private readonly HashSet<string> _databases = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Database, string Table), List<JsonObject>> _tables = [];
    private (int Status, string Code)? _outage;

    public FakeGlue(params string[] databases)
    {
        foreach (var database in databases) _databases.Add(database);
        _service.ContentType = "application/x-amz-json-1.1";
        _service.Respond = Answer;
    }

    public Uri Endpoint => _service.Endpoint;

    public List<string> Violations { get; } = [];

    /// <summary>Every operation called, in order (AWSGlue.{operation} without the prefix).</summary>
    public IReadOnlyList<string> Operations => [.. _service.Requests.Select(r => r.Header("X-Amz-Target")["AWSGlue.".Length..])];

    /// <summary>Answers every request with this error until <see cref="Recover"/> (500 InternalServiceException, 400 ThrottlingException…).</summary>
    public void FailWith(int status, string code)
    {
        lock (_lock) _outage = (status, code);
    }

    public void Recover()
    {
        lock (_lock) _outage = null;
    }

    /// <summary>The table as GetTable would answer it; null when there is none.</summary>
    public JsonObject? Table(string database, string name)
    {
        lock (_lock) return _tables.TryGetValue((database, name), out var versions) ? (JsonObject)versions[^1].DeepClone() : null;
    }

    /// <summary>The names of the tables of a database.</summary>
    public IReadOnlyList<string> TableNames(string database)
    {
        lock (_lock) return [.. _tables.Keys.Where(k => k.Database == database).Select(k => k.Table).Order(StringComparer.Ordinal)];
    }

    /// <summary>Puts a table there as another tool would (no etl.* parameters).</summary>
    public void AddForeignTable(string database, string name)
    {
        lock (_lock) _tables[(database, name)] = [Stored(database, new JsonObject { ["Name"] = name, ["TableType"] = "EXTERNAL_TABLE" }, 1)];
    }

    /// <summary>Checks the SigV4 signature of every request received so far with @smithy/signature-v4.</summary>
    public void AssertSigned(string region) =>
        LoopbackAwsService.AssertSignedBySmithy([.. _service.Requests], "glue", region, AccessKey, SecretKey);

    public void Dispose() => _service.Dispose();

    private (int, string) Answer(CapturedRequest request)
    {
        lock (_lock)
        {
            if (_outage is { } outage) return Error(outage.Status, outage.Code, "the fake Glue is failing on purpose");
            if (request.Method != "POST" || request.Path != "/") return Invalid($"Glue's JSON protocol is POST /, not {request.Method} {request.Path}");
            if (!request.Headers.TryGetValue("Content-Type", out var type) || type != "application/x-amz-json-1.1")
                return Invalid($"Content-Type must be application/x-amz-json-1.1, not '{type}'");
            if (!request.Headers.TryGetValue("X-Amz-Target", out var target) || !target.StartsWith("AWSGlue.", StringComparison.Ordinal))
                return Invalid($"X-Amz-Target must be AWSGlue.{{operation}}, not '{target}'");
            if (!request.Headers.ContainsKey("Authorization")) return Error(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
            JsonObject body;
            try
            {
                body = JsonNode.Parse(request.Text) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException e)
            {
                return Invalid($"the body is not a JSON object: {e.Message}");
            }

            return target["AWSGlue.".Length..] switch
            {
                "GetDatabase" => GetDatabase(body),
                "GetTable" => GetTable(body),
                "CreateTable" => CreateTable(body),
                "UpdateTable" => UpdateTable(body),
                "DeleteTable" => DeleteTable(body),
                "GetTableVersions" => GetTableVersions(body),
                var other => Error(400, "UnknownOperationException", $"the fake Glue does not implement {other}"),
            };
        }
    }

    private (int, string) GetDatabase(JsonObject body)
    {
        if (Required(body, "Name", "GetDatabase") is { } problem) return Invalid(problem);
        var name = body["Name"]!.GetValue<string>();
        return _databases.Contains(name)
            ? Ok(new JsonObject { ["Database"] = new JsonObject { ["Name"] = name, ["CatalogId"] = "123456789012" } })
            : Error(400, "EntityNotFoundException", $"Database {name} not found.");
    }

    private (int, string) GetTable(JsonObject body)
    {
        if ((Required(body, "DatabaseName", "GetTable") ?? Required(body, "Name", "GetTable")) is { } problem) return Invalid(problem);
        var (database, name) = (body["DatabaseName"]!.GetValue<string>(), body["Name"]!.GetValue<string>());
        if (!_databases.Contains(database)) return Error(400, "EntityNotFoundException", $"Database {database} not found.");
        return _tables.TryGetValue((database, name), out var versions)
            ? Ok(new JsonObject { ["Table"] = versions[^1].DeepClone() })
            : Error(400, "EntityNotFoundException", $"Table {name} not found.");
    }

    private (int, string) CreateTable(JsonObject body)
    {
        if ((Required(body, "DatabaseName", "CreateTable") ?? TableInputProblem(body, "CreateTable")) is { } problem) return Invalid(problem);
        var database = body["DatabaseName"]!.GetValue<string>();
        var input = body["TableInput"]!.AsObject();
        var name = input["Name"]!.GetValue<string>();
        if (!_databases.Contains(database)) return Error(400, "EntityNotFoundException", $"Database {database} not found.");
        if (_tables.ContainsKey((database, name))) return Error(400, "AlreadyExistsException", "Table already exists.");
        _tables[(database, name)] = [Stored(database, input, 1)];
        return Ok([]);
    }

    private (int, string) UpdateTable(JsonObject body)
    {
        if ((Required(body, "DatabaseName", "UpdateTable") ?? TableInputProblem(body, "UpdateTable")) is { } problem) return Invalid(problem);
        if (body["SkipArchive"] is { } skip && skip.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            return Invalid("UpdateTable: SkipArchive must be a boolean");
        var database = body["DatabaseName"]!.GetValue<string>();
        var input = body["TableInput"]!.AsObject();
        var name = input["Name"]!.GetValue<string>();
        if (!_databases.Contains(database)) return Error(400, "EntityNotFoundException", $"Database {database} not found.");
        if (!_tables.TryGetValue((database, name), out var versions)) return Error(400, "EntityNotFoundException", $"Table {name} not found.");
        var next = int.Parse(versions[^1]["VersionId"]!.GetValue<string>(), CultureInfo.InvariantCulture) + 1;
        var stored = Stored(database, input, next);
        stored["CreateTime"] = versions[0]["CreateTime"]!.DeepClone();
        if (body["SkipArchive"]?.GetValue<bool>() == true) versions[^1] = stored;
        else versions.Add(stored);
        return Ok([]);
    }

    private (int, string) DeleteTable(JsonObject body)
    {
        if ((Required(body, "DatabaseName", "DeleteTable") ?? Required(body, "Name", "DeleteTable")) is { } problem) return Invalid(problem);
        var (database, name) = (body["DatabaseName"]!.GetValue<string>(), body["Name"]!.GetValue<string>());
        if (!_databases.Contains(database)) return Error(400, "EntityNotFoundException", $"Database {database} not found.");
        return _tables.Remove((database, name)) ? Ok([]) : Error(400, "EntityNotFoundException", $"Table {name} not found.");
    }

    private (int, string) GetTableVersions(JsonObject body)
    {
        if ((Required(body, "DatabaseName", "GetTableVersions") ?? Required(body, "TableName", "GetTableVersions")) is { } problem) return Invalid(problem);
        var (database, name) = (body["DatabaseName"]!.GetValue<string>(), body["TableName"]!.GetValue<string>());
        if (!_databases.Contains(database)) return Error(400, "EntityNotFoundException", $"Database {database} not found.");
        if (!_tables.TryGetValue((database, name), out var versions)) return Error(400, "EntityNotFoundException", $"Table {name} not found.");
        // One version per page, so a client that ignores NextToken misses versions.
        var start = body["NextToken"] is { } token ? int.Parse(token.GetValue<string>(), CultureInfo.InvariantCulture) : 0;
        var page = new JsonArray();
        var table = versions[versions.Count - 1 - start];
        page.Add(new JsonObject { ["Table"] = table.DeepClone(), ["VersionId"] = table["VersionId"]!.DeepClone() });
        var answer = new JsonObject { ["TableVersions"] = page };
        if (start + 1 < versions.Count) answer["NextToken"] = (start + 1).ToString(CultureInfo.InvariantCulture);
        return Ok(answer);
    }

    // What Glue keeps of a TableInput: the input's members, plus where and when, and the version.
    private static JsonObject Stored(string database, JsonObject input, int version)
    {
        var table = (JsonObject)input.DeepClone();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        table["DatabaseName"] = database;
        table["CreateTime"] = now;
        table["UpdateTime"] = now;
        table["VersionId"] = version.ToString(CultureInfo.InvariantCulture);
        table["CatalogId"] = "123456789012";
        table["IsRegisteredWithLakeFormation"] = false;
        return table;
    }

    private static string? TableInputProblem(JsonObject body, string operation)
    {
        if (body["TableInput"] is not JsonObject input) return $"{operation}: TableInput is required and must be an object";
        if (Required(input, "Name", operation + ".TableInput") is { } name) return name;
        var tableName = input["Name"]!.GetValue<string>();
        if (tableName.Length > 255 || tableName.Any(char.IsUpper)) return $"{operation}: TableInput.Name '{tableName}' must be lower-case, at most 255 characters";
        foreach (var text in new[] { "Description", "TableType", "Owner" })
        {
            if (input[text] is { } value && value.GetValueKind() != JsonValueKind.String) return $"{operation}: TableInput.{text} must be a string";
        }

        if (input["Description"]?.GetValue<string>() is { Length: > 2048 }) return $"{operation}: TableInput.Description is longer than 2048 characters";
        if (input["Parameters"] is { } parameters && StringMap(parameters) is { } bad) return $"{operation}: TableInput.Parameters {bad}";
        if (input["PartitionKeys"] is { } keys && ColumnsProblem(keys, "PartitionKeys") is { } keyProblem) return $"{operation}: TableInput.{keyProblem}";
        if (input["StorageDescriptor"] is { } descriptor)
        {
            if (descriptor is not JsonObject sd) return $"{operation}: TableInput.StorageDescriptor must be an object";
            if (sd["Columns"] is { } columns && ColumnsProblem(columns, "StorageDescriptor.Columns") is { } columnProblem) return $"{operation}: TableInput.{columnProblem}";
            foreach (var text in new[] { "Location", "InputFormat", "OutputFormat" })
            {
                if (sd[text] is { } value && value.GetValueKind() != JsonValueKind.String) return $"{operation}: StorageDescriptor.{text} must be a string";
            }

            foreach (var flag in new[] { "Compressed", "StoredAsSubDirectories" })
            {
                if (sd[flag] is { } value && value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) return $"{operation}: StorageDescriptor.{flag} must be a boolean";
            }

            if (sd["NumberOfBuckets"] is { } buckets && buckets.GetValueKind() != JsonValueKind.Number) return $"{operation}: StorageDescriptor.NumberOfBuckets must be an integer";
            if (sd["SerdeInfo"] is { } serde)
            {
                if (serde is not JsonObject info) return $"{operation}: StorageDescriptor.SerdeInfo must be an object";
                if (info["SerializationLibrary"] is { } library && library.GetValueKind() != JsonValueKind.String) return $"{operation}: SerdeInfo.SerializationLibrary must be a string";
                if (info["Parameters"] is { } serdeParameters && StringMap(serdeParameters) is { } badSerde) return $"{operation}: SerdeInfo.Parameters {badSerde}";
            }
        }

        return null;
    }

    private static string? ColumnsProblem(JsonNode columns, string where)
    {
        if (columns is not JsonArray array) return $"{where} must be an array";
        foreach (var column in array)
        {
            if (column is not JsonObject c || c["Name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String) return $"{where}: every column needs a Name";
            if (c["Type"] is { } type && type.GetValueKind() != JsonValueKind.String) return $"{where}: column {name} has a Type that is not a string";
            if (c["Comment"] is { } comment && (comment.GetValueKind() != JsonValueKind.String || comment.GetValue<string>().Length > 255))
                return $"{where}: column {name} has a Comment that is not a string of at most 255 characters";
        }

        return null;
    }

    private static string? StringMap(JsonNode node)
    {
        if (node is not JsonObject map) return "must be an object";
        foreach (var (key, value) in map)
        {
            if (value is null || value.GetValueKind() != JsonValueKind.String) return $"has '{key}' whose value is not a string";
        }

        return null;
    }

    private static string? Required(JsonObject body, string member, string operation) =>
        body[member] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 0
            ? null
            : $"{operation}: {member} is required (a non-empty string)";

    private (int, string) Invalid(string problem)
    {
        Violations.Add(problem);
        return Error(400, "InvalidInputException", problem);
    }

    private static (int, string) Ok(JsonObject answer) => (200, answer.ToJsonString());

    private static (int, string) Error(int status, string code, string message) =>
        (status, new JsonObject { ["__type"] = code, ["Message"] = message }.ToJsonString());
}
