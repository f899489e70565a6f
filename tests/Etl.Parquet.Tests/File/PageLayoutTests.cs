using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.File;

/// <summary>
/// Page layouts real writers produce and simple readers get wrong: empty and all-null pages, DATA_PAGE_V2 with and
/// without compression, records spanning pages, dictionary fallback, legacy levels and the non-PLAIN encodings.
/// Every file is made by <see cref="ParquetFileBuilder"/> and read back to NDJSON.
/// </summary>
public class PageLayoutTests
{
    private const FieldRepetitionType Required = FieldRepetitionType.Required;
    private const FieldRepetitionType Repeated = FieldRepetitionType.Repeated;

    [Fact]
    public void Empty_data_pages_v1_and_v2_add_no_rows()
    {
        var b = new ParquetFileBuilder(S.Leaf("a", PhysicalType.Int32), S.Leaf("r", PhysicalType.Int32, Required));
        var g = b.RowGroup();
        g.Column()
            .V1([], def: [])
            .V1(Enc.Plain(1, 2), def: [1, 1])
            .V2([], def: [])
            .V2(Enc.Plain(3), def: [1, 0]);
        g.Column()
            .V1([], count: 0)
            .V1(Enc.Plain(10, 20), count: 2)
            .V2([], count: 0)
            .V2(Enc.Plain(30, 40), count: 2);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"a":1,"r":10}""",
            """{"a":2,"r":20}""",
            """{"a":3,"r":30}""",
            """{"a":null,"r":40}""",
        ]);
    }

    [Fact]
    public void All_null_page_between_pages_with_values()
    {
        var b = new ParquetFileBuilder(S.Leaf("a", PhysicalType.Int64));
        b.RowGroup().Column()
            .V1(Enc.Plain(1L), def: [1])
            .V1([], def: [0, 0, 0])
            .V2([], def: [0, 0])
            .V1(Enc.Plain(7L), def: [0, 1]);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"a":1}""", """{"a":null}""", """{"a":null}""", """{"a":null}""", """{"a":null}""", """{"a":null}""", """{"a":null}""", """{"a":7}""",
        ]);
    }

    [Fact]
    public void All_null_column_chunk_in_v1_and_v2()
    {
        var b = new ParquetFileBuilder(S.Leaf("id", PhysicalType.Int32, Required), S.Leaf("s", PhysicalType.ByteArray, logical: S.String));
        var g = b.RowGroup();
        g.Required(Enc.Plain(1, 2, 3), 3);
        g.Column(CompressionCodec.Snappy).V1([], def: [0, 0, 0]);
        g = b.RowGroup();
        g.Required(Enc.Plain(4, 5), 2);
        g.Column(CompressionCodec.Snappy).V2([], def: [0, 0]);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"id":1,"s":null}""", """{"id":2,"s":null}""", """{"id":3,"s":null}""", """{"id":4,"s":null}""", """{"id":5,"s":null}""",
        ]);
    }

    [Fact]
    public void V2_page_stored_uncompressed_in_a_snappy_chunk()
    {
        var b = new ParquetFileBuilder(S.Leaf("s", PhysicalType.ByteArray, logical: S.String));
        b.RowGroup().Column(CompressionCodec.Snappy)
            .V2(Enc.Plain("plain", "bytes"), def: [1, 0, 1], isCompressed: false)
            .V2(Enc.Plain("snappy"), def: [1], isCompressed: true)
            .V2(Enc.Plain("again uncompressed"), def: [0, 1], isCompressed: false);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"s":"plain"}""", """{"s":null}""", """{"s":"bytes"}""", """{"s":"snappy"}""", """{"s":null}""", """{"s":"again uncompressed"}""",
        ]);
    }

    [Fact]
    public void V2_page_with_an_empty_value_section_never_reaches_the_codec()
    {
        // is_compressed = true, codec SNAPPY, zero value bytes: a Snappy stream is never empty, so a reader that
        // decompresses here fails. Both an all-null page and a required column's empty page.
        var b = new ParquetFileBuilder(S.Leaf("a", PhysicalType.Double), S.Leaf("r", PhysicalType.Int32, Required));
        var g = b.RowGroup();
        g.Column(CompressionCodec.Snappy)
            .V2([], def: [0, 0], isCompressed: true, configure: p => p.RawEmptyValues = true)
            .V2(Enc.Plain(0.5), def: [1], isCompressed: true);
        g.Column(CompressionCodec.Snappy)
            .V2([], count: 0, isCompressed: true, configure: p => p.RawEmptyValues = true)
            .V2(Enc.Plain(1, 2, 3), count: 3, isCompressed: true);
        var file = b.Build();
        Assert.Equal(0, EmptyValueSectionBytes(file));
        BuiltFile.AssertRows(file, ["""{"a":null,"r":1}""", """{"a":null,"r":2}""", """{"a":0.5,"r":3}"""]);
    }

    [Fact]
    public void V2_page_with_a_compressed_empty_value_section()
    {
        // What most writers do: the codec's encoding of zero bytes (one byte for SNAPPY).
        var b = new ParquetFileBuilder(S.Leaf("a", PhysicalType.Double));
        b.RowGroup().Column(CompressionCodec.Snappy)
            .V2([], def: [0, 0], isCompressed: true)
            .V2(Enc.Plain(0.5), def: [1], isCompressed: true);
        var file = b.Build();
        Assert.Equal(1, EmptyValueSectionBytes(file));
        BuiltFile.AssertRows(file, ["""{"a":null}""", """{"a":null}""", """{"a":0.5}"""]);
    }

    /// <summary>Bytes after the levels in the first page of the first chunk (a v2 page marked compressed).</summary>
    private static int EmptyValueSectionBytes(byte[] file)
    {
        using var reader = new Etl.Parquet.File.ParquetFileReader(new MemoryStream(file));
        var offset = (int)reader.Metadata.RowGroups[0].Columns[0].MetaData!.DataPageOffset;
        Assert.True(PageHeaderDecoder.TryDecode(file.AsSpan(offset), out var header, out _));
        var v2 = header.DataPageHeaderV2!;
        Assert.True(v2.IsCompressed);
        return header.CompressedPageSize - v2.DefinitionLevelsByteLength - v2.RepetitionLevelsByteLength;
    }

    [Fact]
    public void A_record_whose_list_spans_two_v1_pages_is_one_row()
    {
        var b = new ParquetFileBuilder(
            S.Leaf("id", PhysicalType.Int32, Required),
            S.Group("l", 1, logical: S.List),
            S.Group("list", 1, Repeated),
            S.Leaf("element", PhysicalType.Int32));
        var g = b.RowGroup();
        g.Required(Enc.Plain(1, 2, 3, 4, 5), 5);
        // Row 1 = [1,2,3,4] (pages 1 and 2), row 2 = [5, null], row 3 = null, row 4 = [], row 5 = [6] (page 3).
        g.Column()
            .V1(Enc.Plain(1, 2), rep: [0, 1], def: [3, 3])
            .V1(Enc.Plain(3, 4, 5), rep: [1, 1, 0, 1], def: [3, 3, 3, 2])
            .V1(Enc.Plain(6), rep: [1, 0, 0, 0], def: [2, 0, 1, 3]);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"id":1,"l":[1,2,3,4]}""",
            """{"id":2,"l":[5,null,null]}""",
            """{"id":3,"l":null}""",
            """{"id":4,"l":[]}""",
            """{"id":5,"l":[6]}""",
        ]);
    }

    [Fact]
    public void Dictionary_fallback_to_plain_in_the_middle_of_a_chunk()
    {
        var b = new ParquetFileBuilder(S.Leaf("s", PhysicalType.ByteArray, logical: S.String), S.Leaf("n", PhysicalType.Int64, Required));
        var g = b.RowGroup();
        g.Column(CompressionCodec.Snappy)
            .Dictionary(Enc.Plain("x", "y", "z"), 3)
            .V1(Enc.DictionaryIndices([0, 2]), def: [1, 1, 0], encoding: Encoding.RleDictionary)
            .V1(Enc.DictionaryIndices([1, 1, 1, 1, 1, 1, 1, 1, 1, 0], width: 2), def: [.. Enumerable.Repeat(1, 10)], encoding: Encoding.RleDictionary)
            .V1(Enc.Plain("p", "q"), def: [1, 0, 1])
            .V2(Enc.Plain("r"), def: [1]);
        g.Column(CompressionCodec.Gzip)
            .Dictionary(Enc.Plain(100L, 200L), 2)
            .V1(Enc.DictionaryIndices([1, 0, 1, 1, 0, 0, 0, 1]), count: 8, encoding: Encoding.PlainDictionary)
            .V2(Enc.DictionaryIndices([1, 1, 1]), count: 3, encoding: Encoding.RleDictionary)
            .V1(Enc.Plain(7L, 8L, 9L, 10L, 11L, 12L), count: 6);
        string?[] strings = ["x", "z", null, .. Enumerable.Repeat("y", 9), "x", "p", null, "q", "r"];
        long[] numbers = [200, 100, 200, 200, 100, 100, 100, 200, 200, 200, 200, 7, 8, 9, 10, 11, 12];
        Assert.Equal(17, strings.Length);
        BuiltFile.AssertRows(b.Build(),
            [.. strings.Zip(numbers, (s, n) => $$"""{"s":{{(s is null ? "null" : $"\"{s}\"")}},"n":{{n}}}""")]);
    }

    [Fact]
    public void Legacy_bit_packed_levels_in_v1_pages()
    {
        var b = new ParquetFileBuilder(
            S.Group("l", 1, logical: S.List),
            S.Group("list", 1, Repeated),
            S.Leaf("element", PhysicalType.Int32),
            S.Leaf("flat", PhysicalType.Int32));
        var g = b.RowGroup();
        // [1,2,3], [], null, [null,4], [5] — 8 entries: 8 repetition bits, 16 definition bits (width 2).
        g.Column()
            .V1(Enc.Plain(1, 2, 3), rep: [0, 1, 1, 0, 0], def: [3, 3, 3, 1, 0], levelEncoding: Encoding.BitPacked)
            .V1(Enc.Plain(4, 5), rep: [0, 1, 0], def: [2, 3, 3], levelEncoding: Encoding.BitPacked);
        // 5 rows in pages of 3 and 2: definition bits do not fill a byte.
        g.Column()
            .V1(Enc.Plain(10, 30), def: [1, 0, 1], levelEncoding: Encoding.BitPacked)
            .V1(Enc.Plain(50), def: [0, 1], levelEncoding: Encoding.BitPacked);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"l":[1,2,3],"flat":10}""",
            """{"l":[],"flat":null}""",
            """{"l":null,"flat":30}""",
            """{"l":[null,4],"flat":null}""",
            """{"l":[5],"flat":50}""",
        ]);
    }

    [Fact]
    public void Rle_booleans_in_v2_and_v1_pages()
    {
        var b = new ParquetFileBuilder(S.Leaf("b", PhysicalType.Boolean), S.Leaf("r", PhysicalType.Boolean, Required), S.Leaf("p", PhysicalType.Boolean, Required));
        var g = b.RowGroup();
        // 12 trues (an RLE run), then alternating values (bit-packed), with nulls among them.
        bool[] values = [.. Enumerable.Repeat(true, 12), false, true, false, false, true];
        int[] def = [.. Enumerable.Repeat(1, 12), 0, 1, 1, 0, 1, 1, 1, 0];
        g.Column(CompressionCodec.Snappy)
            .V2(Enc.RleBooleans(values[..12]), def: def[..12], encoding: Encoding.Rle)
            .V2(Enc.RleBooleans(values[12..]), def: def[12..], encoding: Encoding.Rle, isCompressed: false);
        bool[] required = [.. Enumerable.Range(0, 20).Select(i => i % 3 == 0)];
        g.Column()
            .V1(Enc.RleBooleans(required[..9]), count: 9, encoding: Encoding.Rle)
            .V2(Enc.RleBooleans(required[9..]), count: 11, encoding: Encoding.Rle);
        // PLAIN booleans for comparison: bit positions restart with every page.
        g.Column()
            .V1(Enc.Plain(required[..9]), count: 9)
            .V2(Enc.Plain(required[9..]), count: 11);
        var expected = new List<string>();
        var next = 0;
        for (var i = 0; i < def.Length; i++)
        {
            var b1 = def[i] == 1 ? (values[next++] ? "true" : "false") : "null";
            var r = required[i] ? "true" : "false";
            expected.Add($$"""{"b":{{b1}},"r":{{r}},"p":{{r}}}""");
        }
        BuiltFile.AssertRows(b.Build(), [.. expected]);
    }

    [Fact]
    public void Delta_binary_packed_int32_and_int64_with_nulls()
    {
        var b = new ParquetFileBuilder(S.Leaf("i", PhysicalType.Int32), S.Leaf("l", PhysicalType.Int64));
        const int rows = 300;
        var present = Enumerable.Range(0, rows).Select(r => r % 5 != 3).ToArray();
        var ints = new List<int>();
        var longs = new List<long>();
        for (var r = 0; r < rows; r++)
        {
            if (!present[r]) continue;
            ints.Add(r switch
            {
                1 => int.MaxValue,
                2 => int.MinValue,
                4 => -1,
                _ => r * r - 997 * r,
            });
            longs.Add(r switch
            {
                1 => long.MinValue,
                2 => long.MaxValue,
                _ => (r % 2 == 0 ? 1 : -1) * 1_000_000_007L * r,
            });
        }
        int[] def = [.. present.Select(p => p ? 1 : 0)];
        var firstPageRows = 137;
        var firstPageValues = present[..firstPageRows].Count(p => p);
        var g = b.RowGroup();
        g.Column()
            .V1(Enc.DeltaBinaryPacked([.. ints.Take(firstPageValues)]), def: def[..firstPageRows], encoding: Encoding.DeltaBinaryPacked)
            .V2(Enc.DeltaBinaryPacked([.. ints.Skip(firstPageValues)]), def: def[firstPageRows..], encoding: Encoding.DeltaBinaryPacked);
        g.Column(CompressionCodec.Snappy)
            .V2(Enc.DeltaBinaryPacked([.. longs.Take(firstPageValues)]), def: def[..firstPageRows], encoding: Encoding.DeltaBinaryPacked)
            .V1(Enc.DeltaBinaryPacked([.. longs.Skip(firstPageValues)]), def: def[firstPageRows..], encoding: Encoding.DeltaBinaryPacked);
        var expected = new List<string>();
        var v = 0;
        for (var r = 0; r < rows; r++)
        {
            expected.Add(present[r] ? $$"""{"i":{{ints[v]}},"l":{{longs[v]}}}""" : """{"i":null,"l":null}""");
            if (present[r]) v++;
        }
        BuiltFile.AssertRows(b.Build(), [.. expected]);
    }

    [Fact]
    public void Byte_stream_split_on_int32_int64_float_double_and_fixed_len_byte_array()
    {
        var b = new ParquetFileBuilder(
            S.Leaf("i", PhysicalType.Int32),
            S.Leaf("l", PhysicalType.Int64),
            S.Leaf("f", PhysicalType.Float),
            S.Leaf("d", PhysicalType.Double),
            S.Leaf("x", PhysicalType.FixedLenByteArray, length: 3, logical: S.Decimal(6, 2)));
        int[] def = [1, 0, 1, 1, 1];
        var g = b.RowGroup();
        g.Column().V1(Enc.ByteStreamSplit(Enc.Plain(1, -2, 0x01020304, int.MinValue), 4), def: def, encoding: Encoding.ByteStreamSplit);
        g.Column(CompressionCodec.Snappy).V2(Enc.ByteStreamSplit(Enc.Plain(5L, -6L, 0x0102030405060708L, long.MaxValue), 8), def: def, encoding: Encoding.ByteStreamSplit);
        g.Column().V2(Enc.ByteStreamSplit(Enc.Plain(1.5f, -2.25f, 1e-3f, float.MaxValue), 4), def: def, encoding: Encoding.ByteStreamSplit, isCompressed: false);
        g.Column(CompressionCodec.Gzip).V1(Enc.ByteStreamSplit(Enc.Plain(0.1, -1e300, 3.0, double.Epsilon), 8), def: def, encoding: Encoding.ByteStreamSplit);
        g.Column().V1(Enc.ByteStreamSplit(Enc.Fixed(Enc.BigEndian(12345, 3), Enc.BigEndian(-1, 3), Enc.BigEndian(0, 3), Enc.BigEndian(-8388608, 3)), 3),
            def: def, encoding: Encoding.ByteStreamSplit);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"i":1,"l":5,"f":1.5,"d":0.1,"x":123.45}""",
            """{"i":null,"l":null,"f":null,"d":null,"x":null}""",
            """{"i":-2,"l":-6,"f":-2.25,"d":-1E+300,"x":-0.01}""",
            """{"i":16909060,"l":72623859790382856,"f":0.001,"d":3,"x":0.00}""",
            """{"i":-2147483648,"l":9223372036854775807,"f":3.4028235E+38,"d":5E-324,"x":-83886.08}""",
        ]);
    }

    [Fact]
    public void Several_row_groups_restart_repetition_at_their_boundaries()
    {
        var b = new ParquetFileBuilder(
            S.Leaf("id", PhysicalType.Int32, Required),
            S.Group("tags", 1, logical: S.List),
            S.Group("list", 1, Repeated),
            S.Leaf("element", PhysicalType.ByteArray, logical: S.String));
        var g = b.RowGroup();
        g.Required(Enc.Plain(1, 2), 2);
        g.Column().V1(Enc.Plain("a", "b", "c"), rep: [0, 1, 0], def: [3, 3, 3]);
        g = b.RowGroup();
        g.Required(Enc.Plain(3, 4), 2);
        g.Column().V2(Enc.Plain("d", "e", "f"), rep: [0, 0, 1, 1], def: [1, 3, 3, 3]);
        g = b.RowGroup();
        g.Required(Enc.Plain(5, 6, 7), 3);
        g.Column(CompressionCodec.Snappy)
            .V1(Enc.Plain("g"), rep: [0, 0], def: [0, 3])
            .V1(Enc.Plain("h"), rep: [1, 0], def: [3, 2]);
        BuiltFile.AssertRows(b.Build(),
        [
            """{"id":1,"tags":["a","b"]}""",
            """{"id":2,"tags":["c"]}""",
            """{"id":3,"tags":[]}""",
            """{"id":4,"tags":["d","e","f"]}""",
            """{"id":5,"tags":null}""",
            """{"id":6,"tags":["g","h"]}""",
            """{"id":7,"tags":[null]}""",
        ]);
    }

    [Fact]
    public void Delta_length_and_delta_byte_array_strings_and_fixed_bytes()
    {
        var b = new ParquetFileBuilder(
            S.Leaf("dl", PhysicalType.ByteArray, logical: S.String),
            S.Leaf("db", PhysicalType.ByteArray, logical: S.String),
            S.Leaf("fx", PhysicalType.FixedLenByteArray, length: 4));
        int[] def = [1, 1, 0, 1, 1, 1];
        string[] words = ["apple", "applesauce", "", "apply", "banana", "band"];
        var present = words.Where((_, i) => def[i] == 1).ToArray();
        var g = b.RowGroup();
        g.Column(CompressionCodec.Snappy)
            .V1(Enc.DeltaLengthByteArray(present[..2]), def: def[..3], encoding: Encoding.DeltaLengthByteArray)
            .V2(Enc.DeltaLengthByteArray(present[2..]), def: def[3..], encoding: Encoding.DeltaLengthByteArray);
        g.Column()
            .V2(Enc.DeltaByteArray(present), def: def, encoding: Encoding.DeltaByteArray);
        byte[][] fixedValues = [[1, 2, 3, 4], [1, 2, 3, 5], [1, 2, 3, 5], [9, 9, 9, 9], [0, 0, 0, 0]];
        g.Column()
            .V1(Enc.DeltaByteArray(fixedValues), def: def, encoding: Encoding.DeltaByteArray);
        var expected = new List<string>();
        var v = 0;
        for (var i = 0; i < def.Length; i++)
        {
            if (def[i] == 0)
            {
                expected.Add("""{"dl":null,"db":null,"fx":null}""");
                continue;
            }
            expected.Add($$"""{"dl":"{{present[v]}}","db":"{{present[v]}}","fx":"{{Convert.ToBase64String(fixedValues[v])}}"}""");
            v++;
        }
        BuiltFile.AssertRows(b.Build(), [.. expected]);
    }

    [Fact]
    public void Single_entry_dictionary_with_index_bit_width_zero()
    {
        // Arrow writes bit width 0 for a dictionary of one value: the indices are all 0 and take no bytes.
        var b = new ParquetFileBuilder(S.Leaf("s", PhysicalType.ByteArray, logical: S.String));
        b.RowGroup().Column()
            .Dictionary(Enc.Plain("only"), 1)
            .V1([0], def: [1, 0, 1, 1], encoding: Encoding.RleDictionary)
            .V2([0, 0x06, 0x00], def: [1, 1, 1], encoding: Encoding.RleDictionary);
        BuiltFile.AssertRows(b.Build(), ["""{"s":"only"}""", """{"s":null}""", """{"s":"only"}""", """{"s":"only"}""", """{"s":"only"}""", """{"s":"only"}""", """{"s":"only"}"""]);
    }

    [Fact]
    public void Entries_before_the_first_record_start_of_a_chunk_are_dropped()
    {
        // A chunk whose first repetition level is 1 continues a record that does not exist (apache/arrow#45185);
        // like DuckDB and Arrow, the reader drops those entries.
        var b = new ParquetFileBuilder(
            S.Leaf("id", PhysicalType.Int32, Required),
            S.Group("l", 1, logical: S.List),
            S.Group("list", 1, Repeated),
            S.Leaf("element", PhysicalType.Int32));
        var g = b.RowGroup(numRows: 2);
        g.Required(Enc.Plain(1, 2), 2);
        g.Column().V1(Enc.Plain(-1, -2, 10, 20, 30), rep: [1, 1, 0, 1, 0], def: [3, 3, 3, 3, 3]);
        BuiltFile.AssertRows(b.Build(), ["""{"id":1,"l":[10,20]}""", """{"id":2,"l":[30]}"""]);
    }

    [Fact]
    public void Key_value_metadata_of_the_file_and_of_a_chunk_is_read()
    {
        var b = new ParquetFileBuilder(S.Leaf("a", PhysicalType.Int32, Required))
        {
            KeyValueMetadata = [new KeyValue("origin", "builder"), new KeyValue("flag", null)],
        };
        var chunk = b.RowGroup().Column();
        chunk.V1(Enc.Plain(1), count: 1);
        chunk.KeyValueMetadata = [new KeyValue("foo", "bar")];
        var file = b.Build();
        using var reader = new Etl.Parquet.File.ParquetFileReader(new MemoryStream(file));
        Assert.Equal([new KeyValue("origin", "builder"), new KeyValue("flag", null)], reader.Metadata.KeyValueMetadata!);
        Assert.Equal([new KeyValue("foo", "bar")], reader.Metadata.RowGroups[0].Columns[0].MetaData!.KeyValueMetadata!);
        BuiltFile.AssertRows(file, ["""{"a":1}"""]);
    }
}
