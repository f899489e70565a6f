using System.Text.Json;
using Etl.Core.Datasets;
using Etl.Core.Normalize;
using Etl.Tests.Shared;

namespace Etl.Core.Tests.Normalize;

/// <summary>A normalization written to a temporary folder (tables + tables.json), with DuckDB's check of it.</summary>
internal sealed class NormalizedFolder : IDisposable
{
    private readonly TempDirectory _temp = new();

    private NormalizedFolder(TablesDocument document) => Document = document;

    public TablesDocument Document { get; private set; }

    public string Folder => _temp.Path;

    public static NormalizedFolder Of(byte[] json, string dataset = "data", NormalizeOptions? options = null)
    {
        var folder = new NormalizedFolder(null!);
        using var input = new MemoryStream(json);
        folder.Document = JsonNormalizer.Normalize(input, dataset, new DirectoryTableSink(folder.Folder), options);
        File.WriteAllText(Path.Combine(folder.Folder, "tables.json"), folder.Document.ToJson());
        return folder;
    }

    public static NormalizedFolder Of(string json, string dataset = "data", NormalizeOptions? options = null) =>
        Of(System.Text.Encoding.UTF8.GetBytes(json), dataset, options);

    public TableSchema Table(string name) => Document.Table(name) ?? throw new Xunit.Sdk.XunitException(
        $"no table '{name}'; the tables are {string.Join(", ", Document.Tables.Select(t => t.Name))}");

    /// <summary>DuckDB's check (tests/interop/check-normalized.mjs): joins hold, keys unique, row counts as tables.json says.</summary>
    public JsonElement Check()
    {
        var output = InteropNode.Run("check-normalized.mjs", Folder);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    /// <summary>The rows of a table as DuckDB reads them (JSON objects), ordered by the given SQL expression.</summary>
    public JsonElement[] Rows(string table, string orderBy = "_etl_key")
    {
        var file = Path.Combine(Folder, Table(table).File!);
        var output = InteropNode.Run("read-with-duckdb.mjs", file);
        var rows = JsonDocument.Parse(output).RootElement.GetProperty("rows").EnumerateArray().Select(r => r.Clone()).ToArray();
        return orderBy == "_etl_key" ? rows.OrderBy(r => r.GetProperty("_etl_key").GetString(), StringComparer.Ordinal).ToArray() : rows;
    }

    public void Dispose() => _temp.Dispose();
}
