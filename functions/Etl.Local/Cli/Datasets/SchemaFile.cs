using System.Text;
using Etl.Core.Datasets;
using Etl.Core.Normalize;
using Etl.Parquet.File;

namespace Etl.Local.Cli.Datasets;

/// <summary>
/// The tables of one side of <c>etl diff</c>, from whatever a person has at hand: a tables.json (what a job or
/// <c>etl normalize</c> wrote), the folder <c>etl normalize</c> wrote, a Parquet file (its footer, as the catalog
/// describes a Parquet upload) or a JSON/NDJSON file (normalized, as a load into a dataset would be).
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
        using var input = new CliInput(path);
        input.Open("a tables.json, Parquet, JSON or NDJSON");
        if (input.IsParquet)
        {
            using var parquet = input.Seekable(SpoolLimit.Resolve(null), "Parquet is read from its footer");
            using var reader = new ParquetFileReader(parquet, leaveOpen: true);
            return ParquetTableSchema.Describe(reader, dataset, input.FileName).Tables;
        }
        return NormalizedTables(input, dataset);
    }

    /// <summary>
    /// A JSON file's tables are the ones a load of it would register: the normalizer's, whose keys and nullability come
    /// from the data, so the tables are written (to a scratch folder, deleted after) like a load writes them.
    /// </summary>
    private static IReadOnlyList<TableSchema> NormalizedTables(CliInput input, string dataset)
    {
        using var json = input.Seekable(SpoolLimit.Resolve(null), "JSON is read twice, once to survey it and once to write the tables");
        var scratch = Directory.CreateTempSubdirectory("etl-diff-");
        try
        {
            return JsonNormalizer.Normalize(json, dataset, new DirectoryTableSink(scratch.FullName)).Tables;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
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
