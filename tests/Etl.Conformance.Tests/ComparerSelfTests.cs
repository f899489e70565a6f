using System.Collections.Concurrent;
using System.Text;
using Etl.Core.Convert;
using Etl.Parquet.File;

namespace Etl.Conformance.Tests;

/// <summary>
/// The comparison must not be vacuous: one value changed — on the oracle's side or on ours — must be reported at
/// exactly its row and JSON path, including differences that a comparison through double or through text would miss.
/// </summary>
public class ComparerSelfTests
{
    private const string Types = "extra/duckdb_types_zstd_v1.parquet";

    private static readonly ConcurrentDictionary<string, string[]> OurLines = new(StringComparer.Ordinal);

    private static string[] Convert(ManifestEntry entry)
    {
        using var input = System.IO.File.OpenRead(entry.FullPath);
        using var output = new MemoryStream();
        ParquetToJson.Convert(input, output, JsonOutputFormat.Ndjson, new ParquetToJsonOptions { Parallelism = 1 });
        return Encoding.UTF8.GetString(output.ToArray()).TrimEnd('\n').Split('\n');
    }

    [Theory]
    // Oracle side: every column kind of the DuckDB types file, row 1.
    [InlineData(Types, 1, "$.id", false, "\"id\":200001", "\"id\":200002")]
    [InlineData(Types, 1, "$.u64", false, "\"u64\":200001001400007", "\"u64\":200001001400008")]
    [InlineData(Types, 1, "$.f32", false, "\"f32\":50000.25", "\"f32\":50000.25390625")] // the next float32
    [InlineData(Types, 1, "$.f64", false, "\"f64\":66667.0", "\"f64\":66667.00000000001")]
    [InlineData(Types, 1, "$.d9", false, "\"d9\":-49370.0544", "\"d9\":-49370.0545")]
    [InlineData(Types, 1, "$.d38", false, "\"d38\":24568024470245691822.123", "\"d38\":24568024470245691822.124")] // equal as doubles
    [InlineData(Types, 1, "$.dt", false, "\"dt\":\"3612-09-25\"", "\"dt\":\"3612-09-26\"")]
    [InlineData(Types, 1, "$.ts_us", false, "09:00:24.600123", "09:00:24.600124")]
    [InlineData(Types, 1, "$.ts_ns", false, "00:00:00.523463", "00:00:00.523464")]
    [InlineData(Types, 1, "$.ts_tz", false, "12:54:57+00", "12:54:58+00")]
    [InlineData(Types, 1, "$.tm", false, "\"tm\":\"05:04:21.003\"", "\"tm\":\"05:04:21.004\"")]
    [InlineData(Types, 1, "$.uid", false, "ee8f208b-", "ee8f208c-")]
    [InlineData(Types, 1, "$.s_null", false, "jjjjjjjjjjjjjjjjjjjjjé✓", "jjjjjjjjjjjjjjjjjjjjje✓")]
    [InlineData(Types, 1, "$.b", false, "\"b\":\"jV\\\\xE2\\\\xF1\"", "\"b\":\"jV\\\\xE2\\\\xF2\"")]
    [InlineData(Types, 1, "$.flag", false, "\"flag\":true", "\"flag\":false")]
    [InlineData(Types, 1, "$.l_int", false, "\"l_int\":[]", "\"l_int\":[1]")]
    [InlineData(Types, 1, "$.st.c[0].x", false, "\"c\":[{\"x\":1}]", "\"c\":[{\"x\":2}]")]
    [InlineData(Types, 1, "$.m{0}.key", false, "\"k0\":200001", "\"k1\":200001")]
    [InlineData(Types, 1, "$.ll[2]", false, "[[\"200001\"],[],null]", "[[\"200001\"],[],[]]")]
    [InlineData("floating_orders_nan_count.parquet", 10, "$.float_ieee754", false, "\"float_ieee754\":NaN", "\"float_ieee754\":1.0")]
    [InlineData("map_no_value.parquet", 0, "$.my_map{0}.key", false, "\"my_map\":{\"1\":null", "\"my_map\":{\"0\":null")]
    // Our side: the spec's form is enforced too, not only the value.
    [InlineData(Types, 1, "$.d9", true, "\"d9\":-49370.0544", "\"d9\":-49370.05440")]
    [InlineData(Types, 1, "$.ts_tz", true, "\"ts_tz\":\"2022-01-11T12:54:57Z\"", "\"ts_tz\":\"2022-01-11T12:54:57\"")]
    [InlineData(Types, 1, "$.b", true, "\"b\":\"albi8Q==\"", "\"b\":\"albi8Q\"")]
    [InlineData(Types, 1, "$.f64", true, "\"f64\":66667", "\"f64\":\"66667\"")]
    [InlineData(Types, 1, "$.m", true, "\"m\":{\"k0\":200001,\"z\":null}", "\"m\":[{\"key\":\"k0\",\"value\":200001},{\"key\":\"z\",\"value\":null}]")]
    public void A_single_changed_value_is_reported_at_its_path(string file, int row, string path, bool changeOurs, string from, string to)
    {
        var entry = Corpus.Entry(file);
        var ourLines = (string[])OurLines.GetOrAdd(file, _ => Convert(entry)).Clone();
        var expectedLines = System.IO.File.ReadAllText(entry.ExpectedPath!, Encoding.UTF8).TrimEnd('\n').Split('\n');
        var lines = changeOurs ? ourLines : expectedLines;
        Assert.Contains(from, lines[row], StringComparison.Ordinal);
        lines[row] = lines[row].Replace(from, to, StringComparison.Ordinal);

        using var reader = ParquetFileReader.Open(entry.FullPath);
        var ours = ourLines.Select(l => JsonTree.ParseStrict(Encoding.UTF8.GetBytes(l))).ToList();
        var expected = expectedLines.Select(JsonTree.ParseLenient).ToList();
        var mismatches = OracleComparer.Compare(file, reader.Schema, ours, expected, []);

        var mismatch = Assert.Single(mismatches);
        Assert.StartsWith($"{file}, row {row}, {path}: ", mismatch, StringComparison.Ordinal);
    }
}
