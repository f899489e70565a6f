using System.Text;
using Etl.Core.Convert;
using Etl.Parquet.File;
using Etl.Tests.Shared;

namespace Etl.Conformance.Tests;

/// <summary>
/// Real JSON (tests/data/json-samples) converted to Parquet is read back by DuckDB with the values we converted:
/// DuckDB's rendering of our file is compared value by value with ours (the same comparer as the corpus), and our
/// own reading is checked against the input by the JSON round-trip tests in Etl.Core.Tests.
/// </summary>
public class JsonSamplesDuckDbTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(SamplesDirectory).Order(StringComparer.Ordinal))
        {
            if (file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".ndjson", StringComparison.Ordinal)
                || file.EndsWith(".jsonl", StringComparison.Ordinal) || file.EndsWith(".geojson", StringComparison.Ordinal))
                data.Add(Path.GetFileName(file));
        }
        return data;
    }

    private static string SamplesDirectory => TestFiles.In("json-samples");

    [Theory]
    [MemberData(nameof(Samples))]
    public void DuckDB_reads_the_converted_sample_with_the_converted_values(string sample)
    {
        var work = Directory.CreateTempSubdirectory("etl-json-duckdb-");
        try
        {
            var parquet = Path.Combine(work.FullName, sample + ".parquet");
            JsonConversionResult result;
            using (var input = File.OpenRead(Path.Combine(SamplesDirectory, sample)))
            using (var output = File.Create(parquet))
            {
                result = JsonToParquet.Convert(input, output);
            }
            Assert.True(result.RowCount > 0, $"{sample}: no rows converted");
            Assert.Equal(result.InferredSchema.RecordCount, result.RowCount);

            var duckPath = Path.Combine(work.FullName, "duck.ndjson");
            InteropNode.Run("duckdb-to-ndjson.mjs", parquet, duckPath);
            var duck = new List<JNode>();
            foreach (var line in File.ReadAllText(duckPath, Encoding.UTF8).Split('\n'))
            {
                if (line.Length > 0) duck.Add(JsonTree.ParseLenient(line));
            }

            using var ours = new MemoryStream();
            using var reader = ParquetFileReader.Open(parquet);
            ParquetToJson.Convert(reader, ours, JsonOutputFormat.Ndjson);
            var rows = new List<JNode>();
            foreach (var line in Encoding.UTF8.GetString(ours.ToArray()).Split('\n'))
            {
                if (line.Length > 0) rows.Add(JsonTree.ParseStrict(Encoding.UTF8.GetBytes(line)));
            }

            Assert.Equal(result.RowCount, duck.Count);
            var mismatches = OracleComparer.Compare(sample, reader.Schema, rows, duck, []);
            Assert.True(mismatches.Count == 0, $"{sample}: {mismatches.Count} mismatch(es) between DuckDB's reading and ours:\n{string.Join('\n', mismatches.Take(20))}");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
