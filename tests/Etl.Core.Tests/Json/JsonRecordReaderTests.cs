using System.Text;
using Etl.Core.Convert;
using Etl.Core.Json;
using static Etl.Core.Tests.Json.JsonTestData;

namespace Etl.Core.Tests.Json;

/// <summary>Record splitting, layouts and positioned errors of the streaming reader.</summary>
public sealed class JsonRecordReaderTests
{
    private static List<string> Records(byte[] input, JsonReadOptions? options = null, int chunk = int.MaxValue)
    {
        using var reader = new JsonRecordReader(new TrickleStream(input, chunk), options);
        var list = new List<string>();
        while (reader.Read()) list.Add(Encoding.UTF8.GetString(reader.Record));
        return list;
    }

    private static List<string> Records(string input, int chunk = int.MaxValue) => Records(Encoding.UTF8.GetBytes(input), chunk: chunk);

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(7)]
    public void Splits_every_layout_into_records(int chunk)
    {
        Assert.Equal(["{\"a\":\"}\\\"{\"}", "{\"b\":[1,{}]}"], Records("{\"a\":\"}\\\"{\"}\n\n{\"b\":[1,{}]}\n", chunk));
        Assert.Equal(["{\"a\":1}", "2", "\"x,]\"", "[3]", "null", "-1.5e3"], Records("[{\"a\":1}, 2 ,\"x,]\",[3],null,-1.5e3]", chunk));
        Assert.Equal(["\"lonely\""], Records(" \"lonely\" ", chunk));
        Assert.Equal(["-0.1"], Records("-0.1", chunk));
        Assert.Empty(Records("[ ]", chunk));
    }

    [Fact]
    public void Reports_where_each_record_starts()
    {
        using var reader = new JsonRecordReader(new MemoryStream(Encoding.UTF8.GetBytes("\uFEFF[\n  {\"a\":1},\n  {\"a\":2}]")));
        Assert.True(reader.Read());
        Assert.Equal((2L, 3L, 7L), (reader.RecordLine, reader.RecordColumn, reader.RecordOffset));
        Assert.True(reader.Read());
        Assert.Equal((3L, 3L, 18L), (reader.RecordLine, reader.RecordColumn, reader.RecordOffset));
        Assert.False(reader.Read());
        Assert.Equal(JsonInputShape.Array, reader.Shape);
    }

    [Fact]
    public void A_syntax_error_names_line_column_and_offset()
    {
        var e = InferFails("{\"a\":1}\n{\"a\":2}\n{\"a\":1 \"b\":2}\n");
        Assert.Equal(JsonInputErrorKind.Syntax, e.Kind);
        Assert.Equal((3L, 8L, 23L), (e.Line!.Value, e.Column!.Value, e.ByteOffset!.Value));
        Assert.StartsWith("invalid JSON at line 3, column 8 (byte offset 23): ", e.Message);
        Assert.Contains("expected either ',', '}', or ']'", e.Message);
    }

    [Fact]
    public void A_syntax_error_inside_a_pretty_printed_record_is_placed_on_its_own_line()
    {
        var e = InferFails("[\n  {\n    \"a\": 1,\n    \"b\" 2\n  }\n]");
        Assert.Equal((4L, 9L), (e.Line!.Value, e.Column!.Value));
        Assert.Contains("expected a ':'", e.Message);
    }

    [Fact]
    public void A_broken_ndjson_line_is_reported_at_that_line_not_at_the_end()
    {
        var lines = new StringBuilder("{\"a\":1}\n{\"a\":\"unterminated\n");
        for (var i = 0; i < 50_000; i++) lines.Append("{\"a\":1}\n");
        var e = InferFails(lines.ToString());
        Assert.Equal(2L, e.Line);
        Assert.Contains("each line must hold exactly one whole JSON object", e.Message);

        var unclosed = new StringBuilder("{\"a\":1}\n{\"a\":{\"b\":1}\n");
        for (var i = 0; i < 50_000; i++) unclosed.Append("{\"a\":1}\n");
        var u = InferFails(unclosed.ToString());
        Assert.Equal((2L, 13L), (u.Line!.Value, u.Column!.Value)); // the end of the line: the object is not closed
        Assert.Equal(JsonInputErrorKind.Syntax, u.Kind);

        // A first object spread over lines is a pretty-printed document: then a broken string is caught where the
        // raw line break is, and an unclosed object when the buffer has to grow.
        var pretty = new StringBuilder("{\n\"a\":1}\n{\"a\":\"unterminated\n");
        for (var i = 0; i < 50_000; i++) pretty.Append("{\"a\":1}\n");
        var p = InferFails(pretty.ToString());
        Assert.Equal(3L, p.Line);
        Assert.Contains("0x0A", p.Message);
    }

    [Fact]
    public void Ndjson_lines_must_hold_one_whole_object_each()
    {
        var two = InferFails("{\"a\":1}\n{\"a\":2} {\"a\":3}\n");
        Assert.Equal((2L, 9L), (two.Line!.Value, two.Column!.Value));
        Assert.Contains("each line must hold exactly one whole JSON object", two.Message);
        var deep = InferFails("{\"a\":1}\n{\"a\":" + new string('[', 64) + new string(']', 64) + "}\n");
        Assert.Equal(JsonInputErrorKind.TooDeep, deep.Kind);
        Assert.Equal(2L, deep.Line);
        // Concatenated pretty-printed objects (jq's default output) are read by balancing brackets instead.
        Assert.Equal(2, Infer("{\n  \"a\": 1\n}\n{\n  \"a\": 2\n}\n").RecordCount);
        Assert.Equal(3, Infer("{\"a\":1}\r\n  {\"a\":2}  \r\n\r\n\t{\"a\":3}").RecordCount);
    }

    [Theory]
    [InlineData("{\"a\":1}\n[1,2]\n", 2, "found an array")]
    [InlineData("{\"a\":1}\n\"x\"\n", 2, "found a string")]
    [InlineData("{\"a\":1} 3", 1, "found a number")]
    [InlineData("{\"a\":1}\nnull", 2, "found null")]
    public void Ndjson_lines_must_be_objects(string input, long line, string found)
    {
        var e = InferFails(input);
        Assert.Equal(JsonInputErrorKind.Shape, e.Kind);
        Assert.Equal(line, e.Line);
        Assert.Contains(found, e.Message);
    }

    [Theory]
    [InlineData("[1,2] [3]", "after the end of the top-level array")]
    [InlineData("[1,2],", "after the end of the top-level array")]
    [InlineData("[1,]", "trailing comma")]
    [InlineData("[1 2]", "expected ',' or ']'")]
    [InlineData("[1,2", "missing ']'")]
    [InlineData("\"a\" \"b\"", "after the end of the top-level value")]
    [InlineData("[,1]", "expected a JSON value")]
    [InlineData("*", "expected a JSON value, found '*'")]
    public void Top_level_structure_errors_are_clear(string input, string expected)
    {
        var e = InferFails(input);
        Assert.Contains(expected, e.Message);
        Assert.NotNull(e.Line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    [InlineData("\uFEFF")]
    public void Empty_input_is_an_error(string input)
    {
        var e = InferFails(input);
        Assert.Equal(JsonInputErrorKind.Empty, e.Kind);
        Assert.Contains("no JSON value", e.Message);
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_skipped_and_UTF16_is_refused()
    {
        Assert.Equal(1, Infer([0xEF, 0xBB, 0xBF, .. "{\"a\":1}"u8]).RecordCount);
        var e = InferFails([0xFF, 0xFE, (byte)'{', 0, (byte)'}', 0]);
        Assert.Equal(JsonInputErrorKind.Encoding, e.Kind);
        Assert.Contains("UTF-16", e.Message);
        Assert.Equal(JsonInputErrorKind.Encoding, InferFails([0, (byte)'[', 0, (byte)']']).Kind);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted_and_deeper_is_refused()
    {
        static string Nest(int depth) => "{\"a\":" + new string('[', depth - 1) + new string(']', depth - 1) + "}";
        Assert.Equal(1, Infer(Nest(64)).RecordCount);
        var e = InferFails(Nest(65));
        Assert.Equal(JsonInputErrorKind.TooDeep, e.Kind);
        Assert.Equal(69L, e.Column); // the 64th '[', the 65th level
        Assert.Contains("deeper than 64 levels", e.Message);
        Assert.Equal(JsonInputErrorKind.TooDeep, InferFails(Nest(5), new JsonReadOptions { MaxDepth = 4 }).Kind);
        // A top-level array wrapping the records does not count.
        Assert.Equal(1, Infer("[" + Nest(64) + "]").RecordCount);
    }

    [Fact]
    public void Deep_unclosed_nesting_fails_fast_without_overflowing_the_stack()
    {
        var e = InferFails(new string('[', 100_000));
        Assert.Equal(JsonInputErrorKind.TooDeep, e.Kind);
    }

    [Fact]
    public void Invalid_UTF8_is_reported_with_its_position()
    {
        var inString = InferFails([.. "{\"a\":\"ok\"}\n{\"a\":\"x"u8, 0xFF, .. "\"}"u8]);
        Assert.Equal(JsonInputErrorKind.Encoding, inString.Kind);
        Assert.Equal((2L, 8L, 18L), (inString.Line!.Value, inString.Column!.Value, inString.ByteOffset!.Value));
        Assert.Contains("0xFF", inString.Message);

        var inKey = InferFails([.. "{\""u8, 0xC0, 0xAF, .. "\":1}"u8]);
        Assert.Equal(JsonInputErrorKind.Encoding, inKey.Kind);
        Assert.Equal(3L, inKey.Column);

        var outside = InferFails([.. "[1,"u8, 0xE9, .. "]"u8]);
        Assert.Equal(JsonInputErrorKind.Encoding, outside.Kind);
        Assert.Equal(4L, outside.Column);

        var truncated = InferFails([.. "[\""u8, 0xE2, 0x82, .. "\"]"u8]);
        Assert.Equal(JsonInputErrorKind.Encoding, truncated.Kind);
    }

    [Fact]
    public void Unpaired_surrogate_escapes_are_refused()
    {
        var e = InferFails("[\"\\uD800\"]");
        Assert.Equal(JsonInputErrorKind.Encoding, e.Kind);
        Assert.Contains("surrogate", e.Message);
        Assert.Equal(JsonInputErrorKind.Encoding, InferFails("{\"\\uDD1E\\uD834\":1}").Kind);
        Assert.Equal(1, Infer("[\"\\uD834\\uDD1E\"]").RecordCount);
    }

    [Fact]
    public void A_record_larger_than_the_limit_is_refused_with_the_limit_named()
    {
        var options = new JsonReadOptions { MaxRecordBytes = 1000 };
        var small = "{\"a\":\"" + new string('x', 900) + "\"}";
        var large = "{\"a\":\"" + new string('x', 1100) + "\"}";
        Assert.Equal(2, Infer(small + "\n" + small, options).RecordCount);
        var e = InferFails(small + "\n" + large, options);
        Assert.Equal(JsonInputErrorKind.RecordTooLarge, e.Kind);
        Assert.Equal(2L, e.Line);
        Assert.Contains("1000 bytes (JsonReadOptions.MaxRecordBytes)", e.Message);
        // Exactly at the limit is fine.
        var exact = "{\"a\":\"" + new string('x', 1000 - 8) + "\"}";
        Assert.Equal(1000, exact.Length);
        Assert.Equal(1, Infer(exact, options).RecordCount);
        var scalar = InferFails("[\"" + new string('x', 2000) + "\"]", options);
        Assert.Equal(JsonInputErrorKind.RecordTooLarge, scalar.Kind);
    }

    [Fact]
    public void Messages_are_single_lines_without_control_characters()
    {
        var e = InferFails("{\"a\":\"x\ty\"}");
        Assert.DoesNotContain('\t', e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("0x09", e.Message);
    }

    [Fact]
    public void Results_do_not_depend_on_how_the_stream_is_chunked()
    {
        var json = File.ReadAllBytes(Path.Combine(Samples, "rasa-tracker-events.jsonl"));
        var whole = JsonToParquet.Infer(new MemoryStream(json)).ToJson();
        var trickled = JsonToParquet.Infer(new TrickleStream(json, 4093)).ToJson();
        Assert.Equal(whole, trickled);
    }
}
