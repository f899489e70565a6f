using System.Text;
using Etl.Core.Datasets;

namespace Etl.Local.Cli.Datasets;

/// <summary>
/// The tables of one side of <c>etl diff</c>, from whatever a person has at hand: a tables.json (what a job or
/// <c>etl normalize</c> wrote), the folder <c>etl normalize</c> wrote, a Parquet file or a JSON/NDJSON file.
/// </summary>
internal static class SchemaFile
{
    public static IReadOnlyList<TableSchema> Load(string path, string dataset)
    {
        if (Directory.Exists(path))
        {
            var tables = Path.Combine(path, "tables.json");
            if (!File.Exists(tables))
                throw new CliUsageException($"{path} is a folder without a tables.json; give a folder written by etl normalize, or a file");
            return ReadTablesDocument(tables);
        }
        if (!File.Exists(path)) throw new CliUsageException($"file not found: {path}");
        if (LooksLikeTablesDocument(path)) return ReadTablesDocument(path);
        throw new CliUsageException($"{path}: give a tables.json or a folder written by etl normalize");
    }

    private static IReadOnlyList<TableSchema> ReadTablesDocument(string path)
    {
        try
        {
            return TablesDocument.Parse(File.ReadAllText(path)).Tables;
        }
        catch (FormatException e)
        {
            throw new CliInputException($"{path}: {e.Message}");
        }
    }

    /// <summary>A JSON object whose first key is "tables" (how TablesDocument writes it).</summary>
    private static bool LooksLikeTablesDocument(string path)
    {
        Span<byte> head = stackalloc byte[64];
        using var file = File.OpenRead(path);
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var text = Encoding.UTF8.GetString(head[..read]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return text.StartsWith('{') && text[1..].TrimStart().StartsWith("\"tables\"", StringComparison.Ordinal);
    }
}
