using System.Text.Json;

namespace Etl.Local.Tests.Datasets;

/// <summary><c>etl normalize IN OUTDIR</c>, run as a user runs it.</summary>
public class NormalizeCommandTests
{
    private static readonly string Events = TestFiles.In("json-samples", "github-events-gharchive-2021-07-21.ndjson");

    [Fact]
    public void Writes_a_folder_per_table_and_tables_json_that_DuckDB_reads_with_every_join_holding()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "normalize", Events, "out", "--dataset", "events");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("events: 800 rows", result.StandardOutput);
        Assert.Contains("recommendation: normalized", result.StandardOutput);
        Assert.Equal(["out"], dir.Entries());
        var tables = Tables(dir.File("out/tables.json"));
        Assert.Equal("events", tables[0].GetProperty("name").GetString());
        foreach (var table in tables)
        {
            var name = table.GetProperty("name").GetString();
            Assert.Equal($"{name}/{name}.parquet", table.GetProperty("file").GetString());
            Assert.True(File.Exists(Path.Combine(dir.File("out"), table.GetProperty("file").GetString()!)));
        }
        var check = JsonDocument.Parse(InteropNode.Run("check-normalized.mjs", dir.File("out"))).RootElement;
        Assert.True(check.GetProperty("ok").GetBoolean(), check.ToString());
    }

    [Fact]
    public void Its_ddl_sql_creates_tables_in_DuckDB_that_take_every_table_with_its_keys_enforced()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "normalize", Events, "out", "--dataset", "events");
        Assert.True(result.ExitCode == 0, result.ToString());
        var ddl = File.ReadAllText(dir.File("out/ddl.sql"));
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS `events`.`events__payload__commits`", ddl);
        Assert.Contains($"LOCATION '{dir.File("out")}/events__payload__commits/'", ddl);

        // The DuckDB section, uncommented, then every table loaded by name in tables.json's order (parents first):
        // DuckDB checks the NOT NULLs, primary keys and foreign keys on every row.
        var lines = ddl.Split('\n');
        var start = Array.IndexOf(lines, "-- ===== DuckDB =====");
        var end = Array.IndexOf(lines, "-- ===== PostgreSQL =====");
        Assert.True(start >= 0 && end > start, "ddl.sql has a DuckDB section before the PostgreSQL one");
        var sql = new System.Text.StringBuilder();
        foreach (var line in lines[(start + 1)..end]) sql.Append(line.StartsWith("-- ") ? line[3..] : line).Append('\n');
        foreach (var table in Tables(dir.File("out/tables.json")))
        {
            var name = table.GetProperty("name").GetString();
            sql.Append($"INSERT INTO \"events\".\"{name}\" BY NAME SELECT * FROM read_parquet('{Path.Combine(dir.File("out"), table.GetProperty("file").GetString()!)}');\n");
        }
        sql.Append("SELECT count(*) AS n FROM \"events\".\"events__payload__commits\";\n");
        File.WriteAllText(dir.File("load.sql"), sql.ToString());
        var run = JsonDocument.Parse(InteropNode.Run("run-sql.mjs", dir.File("load.sql"))).RootElement;
        Assert.False(run.TryGetProperty("error", out var error), error.ToString());
        var results = run.GetProperty("results");
        Assert.Equal("680", results[results.GetArrayLength() - 1].GetProperty("rows")[0].GetProperty("n").ToString());
    }

    [Fact]
    public void Refuses_a_non_empty_OUTDIR_unless_forced_and_then_replaces_it_whole()
    {
        using var dir = TestData.Scratch();
        Directory.CreateDirectory(dir.File("out"));
        File.WriteAllText(dir.File("out/keep.txt"), "mine");

        var refused = EtlProcess.Run(dir.Path, "normalize", Events, "out");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("exists and is not empty", refused.StandardError);
        Assert.Contains("--force", refused.StandardError);
        Assert.Equal("mine", File.ReadAllText(dir.File("out/keep.txt")));

        var forced = EtlProcess.Run(dir.Path, "normalize", Events, "out", "--force");
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.False(File.Exists(dir.File("out/keep.txt")));
        Assert.True(File.Exists(dir.File("out/tables.json")));
        Assert.Equal(["out"], dir.Entries());
    }

    [Fact]
    public void Bad_options_exit_1_saying_what_is_wrong_and_leave_nothing_behind()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "normalize", Events, "out", "--options", "{\"maxTableNesting\": \"deep\"}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("maxTableNesting must be a whole number from 0 to 32", result.StandardError);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Invalid_JSON_exits_2_with_where_and_leaves_no_half_set()
    {
        using var dir = TestData.Scratch();
        File.WriteAllText(dir.File("bad.ndjson"), "{\"id\": 1, \"items\": [{\"a\": 1}]}\n{\"id\": 2, \"items\": [\n");
        var result = EtlProcess.Run(dir.Path, "normalize", "bad.ndjson", "out");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("line 2", result.StandardError);
        Assert.Equal(["bad.ndjson"], dir.Entries());
    }

    [Fact]
    public void Options_come_from_a_file_with_at_and_the_dataset_defaults_to_the_file_name()
    {
        using var dir = TestData.Scratch();
        File.WriteAllText(dir.File("Orders 2024.ndjson"), "{\"id\": 1, \"tags\": [\"a\"], \"items\": [{\"n\": 1}]}\n");
        File.WriteAllText(dir.File("options.json"), "{\"paths\": {\"tags\": {\"arrays\": \"list\"}}}");
        var result = EtlProcess.Run(dir.Path, "normalize", "Orders 2024.ndjson", "out", "--options", "@options.json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var tables = Tables(dir.File("out/tables.json"));
        Assert.Equal(["orders_2024", "orders_2024__items"], tables.Select(t => t.GetProperty("name").GetString()));
        var tags = tables[0].GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "tags");
        Assert.Equal("LIST<STRING>", tags.GetProperty("type").GetString());
    }

    private static JsonElement[] Tables(string path) =>
        [.. JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("tables").EnumerateArray()];
}
