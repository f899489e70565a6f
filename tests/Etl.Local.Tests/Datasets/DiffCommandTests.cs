using System.Text.Json.Nodes;

namespace Etl.Local.Tests.Datasets;

/// <summary>
/// <c>etl diff</c> on the real process: the exit code tells CI none / non-breaking / breaking, the changes.json on
/// standard output carries each graded change and the policy's decision, and failures to compare are never 1 or 2.
/// </summary>
public sealed class DiffCommandTests
{
    // tables.json written by hand (the shape DESIGN.md binds), so the test does not lean on our own serializer.
    private static string Orders(params string[] columns) =>
        "{\"tables\": [{\"name\": \"orders\", \"primaryKey\": [\"_etl_key\"], \"foreignKeys\": [], \"rowCount\": 3, \"columns\": [" +
        "{\"name\": \"_etl_key\", \"type\": \"STRING\", \"nullable\": false, \"sourcePath\": \"$key\"}" +
        string.Concat(columns.Select(c => ", " + c)) + "]}], " +
        "\"recommendation\": {\"layout\": \"denormalized\", \"confidence\": 0.9, \"reason\": \"one table\"}, \"inputRecords\": 3, \"aliases\": []}";

    private const string Id = "{\"name\": \"id\", \"type\": \"INT64\", \"nullable\": false, \"sourcePath\": \"id\"}";
    private const string Total = "{\"name\": \"total\", \"type\": \"INT64\", \"nullable\": true, \"sourcePath\": \"total\"}";

    private static string Write(ScratchFolder scratch, string name, string document)
    {
        var path = scratch.File(name);
        File.WriteAllText(path, document);
        return path;
    }

    [Fact]
    public void Same_schema_exits_0_with_an_empty_change_list()
    {
        using var scratch = TestData.Scratch();
        var result = EtlProcess.Run(scratch.Path, "diff", Write(scratch, "a.json", Orders(Id, Total)), Write(scratch, "b.json", Orders(Id, Total)));
        Assert.True(result.ExitCode == 0, result.ToString());
        var changes = JsonNode.Parse(result.StandardOutput)!;
        Assert.Empty(changes["changes"]!.AsArray());
        Assert.Equal("applied", (string?)changes["decision"]);
        Assert.Contains("no changes", result.StandardError);
    }

    [Fact]
    public void An_added_nullable_column_is_info_and_exits_1()
    {
        using var scratch = TestData.Scratch();
        var result = EtlProcess.Run(scratch.Path, "diff", Write(scratch, "a.json", Orders(Id)), Write(scratch, "b.json", Orders(Id, Total)));
        Assert.True(result.ExitCode == 1, result.ToString());
        var change = JsonNode.Parse(result.StandardOutput)!["changes"]!.AsArray().Single()!;
        Assert.Equal("column_added", (string?)change["kind"]);
        Assert.Equal("info", (string?)change["severity"]);
        Assert.Equal("total", (string?)change["column"]);
    }

    [Theory]
    [InlineData("evolve", "held-for-review")]
    [InlineData("review", "held-for-review")]
    [InlineData("freeze", "rejected")]
    public void A_dropped_column_is_breaking_exits_2_and_the_policy_decides(string policy, string decision)
    {
        using var scratch = TestData.Scratch();
        var result = EtlProcess.Run(scratch.Path, "diff", "--policy", policy, Write(scratch, "a.json", Orders(Id, Total)), Write(scratch, "b.json", Orders(Id)));
        Assert.True(result.ExitCode == 2, result.ToString());
        var document = JsonNode.Parse(result.StandardOutput)!;
        Assert.Equal(decision, (string?)document["decision"]);
        var change = document["changes"]!.AsArray().Single()!;
        Assert.Equal("column_dropped", (string?)change["kind"]);
        Assert.Equal("breaking", (string?)change["severity"]);
    }

    [Fact]
    public void A_folder_written_by_normalize_and_an_output_file_are_accepted()
    {
        using var scratch = TestData.Scratch();
        var folder = Directory.CreateDirectory(scratch.File("v1")).FullName;
        Write(scratch, "v1/tables.json", Orders(Id));
        var output = scratch.File("changes.json");
        var result = EtlProcess.Run(scratch.Path, "diff", "--dataset", "orders", "-o", output, folder, Write(scratch, "b.json", Orders(Id, Total)));
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.StandardOutput);
        Assert.Equal("orders", (string?)JsonNode.Parse(File.ReadAllText(output))!["dataset"]);
    }

    [Fact]
    public void A_missing_or_unreadable_side_exits_3_and_says_which()
    {
        using var scratch = TestData.Scratch();
        var good = Write(scratch, "a.json", Orders(Id));
        var missing = EtlProcess.Run(scratch.Path, "diff", good, scratch.File("nope.json"));
        Assert.True(missing.ExitCode == 3, missing.ToString());
        Assert.Contains("nope.json", missing.StandardError);

        var broken = scratch.File("broken.json");
        File.WriteAllText(broken, "{\"tables\": [ {\"name\": 3");
        var unreadable = EtlProcess.Run(scratch.Path, "diff", good, broken);
        Assert.True(unreadable.ExitCode == 3, unreadable.ToString());
        Assert.Contains("broken.json", unreadable.StandardError);
        Assert.Equal("", unreadable.StandardOutput);
    }

    [Fact]
    public void Two_json_files_are_compared_as_the_tables_a_load_would_register()
    {
        using var scratch = TestData.Scratch();
        var v1 = scratch.File("orders-v1.ndjson");
        var v2 = scratch.File("orders-v2.ndjson");
        File.WriteAllText(v1, "{\"id\": 1, \"items\": [{\"sku\": \"a\", \"qty\": 2}]}\n{\"id\": 2, \"items\": [{\"sku\": \"b\", \"qty\": 1}]}\n");
        File.WriteAllText(v2, "{\"id\": 1, \"items\": [{\"sku\": \"a\"}]}\n{\"id\": 2, \"items\": [{\"sku\": \"b\"}]}\n");
        var temp = Directory.CreateDirectory(scratch.File("tmp")).FullName;
        var result = EtlProcess.Run(scratch.Path, new EtlRunOptions { Environment = { ["TMPDIR"] = temp } }, "diff", "--dataset", "orders", v1, v2);
        Assert.True(result.ExitCode == 2, result.ToString());
        var change = JsonNode.Parse(result.StandardOutput)!["changes"]!.AsArray().Single()!;
        Assert.Equal("column_dropped", (string?)change["kind"]);
        Assert.Equal("orders__items", (string?)change["table"]);
        Assert.Equal("qty", (string?)change["column"]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp));

        var same = EtlProcess.Run(scratch.Path, "diff", "--dataset", "orders", v1, v1);
        Assert.True(same.ExitCode == 0, same.ToString());
    }

    [Fact]
    public void A_parquet_file_is_compared_by_its_footer_with_the_json_it_came_from()
    {
        using var scratch = TestData.Scratch();
        var json = scratch.File("people.ndjson");
        File.WriteAllText(json, "{\"id\": 1, \"name\": \"a\"}\n{\"id\": 2, \"name\": \"b\"}\n");
        var parquet = scratch.File("people.parquet");
        var converted = EtlProcess.Run(scratch.Path, "convert", json, parquet);
        Assert.True(converted.ExitCode == 0, converted.ToString());
        var wider = scratch.File("people-v2.ndjson");
        File.WriteAllText(wider, "{\"id\": 1.5, \"name\": \"a\"}\n{\"id\": 2, \"name\": \"b\"}\n");
        var widerParquet = scratch.File("people-v2.parquet");
        Assert.Equal(0, EtlProcess.Run(scratch.Path, "convert", wider, widerParquet).ExitCode);

        var result = EtlProcess.Run(scratch.Path, "diff", "--dataset", "people", parquet, widerParquet);
        Assert.True(result.ExitCode == 1, result.ToString());
        var change = JsonNode.Parse(result.StandardOutput)!["changes"]!.AsArray().Single()!;
        Assert.Equal("type_changed", (string?)change["kind"]);
        Assert.Equal("warning", (string?)change["severity"]);
        Assert.Equal("INT64", (string?)change["from"]);
        Assert.Equal("DOUBLE", (string?)change["to"]);
    }
}
