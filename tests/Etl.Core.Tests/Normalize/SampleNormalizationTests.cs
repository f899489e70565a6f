using Etl.Core.Normalize;
using Etl.Tests.Shared;

namespace Etl.Core.Tests.Normalize;

/// <summary>Every json-sample normalizes; DuckDB reads every table, the joins hold, and row counts match the raw JSON.</summary>
public sealed class SampleNormalizationTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestFiles.In("json-samples")).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".ndjson", StringComparison.Ordinal)
                || name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".geojson", StringComparison.Ordinal))
                data.Add(name);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_table_is_read_by_DuckDB_the_joins_hold_and_the_rows_are_the_elements_of_the_raw_JSON(string sample)
    {
        var json = File.ReadAllBytes(TestFiles.In("json-samples", sample));
        using var normalized = NormalizedFolder.Of(json, TableNamer.DatasetNameFromFile(sample));
        var document = normalized.Document;

        var check = normalized.Check();
        Assert.True(check.GetProperty("ok").GetBoolean(), check.ToString());

        var records = RawJsonCounts.Records(json);
        Assert.Equal(records.Count, document.InputRecords);
        foreach (var table in document.Tables)
        {
            var source = table.Parent is null ? "records" : SourceOfRows(table);
            var expected = table.Parent is null ? records.Count : RawJsonCounts.At(records, source);
            Assert.True(expected == table.RowCount, $"{sample}: {table.Name} ({source}) has {table.RowCount} rows; the raw JSON has {expected}");
            Assert.True(table.Validation!.Holds);
            var read = check.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == table.Name);
            Assert.Equal(table.RowCount, read.GetProperty("rows").GetInt64());
        }
    }

    [Fact]
    public void GitHub_events_become_events_with_child_tables_a_natural_key_and_a_normalized_recommendation()
    {
        var json = File.ReadAllBytes(TestFiles.In("json-samples", "github-events-gharchive-2021-07-21.ndjson"));
        using var normalized = NormalizedFolder.Of(json, "events");
        var events = normalized.Table("events");
        Assert.Equal(["id"], events.NaturalKey!.Columns);
        Assert.Contains("unique and non-null in all", events.NaturalKey.Reason);
        var commits = normalized.Table("events__payload__commits");
        Assert.Equal("events", commits.Parent);
        Assert.Contains(commits.Columns, c => c.Name == "author__email" && c.SourcePath == "payload.commits[].author.email");
        Assert.Contains(commits.ForeignKeys, f => f.Columns.SequenceEqual(["_etl_parent_key"]) && f.References.Table == "events");
        Assert.Contains(events.Columns, c => c.Name == "actor__login" && c.SourcePath == "actor.login");
        Assert.Equal(Etl.Core.Datasets.TableLayout.Normalized, normalized.Document.Recommendation.Layout);
    }

    // The array (or map) a child table's rows come from: its first column's source path tells it.
    private static string SourceOfRows(Etl.Core.Datasets.TableSchema table)
    {
        var position = table.Column("_etl_position")!.SourcePath;
        return position[..position.IndexOf(" (position)", StringComparison.Ordinal)];
    }
}

/// <summary>Pass one on several cores (NDJSON in blocks of lines) gives exactly what one thread gives.</summary>
public sealed class ParallelSurveyTests
{
    [Theory]
    [InlineData("github-events-gharchive-2021-07-21.ndjson")]
    [InlineData("rasa-tracker-events.jsonl")]
    public void Blocks_read_by_the_inference_and_the_survey_at_once_give_the_same_tables_as_one_thread(string sample)
    {
        var json = File.ReadAllBytes(TestFiles.In("json-samples", sample));
        using var one = NormalizedFolder.Of(json, "s", new NormalizeOptions { Parallelism = 1 });
        using var blocks = NormalizedFolder.Of(json, "s", new NormalizeOptions { Parallelism = 2, SurveyBlockBytes = 64 * 1024 });

        Assert.Equal(one.Document.ToJson(), blocks.Document.ToJson());
        foreach (var table in one.Document.Tables)
            Assert.Equal(File.ReadAllBytes(Path.Combine(one.Folder, table.File!)), File.ReadAllBytes(Path.Combine(blocks.Folder, table.File!)));
    }

    [Fact]
    public void Identical_records_without_a_natural_key_are_numbered_in_input_order_whatever_the_cores()
    {
        var lines = Enumerable.Range(0, 3000).Select(i => $"{{\"n\": {i % 7}, \"items\": [{{\"a\": {i % 3}}}]}}");
        var json = System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        using var one = NormalizedFolder.Of(json, "s", new NormalizeOptions { Parallelism = 1 });
        using var blocks = NormalizedFolder.Of(json, "s", new NormalizeOptions { Parallelism = 2, SurveyBlockBytes = 8 * 1024 });

        Assert.Null(one.Table("s").NaturalKey);
        Assert.Equal(one.Document.ToJson(), blocks.Document.ToJson());
        foreach (var table in one.Document.Tables)
            Assert.Equal(File.ReadAllBytes(Path.Combine(one.Folder, table.File!)), File.ReadAllBytes(Path.Combine(blocks.Folder, table.File!)));
        Assert.True(blocks.Check().GetProperty("ok").GetBoolean());
    }

    [Fact]
    public void An_invalid_line_is_reported_with_its_line_number_as_with_one_thread()
    {
        var lines = Enumerable.Range(0, 5000).Select(i => $"{{\"id\": {i}, \"items\": [{{\"a\": {i}}}]}}").ToList();
        lines[4321] = "{\"id\": 4321, \"items\": [";
        var json = System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        var error = Assert.Throws<Etl.Core.Json.JsonInputException>(() => NormalizedFolder.Of(json, "s", new NormalizeOptions { Parallelism = 2, SurveyBlockBytes = 16 * 1024 }));
        Assert.Equal(4322, error.Line);
    }
}
