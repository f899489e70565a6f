using Etl.Core.Datasets;
using Etl.Parquet.File;

namespace Etl.Core.Tests.Datasets;

/// <summary>
/// A Parquet file described from its footer as a one-table dataset version: names through the namer, structs flattened,
/// lists in every form the format allows, maps as JSON, nullability and null counts from the column statistics.
/// </summary>
public class ParquetTableSchemaTests
{
    private static string[] Describe(string file)
    {
        using var reader = ParquetFileReader.Open(TestFiles.ParquetTesting(file));
        var tables = ParquetTableSchema.Describe(reader, "Events 2024", "uploads/j/x.parquet");
        var table = Assert.Single(tables.Tables);
        Assert.Equal(("events_2024", reader.RowCount, "uploads/j/x.parquet", reader.RowCount), (table.Name, table.RowCount, table.File, tables.InputRecords));
        return [.. table.Columns.Select(c => $"{c.Name} {c.Type} {(c.Nullable ? "nullable" : "required")} {c.NullCount?.ToString() ?? "-"} {c.SourcePath}")];
    }

    [Fact]
    public void Structs_are_flattened_lists_keep_their_element_type_and_maps_are_json()
    {
        Assert.Equal(
        [
            "id INT64 nullable 0 id",
            "int_array LIST<INT32> nullable - int_array",
            "int_array_array LIST<LIST<INT32>> nullable - int_array_Array",
            "int_map JSON nullable - int_map",
            "int_map_array JSON nullable - int_Map_Array",
            "nested_struct__a INT32 nullable 5 nested_struct.A",
            "nested_struct__b LIST<INT32> nullable - nested_struct.b",
            // A list of lists of structs has no column type of its own.
            "nested_struct__c__d JSON nullable - nested_struct.C.d",
            "nested_struct__g JSON nullable - nested_struct.g",
        ], Describe("nullable.impala.parquet"));
    }

    [Fact]
    public void Legacy_and_bare_repeated_lists_are_lists_that_are_never_null()
    {
        Assert.Equal(["a LIST<LIST<INT32>> required - a"], Describe("old_list_structure.parquet"));
        Assert.Equal(
        [
            "int32_list LIST<INT32> required - Int32_list",
            "string_list LIST<STRING> required - String_list",
            "group_of_lists__int32_list_in_group LIST<INT32> required - group_of_lists.Int32_list_in_group",
            "group_of_lists__string_list_in_group LIST<STRING> required - group_of_lists.String_list_in_group",
        ], Describe("repeated_primitive_no_list.parquet"));
        Assert.Equal(["a LIST<LIST<LIST<STRING>>> nullable - a", "b INT32 required 0 b"], Describe("nested_lists.snappy.parquet"));
    }

    [Fact]
    public void Parquet_types_map_to_the_catalog_types_their_json_text_reads_as()
    {
        Assert.Equal(
        [
            "id INT32 nullable - id", "bool_col BOOLEAN nullable - bool_col", "tinyint_col INT32 nullable - tinyint_col",
            "smallint_col INT32 nullable - smallint_col", "int_col INT32 nullable - int_col", "bigint_col INT64 nullable - bigint_col",
            "float_col DOUBLE nullable - float_col", "double_col DOUBLE nullable - double_col",
            "date_string_col STRING nullable - date_string_col", "string_col STRING nullable - string_col",
            // INT96 is the legacy UTC timestamp.
            "timestamp_col TIMESTAMP nullable - timestamp_col",
        ], Describe("alltypes_plain.parquet"));
        Assert.Equal(["value DECIMAL(4,2) nullable 0 value"], Describe("int32_decimal.parquet"));
        Assert.Equal(["value DECIMAL(25,2) nullable 0 value"], Describe("fixed_length_decimal.parquet"));
        Assert.Equal(["a TIMESTAMP nullable 1 a"], Describe("int96_from_spark.parquet"));
    }
}
