using Etl.Core.Agents;
using Etl.Core.Datasets;

namespace Etl.Agents.Pipeline;

/// <summary>
/// A folder that <c>etl normalize</c> wrote (tables.json beside one folder per table) as an agent source: what
/// <c>etl dbt</c> and the tests work over without a catalog.
/// </summary>
public static class TablesFolder
{
    /// <summary>The folder's tables as an <see cref="AgentSource"/> named <paramref name="sourceName"/> (default: the root table's name).</summary>
    public static async Task<AgentSource> LoadAsync(string folder, string? sourceName, string? targetDatabase, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(folder);
        var tablesJson = Path.Combine(full, "tables.json");
        if (!File.Exists(tablesJson))
            throw new FileNotFoundException($"{folder} has no tables.json: name a folder that `etl normalize` wrote.", tablesJson);
        var document = TablesDocument.Parse(await File.ReadAllTextAsync(tablesJson, cancellationToken));
        if (document.Tables.Count == 0) throw new FormatException($"{tablesJson} lists no tables.");
        var name = sourceName ?? DatasetNames.Problem(document.Tables[0].Name) switch { null => document.Tables[0].Name, _ => "source" };
        var tables = await SourceTables.DescribeAsync(document,
            (table, _) => Task.FromResult<Stream>(File.OpenRead(PathOf(full, table))),
            table => (PathOf(full, table), PathOf(full, table)),
            null, cancellationToken);
        return new AgentSource(name, tables, targetDatabase ?? name + "_analytics", null, null, "local");
    }

    /// <summary>The table's Parquet file: its own folder, as <c>etl normalize</c> lays it out.</summary>
    public static string PathOf(string folder, TableSchema table)
    {
        var own = Path.Combine(folder, table.Name, table.Name + ".parquet");
        if (File.Exists(own) || table.File is null) return own;
        var named = Path.Combine(folder, table.File);
        return File.Exists(named) ? named : own;
    }
}
