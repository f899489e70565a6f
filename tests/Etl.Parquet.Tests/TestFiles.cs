namespace Etl.Parquet.Tests;

/// <summary>Locates the shared test corpus (parquet-testing) in place, without copying it to the output.</summary>
public static class TestFiles
{
    private static readonly Lazy<string> CorpusRoot = new(FindCorpusRoot);

    /// <summary>Absolute path of <paramref name="relative"/> (e.g. "bad_data/PARQUET-1481.parquet") in the corpus.</summary>
    public static string Corpus(string relative) => Path.Combine(CorpusRoot.Value, relative);

    private static string FindCorpusRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "parquet-testing");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException(
            $"No 'shared/parquet-testing' directory above {AppContext.BaseDirectory}.");
    }
}
