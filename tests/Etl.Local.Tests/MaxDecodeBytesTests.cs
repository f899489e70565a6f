using Etl.Parquet.File;

namespace Etl.Local.Tests;

/// <summary>
/// <c>etl convert --max-decode-bytes SIZE</c> (else ETL_MAX_DECODE_BYTES, else 1 GiB): a Parquet row group that decodes
/// to more is refused with exit code 2, saying how to raise the budget, instead of taking the machine's memory.
/// </summary>
public class MaxDecodeBytesTests
{
    /// <summary>500,000 rows of one string, written by etl itself as one row group: ~5 KB of Parquet, ~26 MB decoded.</summary>
    private static string OneLargeRowGroup(ScratchFolder dir)
    {
        var line = "{\"c\":\"the-same-value-in-every-row-of-this-file\"}\n"u8.ToArray();
        var ndjson = new byte[line.Length * 500_000];
        for (var i = 0; i < ndjson.Length; i += line.Length) line.CopyTo(ndjson, i);
        System.IO.File.WriteAllBytes(dir.File("rows.ndjson"), ndjson);
        var written = EtlProcess.Run(dir.Path, "convert", "rows.ndjson", "one.parquet");
        Assert.True(written.ExitCode == 0, written.ToString());
        System.IO.File.Delete(dir.File("rows.ndjson"));
        using var reader = ParquetFileReader.Open(dir.File("one.parquet"));
        Assert.Equal(1, reader.RowGroupCount);
        return "one.parquet";
    }

    [Fact]
    public void A_row_group_past_the_budget_exits_2_naming_the_row_group_and_how_to_raise_it_and_keeps_no_output()
    {
        using var dir = TestData.Scratch();
        var input = OneLargeRowGroup(dir);

        var result = EtlProcess.Run(dir.Path, "convert", input, "out.ndjson", "--max-decode-bytes", "8M");

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("row group 0 holds 500,000 rows", line, StringComparison.Ordinal);
        Assert.Contains("decode budget of 8 MiB", line, StringComparison.Ordinal);
        Assert.Contains("smaller row groups", line, StringComparison.Ordinal);
        Assert.Contains("--max-decode-bytes", line, StringComparison.Ordinal);
        Assert.Contains("ETL_MAX_DECODE_BYTES", line, StringComparison.Ordinal);
        Assert.Equal([input], dir.Entries());
    }

    [Fact]
    public void The_budget_comes_from_ETL_MAX_DECODE_BYTES_when_the_option_is_absent_and_the_option_wins()
    {
        using var dir = TestData.Scratch();
        var input = OneLargeRowGroup(dir);
        var small = new EtlRunOptions { Environment = { ["ETL_MAX_DECODE_BYTES"] = "8MiB" } };

        var refused = EtlProcess.Run(dir.Path, small, "convert", input, "refused.ndjson");
        var raised = EtlProcess.Run(dir.Path, small, "convert", input, "out.ndjson", "--max-decode-bytes", "64M");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("decode budget of 8 MiB", refused.StandardError, StringComparison.Ordinal);
        Assert.True(raised.ExitCode == 0, raised.ToString());
        Assert.Equal(500_000, System.IO.File.ReadLines(dir.File("out.ndjson")).Count());
    }

    [Fact]
    public void A_size_that_is_not_one_is_a_usage_error()
    {
        using var dir = TestData.Scratch();

        var result = EtlProcess.Run(dir.Path, "convert", TestData.Corpus("alltypes_plain.parquet"), "out.ndjson", "--max-decode-bytes", "lots");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("--max-decode-bytes 'lots' is not a size", result.StandardError, StringComparison.Ordinal);
    }
}
