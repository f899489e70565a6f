using System.Globalization;
using System.Text;
using Etl.Core.Convert;
using Etl.Core.Json;
using Etl.Parquet.File;

namespace Etl.Core.Tests.Json;

/// <summary>
/// NDJSON shredded in blocks of lines on several workers (<see cref="ParallelRecordShredder"/>) gives exactly what
/// one thread reading record by record gives: the same Parquet bytes, stored schema and row count from
/// <see cref="JsonToParquet.Convert"/> (single pass or two passes, one row group or many), and the same error at
/// the same line, column and byte offset when a record is wrong.
/// </summary>
public sealed class ParallelShreddingTests
{
    /// <summary>(workers, bytes per block): blocks far smaller than a line (they grow), about a line, many lines.</summary>
    private static readonly (int Workers, int BlockBytes)[] Layouts = [(2, 16), (2, 64), (3, 300), (8, 4096), (2, 1 << 20)];

    private sealed record Outcome(byte[]? Parquet, string? Schema, long Rows, string? Error);

    private static Outcome Convert(byte[] json, int workers, int blockBytes, long prefix, int rowGroupRows, long rowGroupBytes = 128L << 20)
    {
        var output = new MemoryStream();
        var options = new JsonToParquetOptions
        {
            Parallelism = workers,
            ParallelBlockBytes = blockBytes,
            SinglePassPrefixRecords = prefix,
            Writer = ParquetWriterOptions.Default with { RowGroupRows = rowGroupRows, RowGroupBytes = rowGroupBytes },
        };
        try
        {
            var result = JsonToParquet.Convert(new MemoryStream(json), output, options);
            return new Outcome(output.ToArray(), result.InferredSchema.ToJson(), result.RowCount, null);
        }
        catch (JsonInputException e)
        {
            return new Outcome(null, null, 0, $"{e.Kind}: {e.Message}");
        }
    }

    private static void AssertSameAsOneThread(byte[] json, string what)
    {
        foreach (var prefix in new long[] { 0, 3, 10_000 })
        {
            foreach (var rowGroupRows in new[] { 1_000_000, 7 })
            {
                var expected = Convert(json, 1, 1 << 20, prefix, rowGroupRows);
                foreach (var (workers, blockBytes) in Layouts)
                {
                    var actual = Convert(json, workers, blockBytes, prefix, rowGroupRows);
                    var where = $"{what}: {workers} workers, {blockBytes}-byte blocks, prefix {prefix}, row groups of {rowGroupRows}";
                    Assert.True(expected.Error == actual.Error, $"{where}: error '{actual.Error}', expected '{expected.Error}'");
                    Assert.True(expected.Rows == actual.Rows, $"{where}: {actual.Rows} rows, expected {expected.Rows}");
                    Assert.True(expected.Schema == actual.Schema, $"{where}: the stored schema differs");
                    Assert.True(expected.Parquet is null ? actual.Parquet is null : actual.Parquet is not null && expected.Parquet.AsSpan().SequenceEqual(actual.Parquet),
                        $"{where}: the Parquet bytes differ");
                }
            }
        }
    }

    [Fact]
    public void Random_ndjson_gives_the_one_thread_bytes()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            AssertSameAsOneThread(RandomNdjson(new Random(seed), regular: seed % 2 == 0), $"seed {seed}");
        }
    }

    [Fact]
    public void Row_groups_cut_by_size_are_the_one_thread_ones()
    {
        var json = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 5000).Select(i => $"{{\"i\":{i},\"s\":\"{new string('x', i % 50)}\"}}\n")));
        var expected = Convert(json, 1, 1 << 20, 10_000, 1_000_000, rowGroupBytes: 16 * 1024);
        using (var reader = new ParquetFileReader(new MemoryStream(expected.Parquet!)))
        {
            Assert.True(reader.RowGroupCount > 2, $"{reader.RowGroupCount} row groups");
        }
        foreach (var (workers, blockBytes) in Layouts)
        {
            var actual = Convert(json, workers, blockBytes, 10_000, 1_000_000, rowGroupBytes: 16 * 1024);
            Assert.True(expected.Parquet.AsSpan().SequenceEqual(actual.Parquet), $"{workers} workers, {blockBytes}-byte blocks: the Parquet bytes differ");
        }
    }

    [Theory]
    [InlineData("github-events-gharchive-2021-07-21.ndjson")]
    [InlineData("rasa-tracker-events.jsonl")]
    public void Ndjson_samples_give_the_one_thread_bytes(string name)
    {
        var json = File.ReadAllBytes(Path.Combine(JsonTestData.Samples, name));
        foreach (var (workers, blockBytes) in new[] { (2, 4096), (3, 100_000) })
        {
            var expected = Convert(json, 1, 1 << 20, 10_000, 1_000_000);
            var actual = Convert(json, workers, blockBytes, 10_000, 1_000_000);
            Assert.Null(expected.Error);
            Assert.Equal(expected.Schema, actual.Schema);
            Assert.True(expected.Parquet.AsSpan().SequenceEqual(actual.Parquet), $"{name}: {workers} workers, {blockBytes}-byte blocks: the Parquet bytes differ");
        }
    }

    [Fact]
    public void Blank_lines_crlf_spaces_and_a_missing_last_newline_are_read_as_one_thread_reads_them()
    {
        var lines = new StringBuilder();
        lines.Append('\uFEFF');
        for (var i = 0; i < 50; i++)
        {
            lines.Append(i % 5 == 0 ? "\n \t\n" : "");
            lines.Append(i % 3 == 0 ? "  " : "");
            lines.Append(CultureInfo.InvariantCulture, $"{{\"i\":{i},\"s\":\"a\\nb{i}\"}}");
            lines.Append(i % 2 == 0 ? "\r\n" : " \n");
        }
        lines.Append("{\"i\":50,\"s\":\"end\"}");
        AssertSameAsOneThread(Encoding.UTF8.GetBytes(lines.ToString()), "layout");
    }

    /// <summary>A record at line <c>at</c> (1-based) of the regular input replaced by <paramref name="bad"/>.</summary>
    private static byte[] WithLine(int at, string bad)
    {
        var text = new StringBuilder();
        for (var i = 1; i <= 60; i++) text.Append(i == at ? bad : Regular(i)).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Regular(int i) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"id\":{i},\"d\":{i}.25,\"s\":\"name_{i % 7}\",\"l\":[{i},{i + 1}],\"o\":{{\"x\":{(i % 4 == 0 ? "null" : i)}}}}}");

    public static TheoryData<string> BadRecords() => new()
    {
        """{"id":1,"d":1.5,"s":"x","l":[1],"o":{"x":1}""",           // not closed
        """{"id":1,"d":1.5,"s":"x","l":[1],"o":{"x":1}} 5""",        // data after the record
        """[1,2]""",                                                 // not an object
        """{"id":1,"d":1.5,"s":5,"l":[1],"o":{"x":1}}""",            // another kind of value
        """{"id":1,"d":1.5,"s":"x","l":[1],"o":{"x":1},"new":1}""",  // a new key
        """{"id":1,"d":1.5,"s":"\ud800","l":[1],"o":{"x":1}}""",     // a lone surrogate
        """{"id":1,"d":1.5,"s":"x","l":[[[[[[1]]]]]],"o":{"x":1}}""", // too deep (MaxDepth 4)
        "{\"id\":1,\"d\":1.5,\"s\":\"\u00ff\u00ff\",\"l\":[1],\"o\":{\"x\":1}}", // invalid UTF-8 (bytes patched below)
        "{\"id\":1,\"d\":1.5,\"s\":\"" + new string('x', 400) + "\",\"l\":[1],\"o\":{\"x\":1}}", // larger than MaxRecordBytes
    };

    [Theory]
    [MemberData(nameof(BadRecords))]
    public void A_bad_record_is_reported_where_one_thread_reports_it(string bad)
    {
        var read = new JsonReadOptions { MaxDepth = 4, MaxRecordBytes = 200 };
        var schema = JsonTestData.Infer(WithLine(0, ""), read);
        foreach (var at in new[] { 1, 2, 17, 59, 60 })
        {
            var json = WithLine(at, bad);
            // A first line that is an array, or an object not closed on it, does not make the input NDJSON: such an
            // input is never read in blocks of lines (and inference reports it first).
            if (at == 1 && !StartsAsNdjson(json, read)) continue;
            PatchInvalidUtf8(json);
            foreach (var strict in new[] { false, true })
            {
                var expected = OneThreadError(json, schema, read, strict);
                if (strict) Assert.NotNull(expected);
                foreach (var (workers, blockBytes) in Layouts)
                {
                    var actual = ParallelError(json, schema, read, strict, workers, blockBytes);
                    Assert.True(expected == actual, $"line {at}, strict {strict}, {workers} workers, {blockBytes}-byte blocks: '{actual}', expected '{expected}'");
                }
            }
        }
    }

    [Fact]
    public void An_input_that_stops_being_ndjson_between_the_passes_is_reported_as_changed()
    {
        var ndjson = WithLine(0, "");
        var schema = JsonTestData.Infer(ndjson);
        var pretty = Encoding.UTF8.GetBytes("{\n  \"id\": 1, \"d\": 1.5, \"s\": \"x\", \"l\": [1], \"o\": {\"x\": 1}\n}\n");
        var error = ParallelError(pretty, schema, new JsonReadOptions(), strict: false, workers: 2, blockBytes: 64);
        Assert.NotNull(error);
        Assert.StartsWith("Changed: JSON input changed while being read at line 1, column 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_conversion_stops_with_no_output_claimed()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var json = RandomNdjson(new Random(1), regular: true);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            JsonToParquet.Convert(new MemoryStream(json), new MemoryStream(), new JsonToParquetOptions { Parallelism = 2, ParallelBlockBytes = 64 }, cancel.Token));
    }

    [Fact]
    public void Parallelism_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            JsonToParquet.Convert(new MemoryStream("{}"u8.ToArray()), new MemoryStream(), new JsonToParquetOptions { Parallelism = 0 }));
    }

    private static bool StartsAsNdjson(byte[] json, JsonReadOptions read)
    {
        using var records = new JsonRecordReader(new MemoryStream(json), read);
        try
        {
            return records.Read() && records.IsNdjson;
        }
        catch (JsonInputException)
        {
            return false;
        }
    }

    private static void PatchInvalidUtf8(byte[] json)
    {
        // "\u00ff\u00ff" is written as C3 BF C3 BF; make it FF FF (never valid in UTF-8), same length.
        for (var i = 0; i + 3 < json.Length; i++)
        {
            if (json[i] == 0xC3 && json[i + 1] == 0xBF && json[i + 2] == 0xC3 && json[i + 3] == 0xBF)
            {
                json[i] = 0xFF;
                json[i + 1] = 0xFF;
                json[i + 2] = (byte)'a';
                json[i + 3] = (byte)'a';
            }
        }
    }

    private static string? OneThreadError(byte[] json, InferredSchema schema, JsonReadOptions read, bool strict)
    {
        var batches = Batches(schema);
        var shredder = new RecordShredder(schema, batches, strict);
        try
        {
            using var records = new JsonRecordReader(new MemoryStream(json), read);
            while (records.Read()) shredder.Add(records);
            return null;
        }
        catch (JsonInputException e)
        {
            return $"{e.Kind}: {e.Message}";
        }
    }

    private static string? ParallelError(byte[] json, InferredSchema schema, JsonReadOptions read, bool strict, int workers, int blockBytes)
    {
        try
        {
            using var shredder = new ParallelRecordShredder(new MemoryStream(json), schema, () => Batches(schema), read, strict, workers, blockBytes, CancellationToken.None);
            while (shredder.Next() is not null) { }
            return null;
        }
        catch (JsonInputException e)
        {
            return $"{e.Kind}: {e.Message}";
        }
    }

    private static ColumnBatch[] Batches(InferredSchema schema)
    {
        using var writer = new Etl.Parquet.File.ParquetFileWriter(new MemoryStream(), schema.ToParquetSchema());
        return writer.CreateBatches();
    }

    /// <summary>
    /// NDJSON of random records: optional keys, nested objects, lists (of numbers, of objects, of lists), nulls,
    /// escaped strings, dates and timestamps; <paramref name="regular"/> keeps every key's kind of value (a single
    /// pass can keep its prefix schema), otherwise kinds change on the way (integers to doubles, numbers to strings…).
    /// </summary>
    internal static byte[] RandomNdjson(Random random, bool regular)
    {
        var text = new StringBuilder();
        var records = random.Next(1, 400);
        for (var r = 0; r < records; r++)
        {
            text.Append('{');
            var first = true;
            void Key(string name)
            {
                if (!first) text.Append(',');
                first = false;
                text.Append('"').Append(name).Append("\":");
            }
            Key("id");
            text.Append(r);
            if (random.Next(4) > 0)
            {
                Key("n");
                text.Append(random.Next(5) == 0 ? "null" : !regular && r > records / 2 && random.Next(3) == 0
                    ? "1.5" : random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture));
            }
            if (random.Next(3) > 0)
            {
                Key("s");
                text.Append(random.Next(6) switch
                {
                    0 => "null",
                    1 => "\"tab\\tquote\\\"nl\\n\\u00e9\\ud83d\\ude00\"",
                    2 => !regular && r > records / 3 ? "42" : "\"forty-two\"",
                    _ => $"\"v{random.Next(20)}\"",
                });
            }
            Key("t");
            text.Append(CultureInfo.InvariantCulture, $"\"2021-0{1 + random.Next(9)}-1{random.Next(10)} 0{random.Next(10)}:1{random.Next(10)}:00\"");
            if (random.Next(2) == 0)
            {
                Key("o");
                text.Append(random.Next(6) == 0 ? "null" : $"{{\"a\":{random.Next(100)},\"b\":{(random.Next(2) == 0 ? "true" : "false")}}}");
            }
            if (random.Next(2) == 0)
            {
                Key("l");
                text.Append('[');
                var count = random.Next(4);
                for (var i = 0; i < count; i++) text.Append(i > 0 ? "," : "").Append(random.Next(5) == 0 ? "null" : random.Next(100).ToString(CultureInfo.InvariantCulture));
                text.Append(']');
            }
            if (random.Next(3) == 0)
            {
                Key("ll");
                text.Append(random.Next(4) switch
                {
                    0 => "[]",
                    1 => "[[1,2],[],[3]]",
                    2 => "[[4],null]",
                    _ => "null",
                });
            }
            if (random.Next(3) == 0)
            {
                Key("lo");
                text.Append(random.Next(3) switch
                {
                    0 => "[{\"k\":\"x\",\"v\":[1.5,2]},{\"k\":\"y\"}]",
                    1 => "[]",
                    _ => "[{\"v\":[]}]",
                });
            }
            text.Append("}\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
