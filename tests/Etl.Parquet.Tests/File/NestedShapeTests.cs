using System.Text;
using System.Text.Json;
using Etl.Core.Convert;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.File;

/// <summary>
/// Record assembly of nested shapes: the LIST forms the format's backward-compatibility rules describe, lists of
/// structs and of lists, legacy maps, and row groups large enough to be formatted in several parallel slices.
/// </summary>
public class NestedShapeTests
{
    private const FieldRepetitionType Required = FieldRepetitionType.Required;
    private const FieldRepetitionType Repeated = FieldRepetitionType.Repeated;

    [Fact]
    public void Two_level_list_and_bare_repeated_field()
    {
        var b = new ParquetFileBuilder(
            S.Group("l", 1, logical: S.List),
            S.Leaf("element", PhysicalType.Int32, Repeated),
            S.Leaf("nums", PhysicalType.Int64, Repeated));
        var g = b.RowGroup();
        g.Column().V1(Enc.Plain(1, 2), rep: [0, 1, 0, 0], def: [2, 2, 1, 0]);
        g.Column().V1(Enc.Plain(7L, 8L, 9L), rep: [0, 0, 1, 0], def: [1, 1, 1, 0]);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"l":[1,2],"nums":[7]}""",
            """{"l":[],"nums":[8,9]}""",
            """{"l":null,"nums":[]}""",
        ]);
    }

    [Fact]
    public void Legacy_list_whose_repeated_group_named_array_is_the_element()
    {
        var b = new ParquetFileBuilder(
            S.Group("l", 1, logical: S.List),
            S.Group("array", 2, Repeated),
            S.Leaf("a", PhysicalType.Int32, Required),
            S.Leaf("b", PhysicalType.ByteArray, logical: S.String));
        var g = b.RowGroup();
        g.Column().V1(Enc.Plain(1, 2), rep: [0, 1, 0], def: [2, 2, 0]);
        g.Column().V1(Enc.Plain("x"), rep: [0, 1, 0], def: [3, 2, 0]);
        BuiltFile.AssertRows(b.Build(), ["""{"l":[{"a":1,"b":"x"},{"a":2,"b":null}]}""", """{"l":null}"""]);
    }

    [Fact]
    public void Legacy_lists_whose_single_field_group_is_the_element()
    {
        // A one-field repeated group named "array" or "<list>_tuple" is the element itself (an object).
        var b = new ParquetFileBuilder(
            S.Group("a", 1, logical: S.List),
            S.Group("array", 1, Repeated),
            S.Leaf("x", PhysicalType.Int32, Required),
            S.Group("t", 1, converted: ConvertedType.List),
            S.Group("t_tuple", 1, Repeated),
            S.Leaf("y", PhysicalType.Int32, Required),
            S.Group("three", 1, logical: S.List),
            S.Group("list", 1, Repeated),
            S.Leaf("element", PhysicalType.Int32, Required));
        var g = b.RowGroup();
        g.Column().V1(Enc.Plain(1, 2), rep: [0, 1], def: [2, 2]);
        g.Column().V1(Enc.Plain(3), rep: [0], def: [2]);
        g.Column().V1(Enc.Plain(4), rep: [0], def: [2]);
        BuiltFile.AssertRows(b.Build(), ["""{"a":[{"x":1},{"x":2}],"t":[{"y":3}],"three":[4]}"""]);
    }

    [Fact]
    public void List_of_structs_with_null_elements()
    {
        var b = new ParquetFileBuilder(
            S.Group("l", 1, logical: S.List),
            S.Group("list", 1, Repeated),
            S.Group("element", 2),
            S.Leaf("x", PhysicalType.Int32, Required),
            S.Leaf("y", PhysicalType.Int32));
        var g = b.RowGroup();
        g.Column().V1(Enc.Plain(1, 3), rep: [0, 1, 1, 0, 0], def: [3, 2, 3, 1, 0]);
        g.Column().V1(Enc.Plain(2), rep: [0, 1, 1, 0, 0], def: [4, 2, 3, 1, 0]);
        BuiltFile.AssertRows(b.Build(), ["""{"l":[{"x":1,"y":2},null,{"x":3,"y":null}]}""", """{"l":[]}""", """{"l":null}"""]);
    }

    [Fact]
    public void List_of_lists()
    {
        var b = new ParquetFileBuilder(
            S.Group("outer", 1, logical: S.List),
            S.Group("list", 1, Repeated),
            S.Group("element", 1, logical: S.List),
            S.Group("list", 1, Repeated),
            S.Leaf("element", PhysicalType.Int32));
        b.RowGroup().Column()
            .V1(Enc.Plain(1, 2), rep: [0, 2, 1], def: [5, 5, 3])
            .V1(Enc.Plain(3), rep: [1, 1, 0, 0], def: [2, 5, 4, 1]);
        BuiltFile.AssertRows(b.Build(), ["""{"outer":[[1,2],[],null,[3]]}""", """{"outer":[[null]]}""", """{"outer":[]}"""]);
    }

    [Fact]
    public void Repeated_group_at_the_root_and_required_fields_in_optional_structs()
    {
        var b = new ParquetFileBuilder(
            S.Group("r", 2, Repeated),
            S.Leaf("a", PhysicalType.Int32, Required),
            S.Leaf("b", PhysicalType.Int32),
            S.Group("s", 2),
            S.Leaf("a", PhysicalType.Int32, Required),
            S.Group("t", 1),
            S.Leaf("c", PhysicalType.ByteArray, Required, logical: S.String));
        var g = b.RowGroup();
        g.Column().V1(Enc.Plain(1, 2), rep: [0, 1, 0, 0], def: [1, 1, 0, 0]);
        g.Column().V1(Enc.Plain(3), rep: [0, 1, 0, 0], def: [1, 2, 0, 0]);
        g.Column().V1(Enc.Plain(1, 2), def: [1, 1, 0]);
        g.Column().V1(Enc.Plain("x"), def: [2, 1, 0]);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"r":[{"a":1,"b":null},{"a":2,"b":3}],"s":{"a":1,"t":{"c":"x"}}}""",
            """{"r":[],"s":{"a":2,"t":null}}""",
            """{"r":[],"s":null}""",
        ]);
    }

    [Fact]
    public void Legacy_map_key_value_annotation()
    {
        var b = new ParquetFileBuilder(
            S.Group("m", 1, converted: ConvertedType.Map),
            S.Group("map", 2, Repeated, converted: ConvertedType.MapKeyValue),
            S.Leaf("key", PhysicalType.ByteArray, Required, converted: ConvertedType.Utf8),
            S.Leaf("value", PhysicalType.Double));
        var g = b.RowGroup();
        g.Column().V1(Enc.Plain("a", "b"), rep: [0, 1, 0], def: [2, 2, 1]);
        g.Column().V1(Enc.Plain(0.5), rep: [0, 1, 0], def: [3, 2, 1]);
        BuiltFile.AssertRows(b.Build(), ["""{"m":{"a":0.5,"b":null}}""", """{"m":{}}"""]);
    }

    [Fact]
    public void Row_groups_formatted_in_several_slices_keep_rows_whole_and_in_order()
    {
        const int rowsPerGroup = 70_000;
        var b = new ParquetFileBuilder(
            S.Leaf("id", PhysicalType.Int32, Required),
            S.Group("tags", 1, logical: S.List),
            S.Group("list", 1, Repeated),
            S.Leaf("element", PhysicalType.ByteArray, logical: S.String),
            S.Group("s", 1),
            S.Leaf("n", PhysicalType.Int64));
        var expected = new List<string>();
        for (var group = 0; group < 2; group++)
        {
            var g = b.RowGroup();
            var first = group * rowsPerGroup;
            g.Column(CompressionCodec.Snappy).V1(Enc.Plain([.. Enumerable.Range(first, rowsPerGroup)]), count: rowsPerGroup);
            var rep = new List<int>();
            var def = new List<int>();
            var values = new List<string>();
            var n = new List<long>();
            var nDef = new List<int>();
            for (var row = first; row < first + rowsPerGroup; row++)
            {
                var json = new StringBuilder($$"""{"id":{{row}},"tags":""");
                if (row % 7 == 0)
                {
                    rep.Add(0);
                    def.Add(0);
                    json.Append("null");
                }
                else if (row % 4 == 0)
                {
                    rep.Add(0);
                    def.Add(1);
                    json.Append("[]");
                }
                else
                {
                    json.Append('[');
                    for (var k = 0; k < row % 4; k++)
                    {
                        rep.Add(k == 0 ? 0 : 1);
                        var isNull = (row + k) % 11 == 0;
                        def.Add(isNull ? 2 : 3);
                        if (k > 0) json.Append(',');
                        if (isNull)
                        {
                            json.Append("null");
                        }
                        else
                        {
                            values.Add($"t{row}-{k}");
                            json.Append($"\"t{row}-{k}\"");
                        }
                    }
                    json.Append(']');
                }
                var level = row % 5 == 0 ? 0 : row % 5 == 1 ? 1 : 2;
                nDef.Add(level);
                if (level == 2) n.Add(row * 3L);
                json.Append(level switch { 0 => ""","s":null}""", 1 => ""","s":{"n":null}}""", _ => $$$""","s":{"n":{{{row * 3L}}}}}""" });
                expected.Add(json.ToString());
            }
            // Pages of 9,999 entries: page boundaries fall inside records.
            var tags = g.Column(CompressionCodec.Snappy);
            var used = 0;
            for (var start = 0; start < rep.Count; start += 9_999)
            {
                var count = Math.Min(9_999, rep.Count - start);
                var present = def.Skip(start).Take(count).Count(d => d == 3);
                tags.V1(Enc.Plain([.. values.Skip(used).Take(present)]), rep: [.. rep.Skip(start).Take(count)], def: [.. def.Skip(start).Take(count)]);
                used += present;
            }
            g.Column().V2(Enc.Plain([.. n]), def: [.. nDef]);
        }
        var file = b.Build();
        var rows = BuiltFile.Rows(file);
        Assert.Equal(expected.Count, rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i] != expected[i]) Assert.Fail($"row {i}: expected {expected[i]}, got {rows[i]}");
        }

        // The JSON array form of the same file: one array, the same rows, commas across slices and row groups.
        var output = new MemoryStream();
        ParquetToJson.Convert(new MemoryStream(file), output, JsonOutputFormat.Json);
        using var document = JsonDocument.Parse(output.ToArray());
        Assert.Equal(expected.Count, document.RootElement.GetArrayLength());
        Assert.Equal(expected[^1], document.RootElement[expected.Count - 1].GetRawText());
        Assert.Equal(expected[rowsPerGroup], document.RootElement[rowsPerGroup].GetRawText());
    }
}
