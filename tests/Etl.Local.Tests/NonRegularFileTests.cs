using System.Text;

namespace Etl.Local.Tests;

/// <summary>
/// <c>etl convert</c>, <c>inspect</c> and <c>infer</c> on what is not a regular file: devices, FIFOs, standard input
/// and output are read or written in place, never replaced; one file under two names is refused.
/// </summary>
public class NonRegularFileTests
{
    private static readonly string AllTypes = TestData.Corpus("alltypes_plain.parquet");
    private const string Ndjson = "{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"b\":\"y\"}\n";

    [Fact]
    public void A_character_device_is_written_into_and_stays_a_device()
    {
        using var dir = TestData.Scratch();
        System.IO.File.WriteAllText(dir.File("in.ndjson"), Ndjson);
        var device = SpecialFiles.CharacterDeviceLike("/dev/null", dir.File("null"));
        var entries = dir.Entries();

        var result = EtlProcess.Run(dir.Path, "convert", "in.ndjson", device, "--format", "parquet");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("character special file", SpecialFiles.TypeOf(device));
        result = EtlProcess.Run(dir.Path, "convert", AllTypes, device, "--format", "ndjson");
        Assert.True(result.ExitCode == 0, result.ToString());
        result = EtlProcess.Run(dir.Path, "convert", "in.ndjson", device, "--format", "json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("character special file", SpecialFiles.TypeOf(device));
        Assert.Equal(entries, dir.Entries());

        // Only now the machine's own /dev/null: before the fix the node above failed first, and /dev/null was never touched.
        result = EtlProcess.Run(dir.Path, "convert", "in.ndjson", "/dev/null", "--format", "parquet");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("character special file", SpecialFiles.TypeOf("/dev/null"));
    }

    [Fact]
    public void A_full_device_is_a_clear_error_that_is_not_internal()
    {
        using var dir = TestData.Scratch();
        System.IO.File.WriteAllText(dir.File("in.ndjson"), Ndjson);
        var device = SpecialFiles.CharacterDeviceLike("/dev/full", dir.File("full"));
        var entries = dir.Entries();

        foreach (var (input, format) in new[] { ("in.ndjson", "parquet"), (AllTypes, "ndjson"), ("in.ndjson", "json") })
        {
            var result = EtlProcess.Run(dir.Path, "convert", input, device, "--format", format);
            Assert.True(result.ExitCode == 4, result.ToString());
            var line = Assert.Single(result.ErrorLines);
            Assert.StartsWith($"etl: error: cannot write '{device}': no space left on the device", line, StringComparison.Ordinal);
            Assert.DoesNotContain("internal", line, StringComparison.Ordinal);
            Assert.Equal("character special file", SpecialFiles.TypeOf(device));
            Assert.Equal(entries, dir.Entries());
        }
    }

    [Fact]
    public void A_fifo_output_receives_the_conversion_and_stays_a_fifo()
    {
        using var dir = TestData.Scratch();
        System.IO.File.WriteAllText(dir.File("in.ndjson"), Ndjson);
        var fifo = SpecialFiles.MakeFifo(dir.File("out.fifo"));

        using (var drain = SpecialFiles.Drain(fifo, dir.File("received.parquet")))
        {
            var result = EtlProcess.Run(dir.Path, "convert", "in.ndjson", "out.fifo", "--format", "parquet");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(0, drain.Finish());
        }
        Assert.Equal("fifo", SpecialFiles.TypeOf(fifo));
        var back = EtlProcess.Run(dir.Path, "convert", "received.parquet", "-");
        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.Equal(Ndjson, back.StandardOutput);

        using (var drain = SpecialFiles.Drain(fifo, dir.File("received.ndjson")))
        {
            var result = EtlProcess.Run(dir.Path, "convert", "received.parquet", "out.fifo", "--format", "ndjson");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(0, drain.Finish());
        }
        Assert.Equal(Ndjson, System.IO.File.ReadAllText(dir.File("received.ndjson")));
        Assert.Equal(["in.ndjson", "out.fifo", "received.ndjson", "received.parquet"], dir.Entries());
    }

    [Fact]
    public void Dev_stdout_is_standard_output_and_parquet_may_go_there()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "convert", AllTypes, "/dev/stdout");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(8, result.StandardOutput.TrimEnd('\n').Split('\n').Length);
        Assert.Equal("symbolic link", SpecialFiles.TypeOf("/dev/stdout"));

        System.IO.File.WriteAllText(dir.File("in.ndjson"), Ndjson);
        result = EtlProcess.Run(dir.Path, "convert", "in.ndjson", "-", "--format", "parquet");
        Assert.True(result.ExitCode == 0, result.ToString());
        System.IO.File.WriteAllBytes(dir.File("piped.parquet"), result.StandardOutputBytes);
        var back = EtlProcess.Run(dir.Path, "convert", "piped.parquet", "-");
        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.Equal(Ndjson, back.StandardOutput);
        Assert.Equal(["in.ndjson", "piped.parquet"], dir.Entries());
    }

    [Fact]
    public void Parquet_from_a_fifo_is_copied_to_a_temporary_file_that_goes_away()
    {
        using var dir = TestData.Scratch();
        using var temp = TestData.Scratch();
        var fifo = SpecialFiles.MakeFifo(dir.File("in.fifo"));
        var options = new EtlRunOptions { Environment = { ["TMPDIR"] = temp.Path }, Timeout = SpecialFiles.Patience };

        using (var feed = SpecialFiles.Feed(AllTypes, fifo))
        {
            var result = EtlProcess.Run(dir.Path, options, "convert", "in.fifo", "out.ndjson");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(0, feed.Finish());
        }
        var expected = EtlProcess.Run(dir.Path, "convert", AllTypes, "-");
        Assert.Equal(expected.StandardOutput, System.IO.File.ReadAllText(dir.File("out.ndjson")));
        Assert.Empty(temp.Entries());

        using (var feed = SpecialFiles.Feed(AllTypes, fifo))
        {
            var inspect = EtlProcess.Run(dir.Path, options, "inspect", "in.fifo");
            Assert.True(inspect.ExitCode == 0, inspect.ToString());
            Assert.Contains("\"rowCount\": 8", inspect.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("\"sizeBytes\": 1851", inspect.StandardOutput, StringComparison.Ordinal);
            feed.Finish();
        }
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void Json_from_a_fifo_converts_and_infers_and_parquet_there_is_not_inferred()
    {
        using var dir = TestData.Scratch();
        using var temp = TestData.Scratch();
        System.IO.File.WriteAllText(dir.File("in.ndjson"), Ndjson);
        var fifo = SpecialFiles.MakeFifo(dir.File("in.fifo"));
        var options = new EtlRunOptions { Environment = { ["TMPDIR"] = temp.Path }, Timeout = SpecialFiles.Patience };

        using (var feed = SpecialFiles.Feed(dir.File("in.ndjson"), fifo))
        {
            var result = EtlProcess.Run(dir.Path, options, "convert", "in.fifo", "out.parquet");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(0, feed.Finish());
        }
        var back = EtlProcess.Run(dir.Path, "convert", "out.parquet", "-");
        Assert.Equal(Ndjson, back.StandardOutput);
        Assert.Empty(temp.Entries());

        using (var feed = SpecialFiles.Feed(dir.File("in.ndjson"), fifo))
        {
            var infer = EtlProcess.Run(dir.Path, options, "infer", "in.fifo");
            Assert.True(infer.ExitCode == 0, infer.ToString());
            Assert.Contains("\"records\":2", infer.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(0, feed.Finish());
        }

        using (var feed = SpecialFiles.Feed(AllTypes, fifo))
        {
            var infer = EtlProcess.Run(dir.Path, options, "infer", "in.fifo");
            Assert.True(infer.ExitCode == 1, infer.ToString());
            Assert.Contains("'in.fifo' is Parquet", Assert.Single(infer.ErrorLines), StringComparison.Ordinal);
            Assert.Contains("etl inspect", infer.StandardError, StringComparison.Ordinal);
            feed.Finish();
        }
    }

    [Theory]
    [InlineData("-")]
    [InlineData("/dev/stdin")]
    public void Standard_input_is_read_as_a_pipe(string name)
    {
        using var dir = TestData.Scratch();
        using var temp = TestData.Scratch();
        var parquet = new EtlRunOptions { StandardInput = System.IO.File.ReadAllBytes(AllTypes), Environment = { ["TMPDIR"] = temp.Path } };
        var result = EtlProcess.Run(dir.Path, parquet, "convert", name, "-");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(EtlProcess.Run(dir.Path, "convert", AllTypes, "-").StandardOutput, result.StandardOutput);

        var json = new EtlRunOptions { StandardInput = Encoding.UTF8.GetBytes(Ndjson), Environment = { ["TMPDIR"] = temp.Path } };
        result = EtlProcess.Run(dir.Path, json, "convert", name, "out.parquet");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Ndjson, EtlProcess.Run(dir.Path, "convert", "out.parquet", "-").StandardOutput);

        result = EtlProcess.Run(dir.Path, parquet, "inspect", name);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"rowCount\": 8", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void Beyond_the_spool_limit_says_so_and_how_to_raise_it()
    {
        using var dir = TestData.Scratch();
        using var temp = TestData.Scratch();
        var bytes = System.IO.File.ReadAllBytes(AllTypes);

        var result = EtlProcess.Run(dir.Path, new EtlRunOptions { StandardInput = bytes, Environment = { ["TMPDIR"] = temp.Path } },
            "convert", "-", "out.ndjson", "--spool-limit", "1K");
        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("standard input is larger than the spool limit of 1 KiB", line, StringComparison.Ordinal);
        Assert.Contains("--spool-limit", line, StringComparison.Ordinal);
        Assert.Contains("ETL_SPOOL_LIMIT_BYTES", line, StringComparison.Ordinal);
        Assert.Empty(temp.Entries());
        Assert.Empty(dir.Entries());

        var fifo = SpecialFiles.MakeFifo(dir.File("in.fifo"));
        using (var feed = SpecialFiles.Feed(AllTypes, fifo))
        {
            var limited = new EtlRunOptions { Environment = { ["TMPDIR"] = temp.Path, ["ETL_SPOOL_LIMIT_BYTES"] = "1000" }, Timeout = SpecialFiles.Patience };
            result = EtlProcess.Run(dir.Path, limited, "inspect", "in.fifo");
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("'in.fifo' is larger than the spool limit of 1000 bytes", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
            feed.Finish();
        }
        Assert.Empty(temp.Entries());

        var enough = new EtlRunOptions { StandardInput = bytes, Environment = { ["ETL_SPOOL_LIMIT_BYTES"] = "1851" } };
        result = EtlProcess.Run(dir.Path, enough, "convert", "-", "-");
        Assert.True(result.ExitCode == 0, result.ToString());

        var wrong = new EtlRunOptions { StandardInput = bytes, Environment = { ["ETL_SPOOL_LIMIT_BYTES"] = "lots" } };
        result = EtlProcess.Run(dir.Path, wrong, "convert", "-", "-");
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("ETL_SPOOL_LIMIT_BYTES='lots' is not a size", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipe_that_is_not_parquet_is_refused_for_its_first_bytes_without_a_copy()
    {
        using var dir = TestData.Scratch();
        using var temp = TestData.Scratch();
        var json = new EtlRunOptions
        {
            StandardInput = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Ndjson, 1000))),
            Environment = { ["TMPDIR"] = temp.Path, ["ETL_SPOOL_LIMIT_BYTES"] = "100" },
        };
        var result = EtlProcess.Run(dir.Path, json, "inspect", "-");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("etl: error: cannot read this Parquet file: not a Parquet file: it does not start with the magic bytes PAR1 (at byte offset 0)",
            Assert.Single(result.ErrorLines));
        Assert.Empty(temp.Entries());
    }

    [Fact]
    public void The_same_file_as_input_and_output_is_refused_before_anything_is_written()
    {
        using var dir = TestData.Scratch();
        const string Original = "{ \"b\": 1, \"a\": 2 }\n";
        System.IO.File.WriteAllText(dir.File("x.ndjson"), Original);
        System.IO.File.Copy(AllTypes, dir.File("x.parquet"));
        System.IO.File.CreateSymbolicLink(dir.File("link.ndjson"), "x.ndjson");
        SpecialFiles.HardLink(dir.File("x.ndjson"), dir.File("hard.ndjson"));

        foreach (var (input, output) in new[] { ("x.ndjson", "./x.ndjson"), ("x.ndjson", "link.ndjson"), ("hard.ndjson", "x.ndjson"), ("x.parquet", "x.parquet") })
        {
            var result = EtlProcess.Run(dir.Path, "convert", input, output, "--format", "ndjson");
            Assert.True(result.ExitCode == 1, $"{input} → {output}: {result}");
            Assert.Equal($"etl: error: '{input}' and '{output}' are the same file; write the output to another file", Assert.Single(result.ErrorLines));
        }
        Assert.Equal(Original, System.IO.File.ReadAllText(dir.File("x.ndjson")));
        Assert.Equal("symbolic link", SpecialFiles.TypeOf(dir.File("link.ndjson")));
        Assert.Equal(System.IO.File.ReadAllBytes(AllTypes), System.IO.File.ReadAllBytes(dir.File("x.parquet")));
        Assert.Equal(["hard.ndjson", "link.ndjson", "x.ndjson", "x.parquet"], dir.Entries());
    }

    [Fact]
    public void A_symbolic_link_output_is_written_through()
    {
        using var dir = TestData.Scratch();
        System.IO.File.WriteAllText(dir.File("target.ndjson"), "old\n");
        System.IO.File.CreateSymbolicLink(dir.File("link.ndjson"), "target.ndjson");
        var result = EtlProcess.Run(dir.Path, "convert", AllTypes, "link.ndjson");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("symbolic link", SpecialFiles.TypeOf(dir.File("link.ndjson")));
        Assert.Equal(8, System.IO.File.ReadAllText(dir.File("target.ndjson")).TrimEnd('\n').Split('\n').Length);
        Assert.Equal(["link.ndjson", "target.ndjson"], dir.Entries());
    }

    [Theory]
    [InlineData("empty.parquet", "", "'empty.parquet' is an empty Parquet file (0 bytes)")]
    [InlineData("empty", "", "'empty' is empty (0 bytes); expected Parquet, JSON or NDJSON")]
    [InlineData("cut.parquet", "PAR", "cannot read this Parquet file: the file is only 3 bytes long, and a Parquet file holds at least 12")]
    [InlineData("cut4.parquet", "PAR1", "cannot read this Parquet file: the file is only 4 bytes long, and a Parquet file holds at least 12")]
    [InlineData("binary.parquet", "\u0001\u0002\u0003\u0004\u0005", "cannot read this Parquet file: not a Parquet file: it does not start with the magic bytes PAR1")]
    public void Empty_and_cut_short_inputs_say_what_they_are(string name, string content, string message)
    {
        using var dir = TestData.Scratch();
        System.IO.File.WriteAllText(dir.File(name), content);
        var result = EtlProcess.Run(dir.Path, "convert", name, "out.ndjson");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal([name], dir.Entries());
    }

    [Fact]
    public void An_empty_or_cut_short_fifo_is_bad_input_and_leaves_nothing()
    {
        using var dir = TestData.Scratch();
        using var temp = TestData.Scratch();
        System.IO.File.WriteAllText(dir.File("empty"), "");
        System.IO.File.WriteAllBytes(dir.File("half"), System.IO.File.ReadAllBytes(AllTypes)[..900]);
        var fifo = SpecialFiles.MakeFifo(dir.File("in.fifo"));
        var options = new EtlRunOptions { Environment = { ["TMPDIR"] = temp.Path }, Timeout = SpecialFiles.Patience };

        using (var feed = SpecialFiles.Feed(dir.File("empty"), fifo))
        {
            var result = EtlProcess.Run(dir.Path, options, "convert", "in.fifo", "out.ndjson");
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("'in.fifo' is empty (0 bytes)", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
            feed.Finish();
        }
        using (var feed = SpecialFiles.Feed(dir.File("half"), fifo))
        {
            var result = EtlProcess.Run(dir.Path, options, "convert", "in.fifo", "out.ndjson");
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.StartsWith("etl: error: cannot read this Parquet file:", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
            feed.Finish();
        }
        Assert.Empty(temp.Entries());
        Assert.Equal(["empty", "half", "in.fifo"], dir.Entries());
    }
}
