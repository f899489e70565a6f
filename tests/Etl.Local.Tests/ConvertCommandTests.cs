using System.Text.Json;

namespace Etl.Local.Tests;

/// <summary><c>etl convert IN OUT</c>, run as a user runs it.</summary>
public class ConvertCommandTests
{
    private static readonly string AllTypes = TestData.Corpus("alltypes_plain.parquet");

    [Fact]
    public void Converts_to_ndjson_by_extension()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "convert", AllTypes, "out.ndjson");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.StandardError);
        var lines = NdjsonLines(System.IO.File.ReadAllText(dir.File("out.ndjson")));
        Assert.Equal(8, lines.Length);
        Assert.Contains("\"id\":4", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("{\"id\":4,", lines[0], StringComparison.Ordinal);
        Assert.Equal(["out.ndjson"], dir.Entries());
    }

    [Fact]
    public void Jsonl_extension_means_ndjson()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "convert", AllTypes, dir.File("rows.jsonl"));
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = NdjsonLines(System.IO.File.ReadAllText(dir.File("rows.jsonl")));
        Assert.Equal(8, lines.Length);
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
    }

    [Fact]
    public void Json_extension_means_one_array()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "convert", AllTypes, "out.json");
        Assert.True(result.ExitCode == 0, result.ToString());
        AssertArrayOfRows(System.IO.File.ReadAllText(dir.File("out.json")));
    }

    [Fact]
    public void Format_option_overrides_the_extension()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "convert", AllTypes, "out.ndjson", "--format", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        AssertArrayOfRows(System.IO.File.ReadAllText(dir.File("out.ndjson")));

        result = EtlProcess.Run(dir.Path, "convert", AllTypes, "rows.txt", "--format", "ndjson");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(8, NdjsonLines(System.IO.File.ReadAllText(dir.File("rows.txt"))).Length);
    }

    [Fact]
    public void Dash_writes_ndjson_to_standard_output()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "convert", AllTypes, "-");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.StandardError);
        var lines = NdjsonLines(result.StandardOutput);
        Assert.Equal(8, lines.Length);
        Assert.StartsWith("{\"id\":4,", lines[0], StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Unknown_extension_is_a_usage_error_that_mentions_format()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "convert", AllTypes, "out.csv");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("etl: error:", line, StringComparison.Ordinal);
        Assert.Contains("--format", line, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Missing_input_is_a_usage_error()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "convert", dir.File("nope.parquet"), "out.ndjson");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("etl: error:", line, StringComparison.Ordinal);
        Assert.Contains("file not found", line, StringComparison.Ordinal);
        Assert.Contains("nope.parquet", line, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Truncated_parquet_fails_with_one_line_and_leaves_nothing()
    {
        using var dir = TestData.Scratch();
        var truncated = dir.File("truncated.parquet");
        System.IO.File.WriteAllBytes(truncated, System.IO.File.ReadAllBytes(AllTypes)[..1000]);
        var result = EtlProcess.Run(dir.Path, "convert", truncated, "out.ndjson");
        var line = AssertBadInput(result);
        Assert.Contains("byte offset", line, StringComparison.Ordinal);
        Assert.Equal(["truncated.parquet"], dir.Entries());
    }

    [Fact]
    public void Page_with_a_wrong_checksum_fails_with_its_location_and_leaves_nothing()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "convert", TestData.Corpus("datapage_v1-corrupt-checksum.parquet"), "out.ndjson");
        var line = AssertBadInput(result);
        Assert.Contains("checksum", line, StringComparison.Ordinal);
        AssertNamesAPage(line);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Page_corrupted_in_the_middle_of_the_file_fails_and_leaves_an_existing_output_untouched()
    {
        using var dir = TestData.Scratch();
        var bytes = System.IO.File.ReadAllBytes(TestData.Corpus("datapage_v1-uncompressed-checksum.parquet"));
        bytes[bytes.Length / 2] ^= 0xFF;
        var corrupt = dir.File("corrupt.parquet");
        System.IO.File.WriteAllBytes(corrupt, bytes);
        var existing = dir.File("out.ndjson");
        System.IO.File.WriteAllText(existing, "keep me\n");
        var before = System.IO.File.GetLastWriteTimeUtc(existing);

        var result = EtlProcess.Run(dir.Path, "convert", corrupt, "out.ndjson");
        var line = AssertBadInput(result);
        AssertNamesAPage(line);
        Assert.Equal("keep me\n", System.IO.File.ReadAllText(existing));
        Assert.Equal(before, System.IO.File.GetLastWriteTimeUtc(existing));
        Assert.Equal(["corrupt.parquet", "out.ndjson"], dir.Entries());
    }

    [Fact]
    public void Truncated_parquet_leaves_an_existing_output_untouched()
    {
        using var dir = TestData.Scratch();
        var truncated = dir.File("truncated.parquet");
        System.IO.File.WriteAllBytes(truncated, System.IO.File.ReadAllBytes(AllTypes)[..1000]);
        System.IO.File.WriteAllText(dir.File("out.json"), "[]");
        var result = EtlProcess.Run(dir.Path, "convert", truncated, "out.json");
        AssertBadInput(result);
        Assert.Equal("[]", System.IO.File.ReadAllText(dir.File("out.json")));
        Assert.Equal(["out.json", "truncated.parquet"], dir.Entries());
    }

    [Fact]
    public void Verbose_adds_the_stack_trace()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "convert", TestData.Corpus("datapage_v1-corrupt-checksum.parquet"), "out.ndjson", "--verbose");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("etl: error:", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.True(result.ErrorLines.Length > 1, result.ToString());
        Assert.Contains(result.ErrorLines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.Contains("ParquetFormatException", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Encrypted_file_is_bad_input_that_says_it_is_encrypted()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "convert", TestData.Corpus("uniform_encryption.parquet.encrypted"), "out.ndjson");
        var line = AssertBadInput(result);
        Assert.Contains("encrypted", line, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Help_lists_the_file_verbs_beside_serve()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "--help");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("convert", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("inspect", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("serve", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Exit code 2, exactly one line on stderr (so no stack trace), nothing on stdout; returns the line.</summary>
    private static string AssertBadInput(EtlResult result)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("etl: error:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
        return line;
    }

    private static void AssertNamesAPage(string line)
    {
        Assert.Matches(@"row group \d+", line);
        Assert.Matches(@"column '[^']+'", line);
        Assert.Matches(@"page \d+|byte offset \d+", line);
    }

    private static string[] NdjsonLines(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var lines = text[..^1].Split('\n');
        Assert.All(lines, line => Assert.StartsWith("{", line, StringComparison.Ordinal));
        return lines;
    }

    private static void AssertArrayOfRows(string text)
    {
        using var document = JsonDocument.Parse(text);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        Assert.Equal(8, document.RootElement.GetArrayLength());
        Assert.Equal(4, document.RootElement[0].GetProperty("id").GetInt32());
    }
}
