using Etl.Core.Json;
using static Etl.Core.Tests.Json.JsonTestData;

namespace Etl.Core.Tests.Json;

/// <summary>The inference and widening rules of spec/parquet-json.md ("JSON → Parquet"), one by one.</summary>
public sealed class SchemaInferenceTests
{
    [Fact]
    public void Integers_are_INT64()
    {
        var schema = Infer("{\"a\":1}\n{\"a\":-9223372036854775808}\n{\"a\":9223372036854775807}\n");
        Assert.Equal(new InferredColumn("a", "INT64", false, 0, null), schema.Column("a"));
        Assert.Equal(3, schema.RecordCount);
        Assert.Equal(JsonInputShape.Objects, schema.Shape);
        Assert.False(schema.WrapsValues);
    }

    [Fact]
    public void Any_fraction_widens_integers_to_DOUBLE_and_counts_them()
    {
        var a = Infer("{\"a\":1}\n{\"a\":2.5}\n{\"a\":3}\n").Column("a");
        Assert.Equal("DOUBLE", a.Type);
        Assert.Equal(2, a.Widened);
        Assert.Contains("2 integers widened to DOUBLE", a.Note);
        Assert.Equal("DOUBLE", Infer("[{\"a\":1e3}]").Column("a").Type);
        Assert.Equal("DOUBLE", Infer("[{\"a\":1.0}]").Column("a").Type);
        Assert.Equal(0, Infer("[{\"a\":1.5},{\"a\":2.5}]").Column("a").Widened);
    }

    [Fact]
    public void Integers_beyond_int64_widen_to_DOUBLE_and_are_reported()
    {
        var a = Infer("[{\"a\":1},{\"a\":18446744073709551616}]").Column("a");
        Assert.Equal("DOUBLE", a.Type);
        Assert.Equal(2, a.Widened);
        Assert.Contains("beyond the 64-bit range", a.Note);
        var big = Infer("[{\"a\":1e400}]").Column("a");
        Assert.Equal("DOUBLE", big.Type);
        Assert.Contains("±Infinity", big.Note);
    }

    [Fact]
    public void Numbers_mixed_with_strings_become_STRING_and_are_reported()
    {
        var id = Infer("{\"id\":\"17244207336\"}\n{\"id\":42}\n{\"id\":4.5}\n{\"id\":\"x\"}\n").Column("id");
        Assert.Equal("STRING", id.Type);
        Assert.Equal(2, id.Widened);
        Assert.Contains("mixed", id.Note);
        Assert.Contains("2 strings", id.Note);
    }

    [Fact]
    public void Booleans_are_BOOLEAN_and_mixed_with_numbers_become_STRING()
    {
        Assert.Equal("BOOLEAN", Infer("[{\"b\":true},{\"b\":false}]").Column("b").Type);
        var mixed = Infer("[{\"b\":true},{\"b\":1}]").Column("b");
        Assert.Equal("STRING", mixed.Type);
        Assert.Equal(2, mixed.Widened);
    }

    [Fact]
    public void Dates_and_timestamps_are_recognized()
    {
        Assert.Equal("DATE", Infer("[{\"d\":\"2024-02-29\"},{\"d\":\"0001-01-01\"}]").Column("d").Type);
        Assert.Equal("TIMESTAMP", Infer("[{\"t\":\"2021-07-21T06:00:00Z\"},{\"t\":\"2021-07-21T08:00:00.123+02:00\"}]").Column("t").Type);
        Assert.Equal("TIMESTAMP", Infer("[{\"t\":\"2021-07-21 06:00:00-0530\"},{\"t\":\"2021-07-21T06:00z\"}]").Column("t").Type);
        Assert.Equal("TIMESTAMP_LOCAL", Infer("[{\"t\":\"2021-07-21T06:00:00\"},{\"t\":\"2021-07-21T06:00:00.5\"}]").Column("t").Type);
    }

    [Fact]
    public void Timestamps_with_and_without_offsets_mixed_stay_STRING_with_a_note()
    {
        var t = Infer("[{\"t\":\"2021-07-21T06:00:00Z\"},{\"t\":\"2021-07-21T06:00:00\"}]").Column("t");
        Assert.Equal("STRING", t.Type);
        Assert.Contains("with a UTC offset (1) and without one (1)", t.Note);
        var d = Infer("[{\"t\":\"2021-07-21T06:00:00Z\"},{\"t\":\"2021-07-21\"}]").Column("t");
        Assert.Equal("STRING", d.Type);
        Assert.Contains("dates (1) and timestamps (1)", d.Note);
    }

    [Theory]
    [InlineData("2021-02-29")]
    [InlineData("2021-13-01")]
    [InlineData("2021-7-21")]
    [InlineData("2021-07-21T24:00:00Z")]
    [InlineData("2021-07-21T23:59:60Z")]
    [InlineData("2021-07-21T06:00:00.1234567Z")]
    [InlineData("2021-07-21T06:00:00+2")]
    [InlineData("2021-07-21T06")]
    [InlineData("20210721")]
    [InlineData("0000-01-01")]
    [InlineData("2021-07-21Z")]
    public void Strings_that_only_look_temporal_stay_STRING(string value) =>
        Assert.Equal("STRING", Infer($"[{{\"s\":\"{value}\"}}]").Column("s").Type);

    [Fact]
    public void Nanosecond_digits_that_are_zero_still_make_a_timestamp() =>
        Assert.Equal("TIMESTAMP", Infer("[{\"t\":\"2021-07-21T06:00:00.123456000Z\"}]").Column("t").Type);

    [Fact]
    public void Other_strings_are_STRING() =>
        Assert.Equal(new InferredColumn("s", "STRING", false, 0, null), Infer("[{\"s\":\"37868143\"},{\"s\":\",ci37868143,\"}]").Column("s"));

    [Fact]
    public void Objects_become_structs_with_their_fields()
    {
        var schema = Infer("{\"a\":{\"b\":1,\"c\":{\"d\":\"x\"}}}\n{\"a\":{\"b\":2}}\n");
        Assert.Equal(["a", "a.b", "a.c", "a.c.d"], schema.Paths());
        Assert.Equal("STRUCT", schema.Column("a").Type);
        Assert.False(schema.Column("a").Nullable);
        Assert.False(schema.Column("a.b").Nullable);
        Assert.True(schema.Column("a.c").Nullable);
        Assert.False(schema.Column("a.c.d").Nullable); // required relative to its parent: present whenever a.c is
    }

    [Fact]
    public void Arrays_become_lists_of_the_widened_element_type()
    {
        var schema = Infer("{\"xs\":[1,2],\"objs\":[{\"k\":1}],\"nested\":[[1],[2.5,null]]}\n{\"xs\":[3.5],\"objs\":[{\"k\":2,\"v\":\"a\"}],\"nested\":[]}\n");
        Assert.Equal("LIST", schema.Column("xs").Type);
        Assert.Equal(new InferredColumn("xs[]", "DOUBLE", false, 2, "2 integers widened to DOUBLE"), schema.Column("xs[]"));
        Assert.Equal("STRUCT", schema.Column("objs[]").Type);
        Assert.False(schema.Column("objs[].k").Nullable);
        Assert.True(schema.Column("objs[].v").Nullable);
        Assert.Equal("LIST", schema.Column("nested[]").Type);
        Assert.Equal("DOUBLE", schema.Column("nested[][]").Type);
        Assert.True(schema.Column("nested[][]").Nullable);
    }

    [Fact]
    public void Lists_are_three_level_in_Parquet()
    {
        var elements = Infer("[{\"xs\":[1,null]}]").ToParquetSchema();
        Assert.Equal(["schema", "xs", "list", "element"], elements.Select(e => e.Name));
        Assert.Equal(Etl.Parquet.Meta.ConvertedType.List, elements[1].ConvertedType);
        Assert.Equal(Etl.Parquet.Meta.FieldRepetitionType.Required, elements[1].RepetitionType);
        Assert.Equal(Etl.Parquet.Meta.FieldRepetitionType.Repeated, elements[2].RepetitionType);
        Assert.Equal(Etl.Parquet.Meta.FieldRepetitionType.Optional, elements[3].RepetitionType);
        Assert.Equal(Etl.Parquet.Meta.PhysicalType.Int64, elements[3].Type);
    }

    [Fact]
    public void Only_null_fields_are_nullable_STRING()
    {
        var c = Infer("{\"a\":null}\n{\"a\":null}\n").Column("a");
        Assert.Equal("STRING", c.Type);
        Assert.True(c.Nullable);
        Assert.Contains("only nulls", c.Note);
        var e = Infer("[{\"a\":[]},{\"a\":[]}]").Column("a[]");
        Assert.Equal("STRING", e.Type);
        Assert.True(e.Nullable);
    }

    [Fact]
    public void Optional_unless_no_record_lacks_it_and_no_value_is_null()
    {
        var schema = Infer("{\"always\":1,\"missing\":1,\"nulled\":1}\n{\"always\":2,\"nulled\":null}\n");
        Assert.False(schema.Column("always").Nullable);
        Assert.True(schema.Column("missing").Nullable);
        Assert.True(schema.Column("nulled").Nullable);
        var leaves = schema.ToParquetSchema();
        Assert.Equal(Etl.Parquet.Meta.FieldRepetitionType.Required, leaves[1].RepetitionType);
        Assert.Equal(Etl.Parquet.Meta.FieldRepetitionType.Optional, leaves[2].RepetitionType);
    }

    [Fact]
    public void Columns_come_in_order_of_first_appearance()
    {
        var schema = Infer("{\"b\":1}\n{\"a\":1,\"b\":2,\"c\":3}\n{\"c\":1,\"d\":{\"y\":1,\"x\":2}}\n{\"d\":{\"x\":1,\"z\":2}}\n");
        Assert.Equal(["b", "a", "c", "d", "d.y", "d.x", "d.z"], schema.Paths());
    }

    [Fact]
    public void Keys_are_kept_as_they_are()
    {
        var schema = Infer("{\"\":1,\"a.b\":2,\"with space\":3,\"é\":4,\"\\u00e9x\":5,\"nul\\u0000\":6,\"[]\":7}");
        Assert.Equal(["", "a.b", "with space", "é", "éx", "nul\0", "[]"], schema.Fields.Select(f => f.Name));
    }

    [Fact]
    public void Escaped_and_plain_spellings_of_a_key_are_the_same_key()
    {
        var schema = Infer("{\"abc\":1}\n{\"a\\u0062c\":2}\n");
        Assert.Single(schema.Fields);
        Assert.False(schema.Column("abc").Nullable);
    }

    [Fact]
    public void A_repeated_key_in_one_object_keeps_the_first_value()
    {
        var schema = Infer("{\"a\":1,\"a\":\"x\"}");
        Assert.Equal("INT64", schema.Column("a").Type);
    }

    [Fact]
    public void Conflicting_shapes_become_JSON_text_and_are_reported()
    {
        var schema = Infer("{\"v\":\"Berlin\",\"m\":{\"x\":1}}\n{\"v\":[\"Berlin\"],\"m\":2}\n{\"v\":null,\"m\":null}\n");
        var v = schema.Column("v");
        Assert.Equal("JSON", v.Type);
        Assert.True(v.Nullable);
        Assert.Equal(2, v.Widened);
        Assert.Contains("conflicting shapes (1 string, 1 array)", v.Note);
        Assert.Equal("JSON", schema.Column("m").Type);
        Assert.Equal(["v", "m"], schema.Paths()); // no children listed under a JSON column
    }

    [Fact]
    public void Null_or_object_is_a_nullable_struct_not_a_conflict()
    {
        var schema = Infer("{\"m\":null}\n{\"m\":{\"x\":1}}\n");
        Assert.Equal("STRUCT", schema.Column("m").Type);
        Assert.True(schema.Column("m").Nullable);
    }

    [Fact]
    public void Always_empty_objects_are_JSON()
    {
        var c = Infer("[{\"o\":{}},{\"o\":{}}]").Column("o");
        Assert.Equal("JSON", c.Type);
        Assert.Contains("empty object", c.Note);
    }

    [Fact]
    public void Objects_with_too_many_distinct_keys_are_open_maps_stored_as_JSON()
    {
        var json = string.Join('\n', Enumerable.Range(0, 20).Select(i => $"{{\"id\":{i},\"m\":{{\"k{i}\":{i},\"k{i + 1}\":\"x\"}}}}"));
        var schema = Infer(json, new JsonReadOptions { MaxFieldsPerObject = 10 });
        Assert.Equal(["id", "m"], schema.Paths());
        Assert.Equal("JSON", schema.Column("m").Type);
        Assert.Contains("open map", schema.Column("m").Note);
        Assert.Equal(20, schema.Column("m").Widened);
    }

    [Fact]
    public void A_top_level_array_of_objects_gives_one_row_per_element()
    {
        var schema = Infer(" [ {\"a\":1} , {\"a\":2} ] ");
        Assert.Equal(JsonInputShape.Array, schema.Shape);
        Assert.False(schema.WrapsValues);
        Assert.Equal(2, schema.RecordCount);
        Assert.Equal(["a"], schema.Paths());
    }

    [Fact]
    public void Top_level_scalars_and_arrays_of_non_objects_are_wrapped_in_a_value_column()
    {
        var scalar = Infer("42");
        Assert.True(scalar.WrapsValues);
        Assert.Equal(JsonInputShape.Value, scalar.Shape);
        Assert.Equal(1, scalar.RecordCount);
        Assert.Equal(new InferredColumn("value", "INT64", false, 0, null), scalar.Column("value"));

        var values = Infer("[1,null,2]");
        Assert.True(values.WrapsValues);
        Assert.Equal(3, values.RecordCount);
        Assert.Equal(new InferredColumn("value", "INT64", true, 0, null), values.Column("value"));

        var mixed = Infer("[{\"a\":1}, 2]");
        Assert.True(mixed.WrapsValues);
        Assert.Equal("JSON", mixed.Column("value").Type);

        var withNull = Infer("[{\"a\":1}, null]");
        Assert.True(withNull.WrapsValues);
        Assert.Equal(["value", "value.a"], withNull.Paths());
    }

    [Fact]
    public void Records_without_any_key_are_wrapped_too_since_Parquet_needs_a_column()
    {
        var empty = Infer("[]");
        Assert.Equal(0, empty.RecordCount);
        Assert.True(empty.WrapsValues);
        Assert.Equal(new InferredColumn("value", "STRING", true, 0, "no values at all (only empty lists, or no records): stored as STRING"), empty.Column("value"));
        var one = Infer("{}\n{}");
        Assert.Equal(2, one.RecordCount);
        Assert.True(one.WrapsValues);
        Assert.Equal("JSON", one.Column("value").Type);
    }

    [Fact]
    public void Ndjson_allows_blank_lines_and_CRLF()
    {
        var schema = Infer("\r\n{\"a\":1}\r\n\r\n   \n{\"a\":2}\r\n\r\n");
        Assert.Equal(2, schema.RecordCount);
        Assert.False(schema.Column("a").Nullable);
    }

    [Fact]
    public void A_single_pretty_printed_object_is_one_record()
    {
        var schema = Infer("{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {\"c\": true}\n}\n");
        Assert.Equal(1, schema.RecordCount);
        Assert.Equal(["a", "a[]", "b", "b.c"], schema.Paths());
    }

    [Fact]
    public void The_schema_round_trips_through_its_JSON_form()
    {
        var schema = Infer("{\"a\":1,\"b\":[{\"c\":\"2021-01-01\"}],\"v\":1}\n{\"a\":2.5,\"v\":\"x\",\"t\":\"2021-01-01T00:00:00Z\",\"j\":{}}\n");
        var json = schema.ToJson();
        var back = InferredSchema.Parse(json);
        Assert.Equal(schema.Columns(), back.Columns());
        Assert.Equal(schema.RecordCount, back.RecordCount);
        Assert.Equal(schema.Shape, back.Shape);
        Assert.Equal(json, back.ToJson());
        Assert.Throws<FormatException>(() => InferredSchema.Parse("{\"version\":2}"));
    }
}
