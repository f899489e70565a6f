using System.Text;
using System.Text.RegularExpressions;
using Etl.Core.Convert;
using Etl.Core.Profile;
using Etl.Parquet;
using Etl.Parquet.File;

namespace Etl.Conformance.Tests;

/// <summary>
/// Our Parquet → JSON output against the independent oracle (DuckDB) on the shared parquet-testing corpus,
/// value by value; and every corpus file, readable or not, must either convert or fail with
/// <see cref="ParquetFormatException"/> — never any other exception.
/// </summary>
public partial class ConformanceTests
{
    // ---- Documented overrides. Keep this list tiny and honest: each one says why the oracle is not followed. ----

    private const string CorruptChecksumFile = "datapage_v1-corrupt-checksum.parquet";
    private const string CorruptChecksumReason =
        "The file's page CRCs do not match its bytes on purpose. DuckDB ignores page CRCs and reads it; we verify them by " +
        "default, so the conversion must fail naming the page — and match DuckDB once verification is turned off.";

    private const string CorruptLevelsFile = "bad_data/ARROW-RS-GH-6229-LEVELS.parquet";
    private const string CorruptLevelsReason =
        "A corrupt file: its data page declares 21 values in a column chunk of 1, and its level section's length prefix " +
        "points past the page. DuckDB guesses a row out of it; we refuse it cleanly (the manifest allows a clean error for bad_data).";

    private static readonly Dictionary<string, ValueOverride[]> ValueOverrides = new(StringComparer.Ordinal)
    {
        ["int96_from_spark.parquet"] =
        [
            new ValueOverride(Row: 5, Path: "$.a", OursJson: "\"+290000-12-30T23:00:00Z\"",
                Reason: "DuckDB's \"226414-01-07 (BC) 22:21:39.416064\" is its own int64 overflow. The file's upstream README says Spark " +
                        "was given 290000-12-31T01:00:00+02:00, and our reader recovers exactly that instant"),
        ],
    };

    /// <summary>Files with an oracle output that must nevertheless fail (with the reason above); the profiler fails them too.</summary>
    private static readonly HashSet<string> FailingDespiteExpected = new(StringComparer.Ordinal) { CorruptChecksumFile, CorruptLevelsFile };

    // ---- Theory data from MANIFEST.json. ----

    public static TheoryData<string> FilesWithExpected() => Data(Corpus.Manifest.Where(e => e.Expected is not null));

    public static TheoryData<string> FilesWithoutExpected() => Data(Corpus.Manifest.Where(e => e.Expected is null));

    public static TheoryData<string> AllFiles() => Data(Corpus.Manifest);

    public static TheoryData<string> JsonArrayFiles() => Data(Corpus.Manifest.Where(e => e.Name is
        "alltypes_plain.parquet" or "nullable.impala.parquet" or "extra/duckdb_types_zstd_v1.parquet" or "map_no_value.parquet"
        or "column_chunk_key_value_metadata.parquet" or "single_nan.parquet"));

    private static TheoryData<string> Data(IEnumerable<ManifestEntry> entries)
    {
        var data = new TheoryData<string>();
        foreach (var e in entries) data.Add(e.Name);
        return data;
    }

    // ---- Tests. ----

    [Fact]
    public void Manifest_is_found_and_lists_the_corpus()
    {
        Assert.True(Corpus.Manifest.Count >= 50, $"MANIFEST.json lists only {Corpus.Manifest.Count} files");
        foreach (var entry in Corpus.Manifest)
        {
            Assert.True(System.IO.File.Exists(entry.FullPath), $"{entry.Name}: listed in MANIFEST.json but missing at {entry.FullPath}");
            if (entry.ExpectedPath is { } expected) Assert.True(System.IO.File.Exists(expected), $"{entry.Name}: expected output missing at {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(FilesWithExpected))]
    public void Ndjson_matches_the_oracle(string name)
    {
        var entry = Corpus.Entry(name);
        if (name == CorruptChecksumFile)
        {
            CorruptChecksum(entry);
            return;
        }
        if (name == CorruptLevelsFile)
        {
            var e = ConvertExpectingFailure(entry, options: null);
            Assert.Contains("outer.list.item.c", e.Message, StringComparison.Ordinal);
            return;
        }
        AssertMatchesOracle(entry, options: null);
    }

    /// <summary><see cref="CorruptChecksumReason"/>.</summary>
    private static void CorruptChecksum(ManifestEntry entry)
    {
        // Default options: verification on, columns decoded in parallel (either column may be reported first).
        var e = ConvertExpectingFailure(entry, options: null);
        Assert.Contains("checksum", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Matches(AnyPageLocation(), e.Message);
        Assert.NotNull(e.RowGroup);
        Assert.NotNull(e.Column);
        Assert.NotNull(e.Page);
        // One worker: deterministic, the first page of the first column.
        e = ConvertExpectingFailure(entry, new ParquetToJsonOptions { Parallelism = 1 });
        Assert.Contains("checksum", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("row group 0, column 'a', page 0", e.Message, StringComparison.Ordinal);
        // Verification off: the data itself is fine and must match the oracle.
        AssertMatchesOracle(entry, new ParquetToJsonOptions { Read = new ParquetReadOptions { VerifyChecksums = false } });
    }

    [GeneratedRegex(@"row group \d+, column '[^']+', page \d+")]
    private static partial Regex AnyPageLocation();

    [Theory]
    [MemberData(nameof(FilesWithoutExpected))]
    public void Files_without_oracle_convert_or_fail_cleanly(string name)
    {
        var entry = Corpus.Entry(name);
        var encrypted = entry.EncryptedFooter || name.EndsWith(".encrypted", StringComparison.Ordinal);
        var failure = TryConvert(entry, new ParquetToJsonOptions(), Stream.Null);
        if (encrypted)
        {
            var e = Assert.IsType<ParquetEncryptedException>(failure);
            Assert.Contains("encrypted", e.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Profile_succeeds_or_fails_cleanly(string name)
    {
        var entry = Corpus.Entry(name);
        DatasetProfile? profile = null;
        ParquetFormatException? failure = null;
        using (var stream = System.IO.File.OpenRead(entry.FullPath))
        {
            try
            {
                profile = ParquetProfiler.Profile(stream);
            }
            catch (ParquetFormatException e)
            {
                failure = e;
            }
            catch (Exception e)
            {
                Assert.Fail($"{name}: profiling threw {e.GetType().FullName} — only ParquetFormatException is allowed.\n{e}");
            }
        }
        if (failure is not null)
        {
            AssertSingleLine(name, failure);
            Assert.True(entry.Expected is null || FailingDespiteExpected.Contains(name),
                $"{name}: DuckDB reads this file but profiling failed: {failure.Message}");
            return;
        }
        if (entry.Expected is not null && !FailingDespiteExpected.Contains(name))
            Assert.True(entry.Rows == profile!.RowCount, $"{name}: profile.RowCount {profile!.RowCount}, manifest rows {entry.Rows}");
    }

    [Theory]
    [MemberData(nameof(JsonArrayFiles))]
    public void Json_array_output_equals_the_ndjson_rows(string name)
    {
        var entry = Corpus.Entry(name);
        var ndjson = ConvertToBytes(entry, JsonOutputFormat.Ndjson, null);
        var json = ConvertToBytes(entry, JsonOutputFormat.Json, null);
        using var document = System.Text.Json.JsonDocument.Parse(json, new System.Text.Json.JsonDocumentOptions { AllowDuplicateProperties = false });
        Assert.Equal(System.Text.Json.JsonValueKind.Array, document.RootElement.ValueKind);
        var lines = SplitLines(name, ndjson);
        var items = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(lines.Count, items.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            using var row = System.Text.Json.JsonDocument.Parse(lines[i]);
            Assert.True(System.Text.Json.JsonElement.DeepEquals(row.RootElement, items[i]), $"{name}, row {i}: the JSON array's element differs from the NDJSON line");
            Assert.Equal(Encoding.UTF8.GetString(lines[i].Span), items[i].GetRawText());
        }
    }

    // ---- Helpers. ----

    private static void AssertMatchesOracle(ManifestEntry entry, ParquetToJsonOptions? options)
    {
        var name = entry.Name;
        var output = ConvertToBytes(entry, JsonOutputFormat.Ndjson, options);
        var ours = new List<JNode>();
        var lines = SplitLines(name, output);
        for (var i = 0; i < lines.Count; i++)
        {
            JNode row;
            try
            {
                row = JsonTree.ParseStrict(lines[i]);
            }
            catch (System.Text.Json.JsonException e)
            {
                Assert.Fail($"{name}, row {i}: our line is not valid JSON ({e.Message}): {Encoding.UTF8.GetString(lines[i].Span)}");
                return;
            }
            Assert.True(row is JObject, $"{name}, row {i}: our line is not a JSON object");
            ours.Add(row);
        }
        var expected = new List<JNode>();
        var expectedLines = System.IO.File.ReadAllText(entry.ExpectedPath!, Encoding.UTF8).Split('\n');
        for (var i = 0; i < expectedLines.Length; i++)
        {
            if (expectedLines[i].Length == 0 && i == expectedLines.Length - 1) break;
            expected.Add(JsonTree.ParseLenient(expectedLines[i]));
        }
        if (entry.Rows is { } rows) Assert.True(expected.Count == rows, $"{name}: the expected output has {expected.Count} rows, the manifest says {rows}");

        using var reader = ParquetFileReader.Open(entry.FullPath, options?.Read);
        var mismatches = OracleComparer.Compare(name, reader.Schema, ours, expected,
            ValueOverrides.TryGetValue(name, out var overrides) ? overrides : []);
        Assert.True(mismatches.Count == 0, $"{name}: {mismatches.Count} mismatch(es) with the oracle:\n{string.Join('\n', mismatches)}");
    }

    /// <summary>Splits NDJSON into lines, holding it to the spec's shape: UTF-8 without BOM, '\n' after every row, no CR, no trailing spaces.</summary>
    private static List<ReadOnlyMemory<byte>> SplitLines(string name, byte[] output)
    {
        Assert.False(output.AsSpan().StartsWith("\uFEFF"u8), $"{name}: our output starts with a BOM");
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(output);
        }
        catch (DecoderFallbackException e)
        {
            Assert.Fail($"{name}: our output is not valid UTF-8 ({e.Message})");
        }
        Assert.True(output.Length == 0 || output[^1] == (byte)'\n', $"{name}: our output does not end with a newline");
        var lines = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        for (var i = 0; i < output.Length; i++)
        {
            if (output[i] != (byte)'\n') continue;
            var line = output.AsMemory(start, i - start);
            Assert.False(line.IsEmpty, $"{name}: empty line {lines.Count} in our NDJSON");
            Assert.False(line.Span.Contains((byte)'\r'), $"{name}, row {lines.Count}: carriage return in our NDJSON");
            Assert.False(line.Span[^1] == (byte)' ', $"{name}, row {lines.Count}: trailing space in our NDJSON");
            lines.Add(line);
            start = i + 1;
        }
        return lines;
    }

    private static byte[] ConvertToBytes(ManifestEntry entry, JsonOutputFormat format, ParquetToJsonOptions? options)
    {
        using var output = new MemoryStream();
        var failure = TryConvert(entry, options ?? new ParquetToJsonOptions(), output, format);
        Assert.True(failure is null, $"{entry.Name}: conversion failed: {failure?.Message}");
        return output.ToArray();
    }

    private static ParquetFormatException ConvertExpectingFailure(ManifestEntry entry, ParquetToJsonOptions? options)
    {
        var failure = TryConvert(entry, options ?? new ParquetToJsonOptions(), Stream.Null);
        Assert.True(failure is not null, $"{entry.Name}: the conversion was expected to fail with ParquetFormatException but succeeded");
        return failure;
    }

    /// <summary>Converts; returns the <see cref="ParquetFormatException"/> if any (single-line message checked). Any other exception fails the test.</summary>
    private static ParquetFormatException? TryConvert(ManifestEntry entry, ParquetToJsonOptions options, Stream output,
        JsonOutputFormat format = JsonOutputFormat.Ndjson)
    {
        using var input = System.IO.File.OpenRead(entry.FullPath);
        try
        {
            ParquetToJson.Convert(input, output, format, options, CancellationToken.None);
            return null;
        }
        catch (ParquetFormatException e)
        {
            AssertSingleLine(entry.Name, e);
            return e;
        }
        catch (Exception e)
        {
            Assert.Fail($"{entry.Name}: conversion threw {e.GetType().FullName} — only ParquetFormatException is allowed.\n{e}");
            return null;
        }
    }

    private static void AssertSingleLine(string name, ParquetFormatException e) =>
        Assert.True(e.Message.IndexOfAny(['\n', '\r']) < 0, $"{name}: the error message spans several lines: {e.Message}");
}
