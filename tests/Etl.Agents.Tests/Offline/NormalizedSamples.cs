using Etl.Agents.Pipeline;
using Etl.Core.Agents;
using Etl.Core.Datasets.Keys;
using Etl.Core.Normalize;

namespace Etl.Agents.Tests.Offline;

/// <summary>
/// Every json-sample normalized the way <c>etl normalize</c> does it (tables, tables.json with the foreign keys the
/// values show) into a folder of its own, once per test run, and loaded as an agent source.
/// </summary>
internal static class NormalizedSamples
{
    private static readonly Lazy<string> Root = new(() => Directory.CreateTempSubdirectory("etl-offline-samples-").FullName);
    private static readonly Dictionary<string, Lazy<Task<AgentSource>>> Sources = new(StringComparer.Ordinal);

    /// <summary>The sample files of tests/data/json-samples (JSON, NDJSON, JSON lines, GeoJSON).</summary>
    public static IReadOnlyList<string> Names { get; } = Directory.EnumerateFiles(TestFiles.In("json-samples"))
        .Select(Path.GetFileName)
        .Where(name => name!.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".ndjson", StringComparison.Ordinal)
            || name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".geojson", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray()!;

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var name in Names) data.Add(name);
        return data;
    }

    /// <summary>The folder <c>etl normalize</c> would have written for <paramref name="sample"/>.</summary>
    public static string FolderOf(string sample) => Path.Combine(Root.Value, DatasetOf(sample));

    public static Task<AgentSource> SourceAsync(string sample)
    {
        Lazy<Task<AgentSource>> lazy;
        lock (Sources)
        {
            if (!Sources.TryGetValue(sample, out lazy!))
            {
                lazy = new Lazy<Task<AgentSource>>(() => LoadAsync(sample));
                Sources[sample] = lazy;
            }
        }
        return lazy.Value;
    }

    /// <summary>What each table is read from: <c>source(name, table)</c> is the table's Parquet file.</summary>
    public static IReadOnlyList<SourceTableData> DataOf(AgentSource source, string folder) =>
        source.Tables.Select(t => new SourceTableData(source.Name, t.Schema.Name, TablesFolder.PathOf(folder, t.Schema))).ToArray();

    /// <summary>
    /// A small shop: <c>orders</c> (natural key order_id, a customer, an amount, a status, created_at and loaded_at
    /// timestamps) with nested <c>items</c> (sku, quantity, price), deterministic, normalized like the samples.
    /// </summary>
    public static Task<AgentSource> OrdersAsync() => SourceOfJsonAsync("orders", OrdersJson());

    public static string OrdersJson()
    {
        var lines = new System.Text.StringBuilder();
        string[] statuses = ["placed", "shipped", "delivered", "returned"];
        for (var i = 1; i <= 240; i++)
        {
            var created = new DateTime(2024, 1, 1, 8, 0, 0, DateTimeKind.Utc).AddHours(i * 7);
            var items = string.Join(",", Enumerable.Range(0, 1 + i % 3).Select(n =>
                $$"""{"sku":"SKU-{{(i * 7 + n) % 15}}","quantity":{{1 + (i + n) % 4}},"price":{{(5 + (i * 3 + n * 11) % 40).ToString(System.Globalization.CultureInfo.InvariantCulture)}}.5}"""));
            lines.Append($$"""{"order_id":"O-{{i:D4}}","customer":{"id":"C-{{i % 37:D3}}","name":"Customer {{i % 37}}"},"amount":{{(i * 13 % 200 + 0.25).ToString(System.Globalization.CultureInfo.InvariantCulture)}},"status":"{{statuses[i % 4]}}","created_at":"{{created:yyyy-MM-ddTHH:mm:ssZ}}","loaded_at":"{{created.AddMinutes(5):yyyy-MM-ddTHH:mm:ssZ}}","items":[{{items}}]}""");
            lines.Append('\n');
        }
        return lines.ToString();
    }

    /// <summary>JSON normalized into its own folder (once per test run) and loaded as an agent source.</summary>
    public static Task<AgentSource> SourceOfJsonAsync(string dataset, string json)
    {
        var key = "json:" + dataset;
        Lazy<Task<AgentSource>> lazy;
        lock (Sources)
        {
            if (!Sources.TryGetValue(key, out lazy!))
            {
                lazy = new Lazy<Task<AgentSource>>(async () =>
                {
                    var folder = Path.Combine(Root.Value, dataset);
                    Directory.CreateDirectory(folder);
                    var sink = new DirectoryTableSink(folder);
                    using var input = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
                    var document = JsonNormalizer.Normalize(input, dataset, sink);
                    document = RelationshipFinder.AddKeys(document, table => File.OpenRead(sink.PathOf(table.Name)));
                    await File.WriteAllTextAsync(Path.Combine(folder, "tables.json"), document.ToJson());
                    return await TablesFolder.LoadAsync(folder, null, null, CancellationToken.None);
                });
                Sources[key] = lazy;
            }
        }
        return lazy.Value;
    }

    /// <summary>Where the tables of a source made by <see cref="SourceOfJsonAsync"/> are.</summary>
    public static string FolderOfDataset(string dataset) => Path.Combine(Root.Value, dataset);

    private static string DatasetOf(string sample)
    {
        var name = TableNamer.DatasetNameFromFile(sample).ToLowerInvariant();
        return new string(name.Select(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? c : '_').ToArray());
    }

    private static async Task<AgentSource> LoadAsync(string sample)
    {
        var folder = FolderOf(sample);
        if (!File.Exists(Path.Combine(folder, "tables.json")))
        {
            Directory.CreateDirectory(folder);
            var sink = new DirectoryTableSink(folder);
            await using (var input = File.OpenRead(TestFiles.In("json-samples", sample)))
            {
                var document = JsonNormalizer.Normalize(input, DatasetOf(sample), sink);
                document = RelationshipFinder.AddKeys(document, table => File.OpenRead(sink.PathOf(table.Name)));
                await File.WriteAllTextAsync(Path.Combine(folder, "tables.json"), document.ToJson());
            }
        }
        return await TablesFolder.LoadAsync(folder, null, null, CancellationToken.None);
    }
}
