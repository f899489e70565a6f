namespace Etl.Tests.Shared;

/// <summary>
/// Finds the shared test data (../shared beside the repository): $ETL_SHARED_DIR, else the first folder up from the
/// test binaries that holds shared/parquet-testing, else /work/shared.
/// </summary>
public static class TestFiles
{
    private static readonly Lazy<string> Shared = new(Locate);

    public static string ParquetTesting(string name) => Path.Combine(Shared.Value, "parquet-testing", name);

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("ETL_SHARED_DIR") is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "parquet-testing")))
            {
                return candidate;
            }
        }

        return Directory.Exists("/work/shared/parquet-testing")
            ? "/work/shared"
            : throw new DirectoryNotFoundException("shared/parquet-testing not found above the test binaries; set ETL_SHARED_DIR.");
    }
}
