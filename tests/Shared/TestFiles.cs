namespace Etl.Tests.Shared;

/// <summary>
/// The one place test suites find their data: the repository's <c>tests/data</c> (copies of ../shared, refreshed by
/// scripts/refresh-test-data.sh), so a clone alone passes. <c>$ETL_TEST_DATA_DIR</c> points elsewhere when set.
/// </summary>
public static class TestFiles
{
    private static readonly Lazy<string> DataRoot = new(Locate);

    /// <summary>The folder holding parquet-testing, json-samples, json-test-suite, aws-events, aws-sigv4, dbt-jsonschema.</summary>
    public static string Root => DataRoot.Value;

    /// <summary>Absolute path of <paramref name="relative"/> (e.g. "bad_data/PARQUET-1481.parquet") in parquet-testing.</summary>
    public static string ParquetTesting(string relative) => In("parquet-testing", relative);

    /// <summary>Absolute path of <paramref name="relative"/> inside the data folder <paramref name="folder"/>.</summary>
    public static string In(string folder, string relative = "") =>
        Path.Combine(Root, folder, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("ETL_TEST_DATA_DIR") is { Length: > 0 } fromEnvironment)
        {
            return Directory.Exists(Path.Combine(fromEnvironment, "parquet-testing"))
                ? fromEnvironment
                : throw new DirectoryNotFoundException($"ETL_TEST_DATA_DIR={fromEnvironment} holds no parquet-testing folder.");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "data");
            if (Directory.Exists(Path.Combine(candidate, "parquet-testing")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"tests/data/parquet-testing was not found above {AppContext.BaseDirectory}: the test data is part of the repository " +
            "(restore it with git checkout -- tests/data, or refresh it from ../shared with scripts/refresh-test-data.sh).");
    }
}
