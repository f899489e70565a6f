using System.Text.Json;

namespace Etl.Conformance.Tests;

/// <summary>One entry of tests/data/parquet-testing/MANIFEST.json.</summary>
public sealed record ManifestEntry(string Name, string? Expected, long? Rows, bool EncryptedFooter)
{
    public string FullPath => Corpus.PathOf(Name);
    public string? ExpectedPath => Expected is null ? null : Corpus.PathOf(Expected);
}

/// <summary>The parquet-testing corpus of tests/data (located by <see cref="TestFiles"/>) and its MANIFEST.json.</summary>
public static class Corpus
{
    private static readonly Lazy<IReadOnlyList<ManifestEntry>> Entries = new(LoadManifest);

    /// <summary>Absolute path of tests/data/parquet-testing.</summary>
    public static string TestingRoot => TestFiles.ParquetTesting("");

    public static IReadOnlyList<ManifestEntry> Manifest => Entries.Value;

    public static string PathOf(string relative) => TestFiles.ParquetTesting(relative);

    public static ManifestEntry Entry(string name) =>
        Manifest.SingleOrDefault(e => e.Name == name) ?? throw new InvalidOperationException($"'{name}' is not in MANIFEST.json");

    private static IReadOnlyList<ManifestEntry> LoadManifest()
    {
        var path = Path.Combine(TestingRoot, "MANIFEST.json");
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"The corpus has no MANIFEST.json: {path}", path);
        using var document = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
        var list = new List<ManifestEntry>();
        foreach (var file in document.RootElement.GetProperty("files").EnumerateArray())
        {
            var name = file.GetProperty("name").GetString()!;
            string? expected = file.TryGetProperty("expected", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            long? rows = file.TryGetProperty("rows", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt64() : null;
            var encrypted = file.TryGetProperty("encrypted_footer", out var enc) && enc.ValueKind == JsonValueKind.True;
            list.Add(new ManifestEntry(name, expected, rows, encrypted));
        }
        if (list.Count == 0) throw new InvalidOperationException($"{path} lists no files");
        return list;
    }
}
