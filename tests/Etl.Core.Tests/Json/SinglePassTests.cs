using System.Text;
using Etl.Core.Convert;
using Etl.Core.Json;
using Etl.Parquet.File;

namespace Etl.Core.Tests.Json;

/// <summary>
/// The single-pass conversion (schema from a prefix, verified on every record, two passes as the fallback) gives
/// exactly the bytes, stored schema and row count of the two-pass conversion, whether it falls back or not.
/// </summary>
public sealed class SinglePassTests
{
    private static readonly long[] Prefixes = [1, 2, 3, 10, 1000, 10_000];

    private sealed record Outcome(byte[]? Parquet, string? Schema, long Rows, string? Error, int Rewinds);

    private static Outcome Run(byte[] json, long prefix, ParquetWriterOptions? writer = null)
    {
        var input = new RewindCountingStream(json);
        var output = new MemoryStream();
        var options = new JsonToParquetOptions { SinglePassPrefixRecords = prefix, Writer = writer ?? ParquetWriterOptions.Default };
        try
        {
            var result = JsonToParquet.Convert(input, output, options);
            Assert.Equal(output.Length, result.BytesWritten);
            return new Outcome(output.ToArray(), result.InferredSchema.ToJson(), result.RowCount, null, input.Rewinds);
        }
        catch (JsonInputException e)
        {
            return new Outcome(null, null, 0, $"{e.Kind}: {e.Message}", input.Rewinds);
        }
    }

    /// <summary>Converts both ways with every prefix size; returns whether some single pass completed without falling back.</summary>
    private static bool AssertSameBothWays(byte[] json, ParquetWriterOptions? writer = null)
    {
        var twoPass = Run(json, 0, writer);
        var anySingle = false;
        foreach (var prefix in Prefixes)
        {
            var single = Run(json, prefix, writer);
            Assert.Equal(twoPass.Error, single.Error);
            Assert.Equal(twoPass.Rows, single.Rows);
            Assert.Equal(twoPass.Schema, single.Schema);
            Assert.True(twoPass.Parquet is null ? single.Parquet is null : single.Parquet is not null && twoPass.Parquet.AsSpan().SequenceEqual(single.Parquet),
                $"prefix {prefix}: the Parquet bytes differ");
            if (single.Error is null && single.Rewinds == 1) anySingle = true;
        }
        return anySingle;
    }

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(JsonTestData.Samples).Order(StringComparer.Ordinal))
        {
            if (Path.GetExtension(file) is ".json" or ".ndjson" or ".jsonl" or ".geojson") data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_gives_the_two_pass_bytes(string name) =>
        AssertSameBothWays(File.ReadAllBytes(Path.Combine(JsonTestData.Samples, name)));

    [Fact]
    public void Every_json_test_suite_y_file_gives_the_two_pass_bytes()
    {
        foreach (var file in Directory.GetFiles(JsonTestData.TestSuite, "y_*.json").Order(StringComparer.Ordinal))
        {
            AssertSameBothWays(File.ReadAllBytes(file));
        }
    }

    private const int Records = 40;

    private static string Line(int i) =>
        $"{{\"id\":{i},\"d\":{i}.5,\"s\":\"name_{i}\",\"b\":{(i % 2 == 0 ? "true" : "false")},\"t\":\"2020-02-{1 + i % 28:00} 08:52:{i % 60:00}\",\"day\":\"2003-09-{1 + i % 28:00}\",\"n\":{(i % 3 == 0 ? "null" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))},\"o\":{{\"x\":{i},\"l\":[{i},{i + 1}]}}}}";

    /// <summary>The crafted input, with record <paramref name="at"/> (0-based) replaced.</summary>
    private static byte[] Input(int at, string record)
    {
        var lines = new List<string>();
        for (var i = 0; i < Records; i++) lines.Add(i == at ? record : Line(i));
        return Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
    }

    [Fact]
    public void A_regular_input_is_converted_in_one_pass()
    {
        Assert.True(AssertSameBothWays(Input(-1, "")));
        Assert.Equal(1, Run(Input(-1, ""), 2).Rewinds);
        Assert.Equal(2, Run(Input(-1, ""), 1).Rewinds); // from one record, n is only nulls: not a schema to start from
    }

    public static TheoryData<string, bool> Changes() => new()
    {
        // record, whether the single pass can keep it (true) or must fall back (false)
        { """{"id":7,"d":3,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", true },
        { """{"id":7,"d":123456789012345678901234567890,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[]}}""", true },
        { """{"id":7,"d":1e999,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":null,"o":{"x":1,"l":[2]}}""", true },
        { """{"id":7,"d":-0.0,"s":"\u00e9\n","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","o":{"x":1,"l":[2]}}""", true },
        { """{"id":7,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]},"new":1}""", false },
        { """{"id":null,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":1.0,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":1e2,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":99999999999999999999,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":1,"d":"1","s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":1,"d":1,"s":5,"b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":1,"d":1,"s":true,"b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":1,"d":1,"s":"x","b":1,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":1,"d":1,"s":"x","b":true,"t":"2020-02-01","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":1,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00Z","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":1,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01 00:00","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":1,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1.5,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":1,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":null}""", false },
        { """{"id":1,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[null]}}""", false },
        { """{"id":1,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1.5]}}""", false },
        { """{"id":1,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1],"y":2}}""", false },
        { """{"id":1,"id":2,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":1,"d":1,"s":"\ud800","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""", false },
        { """{"id":1,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}} 5""", false },
        { """{"id":1,"d":1,"s":"x","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]""", false },
        { "[1]", false },
        { "null", false },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_changed_record_first_in_the_middle_or_last_gives_the_two_pass_result(string record, bool kept)
    {
        // Prefix of 2 records (the first has n null, the second n 1: a nullable INT64): the changed record is the
        // first one verified, one in the middle, or the last; the single pass keeps it (one rewind) or falls back
        // (the output truncated, the input rewound, then the two passes: three rewinds).
        foreach (var at in new[] { 2, 3, Records / 2, Records - 1 })
        {
            var json = Input(at, record);
            AssertSameBothWays(json);
            var single = Run(json, 2);
            if (single.Error is null) Assert.True((kept ? 1 : 3) == single.Rewinds, $"record {at}: {single.Rewinds} rewinds");
        }
    }

    [Fact]
    public void Invalid_utf8_in_a_string_after_the_prefix_is_reported_as_the_two_passes_report_it()
    {
        var json = Input(Records - 1, """{"id":1,"d":1,"s":"#","b":true,"t":"2020-02-01 08:52:00","day":"2003-09-01","n":1,"o":{"x":1,"l":[1]}}""");
        var at = Array.LastIndexOf(json, (byte)'#');
        json[at] = 0xFF;
        AssertSameBothWays(json);
        Assert.NotNull(Run(json, 1).Error);
    }

    [Fact]
    public void Several_row_groups_give_the_two_pass_bytes()
    {
        var writer = ParquetWriterOptions.Default with { RowGroupRows = 7 };
        Assert.True(AssertSameBothWays(Input(-1, ""), writer));
        AssertSameBothWays(Input(Records - 1, """{"id":1}"""), writer);
    }

    [Fact]
    public void A_non_seekable_output_keeps_two_passes()
    {
        var json = Input(-1, "");
        var expected = Run(json, 0).Parquet!;
        var output = new NonSeekableStream();
        JsonToParquet.Convert(new MemoryStream(json), output, new JsonToParquetOptions { SinglePassPrefixRecords = 2 });
        Assert.Equal(expected, output.Inner.ToArray());
    }

    [Fact]
    public void Progress_never_goes_back_and_reaches_one_when_the_single_pass_falls_back()
    {
        foreach (var json in new[] { Input(-1, ""), Input(Records - 1, """{"id":1}""") })
        {
            var reports = new List<double>();
            JsonToParquet.Convert(new MemoryStream(json), new MemoryStream(),
                new JsonToParquetOptions { SinglePassPrefixRecords = 2, Progress = new ListProgress(reports) });
            Assert.NotEmpty(reports);
            Assert.Equal(1.0, reports[^1]);
            for (var i = 1; i < reports.Count; i++) Assert.True(reports[i] >= reports[i - 1], $"report {i}: {reports[i]} after {reports[i - 1]}");
        }
    }

    private sealed class ListProgress(List<double> reports) : IProgress<double>
    {
        public void Report(double value) => reports.Add(value);
    }

    [Fact]
    public void A_failing_output_fails_the_conversion_with_its_own_exception()
    {
        var options = new JsonToParquetOptions { Writer = ParquetWriterOptions.Default with { RowGroupRows = 3 } };
        foreach (var prefix in new long[] { 0, 2 })
        {
            var output = new FailingStream(limit: 2000);
            var e = Assert.Throws<IOException>(() => JsonToParquet.Convert(new MemoryStream(Input(-1, "")), output, options with { SinglePassPrefixRecords = prefix }));
            Assert.Equal("disk full", e.Message);
        }
    }

    private sealed class FailingStream(int limit) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > limit) throw new IOException("disk full");
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Length + buffer.Length > limit) throw new IOException("disk full");
            base.Write(buffer);
        }
    }

    /// <summary>A seekable input that counts how often it is moved (the conversion rewinds it once per pass).</summary>
    private sealed class RewindCountingStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public int Rewinds { get; private set; }

        public override long Position
        {
            get => base.Position;
            set
            {
                Rewinds++;
                base.Position = value;
            }
        }

        public override long Seek(long offset, SeekOrigin loc)
        {
            Rewinds++;
            return base.Seek(offset, loc);
        }
    }

    private sealed class NonSeekableStream : Stream
    {
        public MemoryStream Inner { get; } = new();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
    }
}
