using System.Text.Json;
using Etl.Core.Datasets;
using Etl.Core.Json;

namespace Etl.Core.Tests.Datasets;

public class ColumnTypeTests
{
    [Theory]
    [InlineData("STRING")]
    [InlineData("BOOLEAN")]
    [InlineData("INT32")]
    [InlineData("INT64")]
    [InlineData("DECIMAL(38,10)")]
    [InlineData("DOUBLE")]
    [InlineData("DATE")]
    [InlineData("TIMESTAMP")]
    [InlineData("TIMESTAMP_LOCAL")]
    [InlineData("JSON")]
    [InlineData("LIST<INT64>")]
    [InlineData("LIST<LIST<DECIMAL(9,2)>>")]
    public void A_type_name_reads_back_as_written(string name)
    {
        Assert.Equal(name, ColumnType.Parse(name).Name);
        Assert.Equal(ColumnType.Parse(name), ColumnType.Parse(name));
    }

    [Theory]
    [InlineData("int64")]
    [InlineData("STRUCT")]
    [InlineData("LIST<>")]
    [InlineData("DECIMAL(39,0)")]
    [InlineData("DECIMAL(5,6)")]
    [InlineData("DECIMAL(5)")]
    public void An_unknown_type_name_is_refused_with_the_name_and_the_choices(string name)
    {
        var error = Assert.Throws<FormatException>(() => ColumnType.Parse(name));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("LIST<type>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_column_is_written_as_tables_json_spells_it()
    {
        var column = new ColumnSchema("tags", ColumnType.ListOf(ColumnType.String), true, "tags");
        // tables.json is written with the relaxed encoder, as changes.json is, so LIST<…> stays readable.
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        var json = JsonSerializer.Serialize(column, options);

        Assert.Equal("""{"name":"tags","type":"LIST<STRING>","nullable":true,"sourcePath":"tags"}""", json);
        Assert.Equal(column, JsonSerializer.Deserialize<ColumnSchema>(json, options));
    }

    [Fact]
    public void A_table_is_written_in_the_shape_of_a_tables_json_entry()
    {
        var table = new TableSchema("orders__items", "orders", ["_key"], new NaturalKey(["sku"], 0.9, "unique"),
            [new ForeignKey(["_parent_key"], new KeyReference("orders", ["_key"]))],
            [new ColumnSchema("sku", ColumnType.String, false, "items[].sku", NullCount: 0)]);
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        var json = JsonSerializer.Serialize(table, options);

        Assert.Equal(
            """
            {"name":"orders__items","parent":"orders","primaryKey":["_key"],"naturalKey":{"columns":["sku"],"confidence":0.9,"reason":"unique"},"foreignKeys":[{"columns":["_parent_key"],"references":{"table":"orders","columns":["_key"]}}],"columns":[{"name":"sku","type":"STRING","nullable":false,"sourcePath":"items[].sku","nullCount":0}],"rowCount":0}
            """,
            json);
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<TableSchema>(json, options), options));
    }

    [Fact]
    public void Inferred_types_map_to_column_types_and_a_struct_is_refused()
    {
        var list = new InferredField("tags", InferredType.List, true, element: new InferredField("element", InferredType.TimestampLocal, true));
        var structure = new InferredField("address", InferredType.Struct, true, fields: [new InferredField("city", InferredType.String, true)]);

        Assert.Equal("LIST<TIMESTAMP_LOCAL>", ColumnType.FromInferred(list).Name);
        Assert.Equal(ColumnType.Json, ColumnType.FromInferred(new InferredField("x", InferredType.Json, true)));
        var error = Assert.Throws<ArgumentException>(() => ColumnType.FromInferred(structure));
        Assert.Contains("flatten", error.Message, StringComparison.Ordinal);
    }
}
