namespace Etl.Local.Tests;

/// <summary><c>etl convert --max-output-bytes N</c>: the CLI's guard against an output that grows past what the user expects.</summary>
public class MaxOutputBytesTests
{
    private static readonly string AllTypes = TestData.Corpus("alltypes_plain.parquet");

    [Fact]
    public void Past_the_limit_the_conversion_stops_with_exit_code_4_naming_the_limit_and_keeps_no_output()
    {
        using var dir = TestData.Scratch();
        var existing = dir.File("out.json");
        System.IO.File.WriteAllText(existing, "keep me\n");

        var result = EtlProcess.Run(dir.Path, "convert", AllTypes, "out.json", "--max-output-bytes", "100");

        Assert.True(result.ExitCode == 4, result.ToString());
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("limit of 100 bytes set by --max-output-bytes", line, StringComparison.Ordinal);
        Assert.Equal("keep me\n", System.IO.File.ReadAllText(existing));
        Assert.Equal(["out.json"], dir.Entries());
    }

    [Fact]
    public void An_output_within_the_limit_is_written_as_without_it()
    {
        using var dir = TestData.Scratch();
        Assert.Equal(0, EtlProcess.Run(dir.Path, "convert", AllTypes, "plain.ndjson").ExitCode);
        var size = new FileInfo(dir.File("plain.ndjson")).Length;

        var result = EtlProcess.Run(dir.Path, "convert", AllTypes, "limited.ndjson", "--max-output-bytes", size.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(System.IO.File.ReadAllBytes(dir.File("plain.ndjson")), System.IO.File.ReadAllBytes(dir.File("limited.ndjson")));
    }
}
