using System.Text;

namespace Etl.Local.Tests;

/// <summary><c>etl convert</c> and <c>etl infer</c> with JSON input, run as a user runs them.</summary>
public class JsonConvertCommandTests
{
    [Theory]
    [InlineData("snappy")]
    [InlineData("zstd")]
    [InlineData("gzip")]
    [InlineData("none")]
    public void Ndjson_converts_to_parquet_with_each_compression_and_back(string compression)
    {
        using var dir = TestData.Scratch();
        System.IO.File.WriteAllText(dir.File("in.ndjson"), "{\"a\":1,\"b\":\"x\"}\n{\"a\":2.5,\"b\":null,\"c\":[1,2]}\n");
        var result = EtlProcess.Run(dir.Path, "convert", "in.ndjson", "out.parquet", "--compression", compression);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("PAR1", Encoding.ASCII.GetString(System.IO.File.ReadAllBytes(dir.File("out.parquet")).AsSpan(0, 4)));

        var back = EtlProcess.Run(dir.Path, "convert", "out.parquet", "-");
        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.Equal("{\"a\":1,\"b\":\"x\",\"c\":null}\n{\"a\":2.5,\"b\":null,\"c\":[1,2]}\n", back.StandardOutput);
    }

    [Fact]
    public void Threads_change_nothing_in_the_output_and_must_be_positive()
    {
        using var dir = TestData.Scratch();
        var lines = new StringBuilder();
        for (var i = 0; i < 20_000; i++) lines.Append("{\"i\":").Append(i).Append(",\"s\":\"v").Append(i % 97).Append("\",\"l\":[").Append(i % 5).Append("]}\n");
        System.IO.File.WriteAllText(dir.File("in.ndjson"), lines.ToString());
        foreach (var threads in new[] { "1", "2", "3" })
        {
            var result = EtlProcess.Run(dir.Path, "convert", "in.ndjson", $"out{threads}.parquet", "--threads", threads);
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        var one = System.IO.File.ReadAllBytes(dir.File("out1.parquet"));
        Assert.Equal(one, System.IO.File.ReadAllBytes(dir.File("out2.parquet")));
        Assert.Equal(one, System.IO.File.ReadAllBytes(dir.File("out3.parquet")));
        var back1 = EtlProcess.Run(dir.Path, "convert", "out1.parquet", "back1.ndjson", "--threads", "1");
        var back3 = EtlProcess.Run(dir.Path, "convert", "out1.parquet", "back3.ndjson", "--threads", "3");
        Assert.True(back1.ExitCode == 0 && back3.ExitCode == 0, back1.ToString() + back3);
        Assert.Equal(System.IO.File.ReadAllText(dir.File("back1.ndjson")), System.IO.File.ReadAllText(dir.File("back3.ndjson")));

        var zero = EtlProcess.Run(dir.Path, "convert", "in.ndjson", "zero.parquet", "--threads", "0");
        Assert.Equal(1, zero.ExitCode);
        Assert.Contains("--threads must be at least 1", zero.ToString(), StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(dir.File("zero.parquet")));
    }

    [Fact]
    public void Encodings_compatible_keeps_timestamps_plain_and_size_uses_delta()
    {
        using var dir = TestData.Scratch();
        var lines = new StringBuilder();
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 5_000; i++) lines.Append("{\"ts\":\"").Append(start.AddSeconds(i).ToString("yyyy-MM-ddTHH:mm:ssZ")).Append("\",\"n\":").Append(i).Append("}\n");
        System.IO.File.WriteAllText(dir.File("in.ndjson"), lines.ToString());

        string Encodings(string file, string column)
        {
            var inspect = EtlProcess.Run(dir.Path, "inspect", file);
            Assert.True(inspect.ExitCode == 0, inspect.ToString());
            using var document = System.Text.Json.JsonDocument.Parse(inspect.StandardOutput);
            foreach (var chunk in document.RootElement.GetProperty("rowGroups")[0].GetProperty("columns").EnumerateArray())
            {
                if (chunk.GetProperty("path").GetString() == column) return chunk.GetProperty("encodings").GetRawText();
            }
            throw new Xunit.Sdk.XunitException($"no column {column} in {inspect.StandardOutput}");
        }

        var compatible = EtlProcess.Run(dir.Path, "convert", "in.ndjson", "compatible.parquet");
        var size = EtlProcess.Run(dir.Path, "convert", "in.ndjson", "size.parquet", "--encodings", "size");
        Assert.True(compatible.ExitCode == 0 && size.ExitCode == 0, compatible.ToString() + size);
        // The default stays readable by Parquet.Net (no DELTA_BINARY_PACKED on timestamps); integers keep delta either way.
        Assert.DoesNotContain("DELTA_BINARY_PACKED", Encodings("compatible.parquet", "ts"), StringComparison.Ordinal);
        Assert.Contains("DELTA_BINARY_PACKED", Encodings("compatible.parquet", "n"), StringComparison.Ordinal);
        Assert.Contains("DELTA_BINARY_PACKED", Encodings("size.parquet", "ts"), StringComparison.Ordinal);
        Assert.True(new FileInfo(dir.File("size.parquet")).Length < new FileInfo(dir.File("compatible.parquet")).Length);
        Assert.Equal(EtlProcess.Run(dir.Path, "convert", "compatible.parquet", "-").StandardOutput, EtlProcess.Run(dir.Path, "convert", "size.parquet", "-").StandardOutput);

        var unknown = EtlProcess.Run(dir.Path, "convert", "in.ndjson", "x.parquet", "--encodings", "tiny");
        Assert.Equal(1, unknown.ExitCode);
        Assert.False(System.IO.File.Exists(dir.File("x.parquet")));
    }

    [Fact]
    public void Infer_prints_columns_with_types_nullability_and_widening()
    {
        using var dir = TestData.Scratch();
        System.IO.File.WriteAllText(dir.File("in.json"), "[{\"n\":1},{\"n\":2.5},{\"n\":null}]");
        var result = EtlProcess.Run(dir.Path, "infer", "in.json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"path\":\"n\",\"type\":\"DOUBLE\",\"nullable\":true,\"widened\":1", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":1}\n{\"a\" 2}\n", "line 2")]
    [InlineData("{\"a\":1}\n[1,2]\n", "line 2")]
    [InlineData("{\"a\":\"\xff\"}\n", "UTF-8")]
    public void Bad_json_exits_2_with_one_line_and_leaves_nothing_at_out(string text, string where)
    {
        using var dir = TestData.Scratch();
        System.IO.File.WriteAllBytes(dir.File("in.ndjson"), Encoding.Latin1.GetBytes(text));
        System.IO.File.WriteAllText(dir.File("kept.parquet"), "an existing file");
        var result = EtlProcess.Run(dir.Path, "convert", "in.ndjson", "kept.parquet");
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("etl: error: ", line, StringComparison.Ordinal);
        Assert.Contains(where, line, StringComparison.Ordinal);
        Assert.Equal("an existing file", System.IO.File.ReadAllText(dir.File("kept.parquet")));
        Assert.Equal(["in.ndjson", "kept.parquet"], dir.Entries());
    }

    [Fact]
    public void Parquet_to_parquet_is_a_usage_error()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "convert", TestData.Corpus("alltypes_plain.parquet"), "out.parquet");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already Parquet", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
