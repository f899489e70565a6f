namespace Etl.Core.Tests.Json;

/// <summary>
/// Every JSONTestSuite y_ file (valid JSON: top-level scalars, arrays of scalars, odd strings and numbers) converts
/// to Parquet and reads back with the same values. Acceptance and rejection of all files is tested in
/// Etl.Conformance.Tests/JsonTestSuite.
/// </summary>
public sealed class JsonTestSuiteRoundTripTests
{
    public static TheoryData<string> Accepted()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(JsonTestData.TestSuite, "y_*.json").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Valid_json_round_trips(string name) =>
        RoundTrip.Check(File.ReadAllBytes(Path.Combine(JsonTestData.TestSuite, name)));
}
