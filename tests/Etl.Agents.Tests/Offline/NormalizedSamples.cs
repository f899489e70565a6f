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
    public static IReadOnlyList<SourceTableData> DataOf(AgentSource source, string sample) =>
        source.Tables.Select(t => new SourceTableData(source.Name, t.Schema.Name, TablesFolder.PathOf(FolderOf(sample), t.Schema))).ToArray();

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
