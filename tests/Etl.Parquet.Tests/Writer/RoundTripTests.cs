using Etl.Parquet.File;
using Etl.Parquet.Meta;
using static Etl.Parquet.Tests.Writer.S;
using Encoding = Etl.Parquet.Meta.Encoding;
using Text = System.Text.Encoding;

namespace Etl.Parquet.Tests.Writer;

public class RoundTripTests
{
    private static List<SchemaElement> AllTypesSchema() => Tree(
        Leaf("b", PhysicalType.Boolean),
        Leaf("i32", PhysicalType.Int32),
        Leaf("i32_req", PhysicalType.Int32, Req),
        Leaf("i64", PhysicalType.Int64),
        Leaf("i96", PhysicalType.Int96),
        Leaf("f", PhysicalType.Float),
        Leaf("d", PhysicalType.Double),
        Leaf("s", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String)),
        Leaf("bin", PhysicalType.ByteArray, Req),
        Leaf("fixed", PhysicalType.FixedLenByteArray, length: 5),
        Leaf("uuid", PhysicalType.FixedLenByteArray, Req, logical: L(LogicalTypeKind.Uuid), length: 16));

    private static object?[] AllTypesRecord(int i, Random random)
    {
        bool nul = i % 7 == 3;
        var i96 = new byte[12];
        random.NextBytes(i96);
        var fixedBytes = Text.ASCII.GetBytes($"{i % 100000,5}");
        var uuid = new byte[16];
        random.NextBytes(uuid);
        return
        [
            nul ? null : i % 3 == 0,
            nul ? null : i * 37 - 1000,
            i % 5,
            nul ? null : (long)i * 1_000_003L,
            nul ? null : i96,
            nul ? null : i * 0.25f,
            nul ? null : Math.Sin(i),
            nul ? null : $"str-{i % 13}",
            Text.UTF8.GetBytes($"bin{i}"),
            nul ? null : fixedBytes,
            uuid,
        ];
    }

    public static TheoryData<CompressionCodec, int> CodecsAndPageVersions()
    {
        var data = new TheoryData<CompressionCodec, int>();
        foreach (var codec in new[] { CompressionCodec.Uncompressed, CompressionCodec.Snappy, CompressionCodec.Gzip, CompressionCodec.Zstd, CompressionCodec.Brotli, CompressionCodec.Lz4Raw })
        {
            data.Add(codec, 1);
            data.Add(codec, 2);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CodecsAndPageVersions))]
    public void Every_physical_type_round_trips_with_every_codec(CompressionCodec codec, int pageVersion)
    {
        var random = new Random(1);
        var records = Enumerable.Range(0, 3000).Select(i => AllTypesRecord(i, random)).ToArray();
        var options = new ParquetWriterOptions { Compression = codec, DataPageVersion = pageVersion, PageBytes = 4096 };
        var file = WriterTest.RoundTrip(AllTypesSchema(), options, records);
        using var reader = WriterTest.Open(file);
        foreach (var chunk in reader.Metadata.RowGroups[0].Columns)
        {
            Assert.Equal(codec, chunk.MetaData!.Codec);
            foreach (var page in WriterTest.Pages(file, chunk.MetaData))
            {
                Assert.NotNull(page.Header.Crc);
                Assert.Equal(pageVersion == 2 ? PageType.DataPageV2 : PageType.DataPage, page.Header.Type == PageType.DictionaryPage ? (pageVersion == 2 ? PageType.DataPageV2 : PageType.DataPage) : page.Header.Type);
            }
        }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Options_without_dictionary_or_statistics_round_trip(bool dictionary, bool statistics)
    {
        var random = new Random(2);
        var records = Enumerable.Range(0, 500).Select(i => AllTypesRecord(i, random)).ToArray();
        var file = WriterTest.RoundTrip(AllTypesSchema(), new ParquetWriterOptions { Dictionary = dictionary, Statistics = statistics }, records);
        using var reader = WriterTest.Open(file);
        foreach (var chunk in reader.Metadata.RowGroups[0].Columns)
        {
            if (!dictionary) Assert.Null(chunk.MetaData!.DictionaryPageOffset);
            if (!statistics) Assert.Null(chunk.MetaData!.Statistics);
            else Assert.NotNull(chunk.MetaData!.Statistics?.NullCount);
        }
    }

    [Fact]
    public void Low_cardinality_columns_are_dictionary_encoded()
    {
        var schema = Tree(Leaf("s", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String)), Leaf("i", PhysicalType.Int64, Req), Leaf("d", PhysicalType.Double));
        var records = Enumerable.Range(0, 10_000).Select(i => new object?[] { $"category-{i % 10}", (long)(i % 3) * 1_000_000_007L, i % 4 == 0 ? null : (i % 5) * 1.5 }).ToArray();
        var file = WriterTest.RoundTrip(schema, null, records);
        using var reader = WriterTest.Open(file);
        foreach (var chunk in reader.Metadata.RowGroups[0].Columns)
        {
            var meta = chunk.MetaData!;
            Assert.NotNull(meta.DictionaryPageOffset);
            Assert.Contains(Encoding.RleDictionary, meta.Encodings);
            Assert.DoesNotContain(Encoding.DeltaBinaryPacked, meta.Encodings);
            var pages = WriterTest.Pages(file, meta);
            Assert.Equal(PageType.DictionaryPage, pages[0].Header.Type);
            Assert.True(meta.DictionaryPageOffset < meta.DataPageOffset);
            Assert.All(pages.Skip(1), p => Assert.Equal(Encoding.RleDictionary, p.Header.DataPageHeader!.Encoding));
        }
    }

    [Fact]
    public void Unique_strings_skip_the_dictionary()
    {
        var schema = Tree(Leaf("s", PhysicalType.ByteArray, Req, logical: L(LogicalTypeKind.String)));
        var records = Enumerable.Range(0, 20_000).Select(i => new object?[] { $"unique-value-{i}-{i * 7919}" }).ToArray();
        var file = WriterTest.RoundTrip(schema, null, records);
        using var reader = WriterTest.Open(file);
        var meta = reader.Metadata.RowGroups[0].Columns[0].MetaData!;
        Assert.Null(meta.DictionaryPageOffset);
        Assert.DoesNotContain(Encoding.RleDictionary, meta.Encodings);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Dictionary_falls_back_to_plain_mid_chunk(int pageVersion)
    {
        // 3000 rows from 20 values, then ever new values: the dictionary outgrows its 2 KB limit mid-chunk.
        var schema = Tree(
            Leaf("s", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String)),
            List("l", Opt, Leaf("element", PhysicalType.Double)));
        var records = Enumerable.Range(0, 6000).Select(i => new object?[]
        {
            i % 11 == 0 ? null : i < 3000 ? $"v{i % 20}" : $"new-{i}",
            i % 13 == 0 ? null : Enumerable.Range(0, i % 4).Select(k => (object?)(i < 3000 ? k * 0.5 : i * 10.0 + k)).ToList(),
        }).ToArray();
        var options = new ParquetWriterOptions { DictionaryBytesLimit = 2048, PageBytes = 2048, DataPageVersion = pageVersion, Compression = CompressionCodec.Uncompressed };
        var file = WriterTest.RoundTrip(schema, options, records);
        using var reader = WriterTest.Open(file);
        foreach (var chunk in reader.Metadata.RowGroups[0].Columns)
        {
            var meta = chunk.MetaData!;
            Assert.NotNull(meta.DictionaryPageOffset);
            Assert.Contains(Encoding.RleDictionary, meta.Encodings);
            var pages = WriterTest.Pages(file, meta);
            Assert.Equal(PageType.DictionaryPage, pages[0].Header.Type);
            var encodings = pages.Skip(1).Select(p => p.Header.DataPageHeader?.Encoding ?? p.Header.DataPageHeaderV2!.Encoding).ToList();
            int firstFallback = encodings.FindIndex(e => e != Encoding.RleDictionary);
            Assert.True(firstFallback > 0, "some pages use the dictionary before the fallback");
            Assert.All(encodings.Skip(firstFallback), e => Assert.NotEqual(Encoding.RleDictionary, e));
            Assert.Contains(encodings[firstFallback], meta.Encodings);
            Assert.True(pages[0].Header.UncompressedPageSize <= 2048);
        }
    }

    [Fact]
    public void Sequential_integers_use_delta_and_shrink()
    {
        var schema = Tree(Leaf("id", PhysicalType.Int64, Req), Leaf("ts", PhysicalType.Int64, logical: Timestamp(TimeUnit.Micros, true)), Leaf("n", PhysicalType.Int32, Req));
        var records = Enumerable.Range(0, 50_000).Select(i => new object?[] { 1_000_000_000L + i, 1_700_000_000_000_000L + i * 1_000_003L, i * 3 }).ToArray();
        var file = WriterTest.RoundTrip(schema, new ParquetWriterOptions { Encodings = EncodingProfile.SizeOptimized }, records);
        using var reader = WriterTest.Open(file);
        foreach (var chunk in reader.Metadata.RowGroups[0].Columns)
        {
            Assert.Contains(Encoding.DeltaBinaryPacked, chunk.MetaData!.Encodings);
            Assert.Null(chunk.MetaData.DictionaryPageOffset);
        }
        Assert.True(file.Length < 50_000 * 20 / 4, $"{file.Length} bytes for 50k rows of sequential integers");

        // The default (compatible) profile keeps the timestamp PLAIN, the plain integers still DELTA_BINARY_PACKED.
        var compatible = WriterTest.RoundTrip(schema, null, records);
        using var compatibleReader = WriterTest.Open(compatible);
        var columns = compatibleReader.Metadata.RowGroups[0].Columns;
        Assert.Contains(Encoding.DeltaBinaryPacked, columns[0].MetaData!.Encodings);
        Assert.DoesNotContain(Encoding.DeltaBinaryPacked, columns[1].MetaData!.Encodings);
        Assert.Contains(Encoding.DeltaBinaryPacked, columns[2].MetaData!.Encodings);
    }

    [Fact]
    public void Slowly_varying_doubles_use_byte_stream_split_when_it_compresses_better()
    {
        var schema = Tree(Leaf("x", PhysicalType.Double, Req), Leaf("y", PhysicalType.Float, Req));
        var random = new Random(3);
        double walk = 100;
        var records = Enumerable.Range(0, 20_000).Select(i =>
        {
            walk += random.NextDouble() - 0.5;
            return new object?[] { walk, (float)walk };
        }).ToArray();
        var file = WriterTest.RoundTrip(schema, new ParquetWriterOptions { Compression = CompressionCodec.Zstd }, records);
        using var reader = WriterTest.Open(file);
        Assert.Contains(Encoding.ByteStreamSplit, reader.Metadata.RowGroups[0].Columns[0].MetaData!.Encodings);

        var plain = WriterTest.RoundTrip(schema, new ParquetWriterOptions { Compression = CompressionCodec.Uncompressed }, records);
        using var plainReader = WriterTest.Open(plain);
        Assert.All(plainReader.Metadata.RowGroups[0].Columns, c => Assert.DoesNotContain(Encoding.ByteStreamSplit, c.MetaData!.Encodings));
    }

    [Fact]
    public void Nested_structs_lists_and_maps_to_depth_four_round_trip_with_expected_levels()
    {
        // a: optional struct { b: optional list<optional struct { c: optional list<int32>, d: string }> }
        var schema = Tree(
            Group("a", Opt,
                List("b", Opt,
                    Group("element", Opt,
                        List("c", Opt, Leaf("element", PhysicalType.Int32)),
                        Leaf("d", PhysicalType.ByteArray, Req, logical: L(LogicalTypeKind.String))))),
            Map("m", Opt, Leaf("key", PhysicalType.ByteArray, Req, logical: L(LogicalTypeKind.String)), Leaf("value", PhysicalType.Int64)));
        object?[] E(object?[]? c, string d) => [c is null ? null : c.ToList(), d];
        object?[] Kv(string k, long? v) => [k, v];
        var records = new object?[][]
        {
            [new object?[] { new List<object?> { E([1, 2], "x"), null, E(null, "y"), E([], "z") } }, new List<object?> { Kv("k1", 1), Kv("k2", null) }],
            [null, null],
            [new object?[] { null }, new List<object?>()],
            [new object?[] { new List<object?>() }, new List<object?> { Kv("only", 7) }],
            [new object?[] { new List<object?> { E([null, 3], "w") } }, null],
        };
        var file = WriterTest.RoundTrip(schema, null, records);
        var expected = WriterTest.Shred(schema, records);
        // Column a.b.list.element.c.list.element: max definition 7, max repetition 2.
        var c = expected[0];
        Assert.Equal(7, c.Column.MaxDefinitionLevel);
        Assert.Equal(2, c.Column.MaxRepetitionLevel);
        Assert.Equal([7, 7, 3, 4, 5, 0, 1, 2, 6, 7], c.DefinitionLevels.AsSpan(0, c.LevelCount).ToArray());
        Assert.Equal([0, 2, 1, 1, 1, 0, 0, 0, 0, 2], c.RepetitionLevels.AsSpan(0, c.LevelCount).ToArray());
        using var reader = WriterTest.Open(file);
        var mapValue = reader.Schema.Columns[3];
        Assert.Equal("m.key_value.value", mapValue.DottedPath);
    }

    [Fact]
    public void Deep_nesting_of_every_kind_round_trips()
    {
        // list<map<string, list<struct{x: int64, y: list<double>}>>> — depth well past four.
        var schema = Tree(
            List("outer", Opt,
                Map("element", Opt, Leaf("key", PhysicalType.ByteArray, Req, logical: L(LogicalTypeKind.String)),
                    List("value", Opt,
                        Group("element", Opt,
                            Leaf("x", PhysicalType.Int64, Req),
                            List("y", Opt, Leaf("element", PhysicalType.Double, Req)))))));
        var random = new Random(4);
        object? Inner() => random.Next(5) == 0 ? null : new object?[] { (long)random.Next(100), random.Next(4) == 0 ? null : Enumerable.Range(0, random.Next(4)).Select(k => (object?)(k * 0.5)).ToList() };
        object? Values() => random.Next(5) == 0 ? null : Enumerable.Range(0, random.Next(4)).Select(_ => Inner()).ToList();
        object? MapValue() => random.Next(5) == 0 ? null : Enumerable.Range(0, random.Next(3)).Select(k => (object?)new object?[] { $"k{k}", Values() }).ToList();
        var records = Enumerable.Range(0, 2000).Select(_ => new object?[] { random.Next(6) == 0 ? null : Enumerable.Range(0, random.Next(4)).Select(_ => MapValue()).ToList() }).ToArray();
        WriterTest.RoundTrip(schema, new ParquetWriterOptions { PageBytes = 512 }, records);
        WriterTest.RoundTrip(schema, new ParquetWriterOptions { PageBytes = 512, DataPageVersion = 2, Compression = CompressionCodec.Zstd }, records);
    }

    [Fact]
    public void Legacy_repeated_fields_round_trip()
    {
        // Unannotated repeated leaf and repeated group (the two-level legacy list forms).
        var schema = Tree(
            Leaf("tags", PhysicalType.ByteArray, Rep),
            Group("points", Rep, Leaf("x", PhysicalType.Int32, Req), Leaf("y", PhysicalType.Int32)));
        var records = new object?[][]
        {
            [new List<object?> { "a", "b" }, new List<object?> { new object?[] { 1, 2 }, new object?[] { 3, null } }],
            [new List<object?>(), null],
            [new List<object?> { "c" }, new List<object?> { new object?[] { 5, 6 } }],
        };
        WriterTest.RoundTrip(schema, null, records);
    }

    [Fact]
    public void Empty_and_multiple_row_groups()
    {
        var schema = Tree(Leaf("i", PhysicalType.Int32), List("l", Opt, Leaf("element", PhysicalType.ByteArray)));
        object?[] R(int i) => [i % 3 == 0 ? null : i, i % 2 == 0 ? null : new List<object?> { $"x{i}", null }];
        var file = WriterTest.RoundTrip(schema, null,
            [],
            Enumerable.Range(0, 5).Select(R).ToArray(),
            [],
            Enumerable.Range(5, 7).Select(R).ToArray(),
            Enumerable.Range(12, 1).Select(R).ToArray());
        using var reader = WriterTest.Open(file);
        Assert.Equal(3, reader.RowGroupCount);
        Assert.Equal(13, reader.RowCount);
        Assert.Equal([0, 1, 2], reader.Metadata.RowGroups.Select(g => (int)g.Ordinal!.Value).ToArray());
    }

    [Fact]
    public void A_file_without_rows_has_the_schema_and_no_row_groups()
    {
        var schema = Tree(Leaf("i", PhysicalType.Int32), Leaf("s", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String)));
        var file = WriterTest.Write(schema, null);
        using var reader = WriterTest.Open(file);
        Assert.Equal(0, reader.RowGroupCount);
        Assert.Equal(0, reader.RowCount);
        Assert.Equal(2, reader.Schema.Columns.Count);
    }

    [Fact]
    public void Huge_string_values_round_trip_and_get_truncated_statistics()
    {
        var schema = Tree(Leaf("s", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String)));
        var huge = new string('a', 5 * 1024 * 1024 - 1) + "b";
        var records = new object?[][] { ["small"], [huge], [null], ["zzz"], [huge + "c"] };
        var file = WriterTest.RoundTrip(schema, null, records);
        using var reader = WriterTest.Open(file);
        var stats = reader.Metadata.RowGroups[0].Columns[0].MetaData!.Statistics!;
        // "aaa…" sorts before "small": the min is the huge value, truncated.
        Assert.Equal(new string('a', 64), Text.UTF8.GetString(stats.MinValue!));
        Assert.False(stats.IsMinValueExact);
        Assert.True(stats.IsMaxValueExact);
        Assert.Equal("zzz", Text.UTF8.GetString(stats.MaxValue!));
        Assert.Equal(1, stats.NullCount);

        var only = WriterTest.RoundTrip(schema, null, new object?[][] { [huge] });
        using var onlyReader = WriterTest.Open(only);
        var onlyStats = onlyReader.Metadata.RowGroups[0].Columns[0].MetaData!.Statistics!;
        Assert.Equal(new string('a', 64), Text.UTF8.GetString(onlyStats.MinValue!));
        Assert.False(onlyStats.IsMinValueExact);
        Assert.Equal(new string('a', 63) + "b", Text.UTF8.GetString(onlyStats.MaxValue!));
        Assert.False(onlyStats.IsMaxValueExact);
    }

    [Fact]
    public void Many_pages_of_bounded_size()
    {
        var schema = Tree(Leaf("i", PhysicalType.Int64), Leaf("s", PhysicalType.ByteArray, Req));
        var random = new Random(5);
        var records = Enumerable.Range(0, 100_000).Select(i => new object?[] { i % 10 == 0 ? null : random.NextInt64(), $"{random.Next()}" }).ToArray();
        var file = WriterTest.RoundTrip(schema, new ParquetWriterOptions { PageBytes = 8 * 1024, Compression = CompressionCodec.Uncompressed }, records);
        using var reader = WriterTest.Open(file);
        foreach (var chunk in reader.Metadata.RowGroups[0].Columns)
        {
            var pages = WriterTest.Pages(file, chunk.MetaData!).Where(p => p.Header.Type == PageType.DataPage).ToList();
            Assert.True(pages.Count > 50, $"{pages.Count} pages");
            Assert.All(pages, p => Assert.InRange(p.Header.UncompressedPageSize, 1, 8 * 1024 * 11 / 10 + 64));
            Assert.All(pages, p => Assert.NotNull(p.Header.DataPageHeader!.Statistics?.MinValue));
            Assert.Equal(100_000, pages.Sum(p => p.Header.DataPageHeader!.NumValues));
        }
    }

    [Fact]
    public void Pages_of_repeated_columns_start_at_row_boundaries()
    {
        var schema = Tree(List("l", Opt, Leaf("element", PhysicalType.Int32, Req)));
        var records = Enumerable.Range(0, 5000).Select(i => new object?[] { Enumerable.Range(0, i % 9).Select(k => (object?)(i + k)).ToList() }).ToArray();
        foreach (var version in new[] { 1, 2 })
        {
            var file = WriterTest.RoundTrip(schema, new ParquetWriterOptions { PageBytes = 1000, DataPageVersion = version, Dictionary = false }, records);
            using var reader = WriterTest.Open(file);
            var batch = reader.RowGroup(0).ReadColumn(0);
            var pages = WriterTest.Pages(file, reader.Metadata.RowGroups[0].Columns[0].MetaData!);
            Assert.True(pages.Count > 10);
            int entry = 0;
            foreach (var page in pages)
            {
                Assert.Equal(0, batch.RepetitionLevels[entry]);
                entry += page.Header.DataPageHeader?.NumValues ?? page.Header.DataPageHeaderV2!.NumValues;
                if (page.Header.DataPageHeaderV2 is { } v2)
                    Assert.Equal(v2.NumRows, batch.RepetitionLevels.AsSpan(entry - v2.NumValues, v2.NumValues).Count(0));
            }
        }
    }

    [Fact]
    public void Batches_are_reused_across_row_groups()
    {
        var schema = Tree(Leaf("s", PhysicalType.ByteArray), Leaf("f", PhysicalType.FixedLenByteArray, Req, length: 3));
        var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, schema, leaveOpen: true))
        {
            var batches = writer.CreateBatches();
            for (int g = 0; g < 3; g++)
            {
                foreach (var b in batches) b.Clear();
                for (int i = 0; i < 10 + g; i++)
                {
                    batches[0].AppendLevels(i % 2, 0);
                    if (i % 2 == 1) batches[0].AppendBytes(Text.UTF8.GetBytes($"g{g}-{i}"));
                    batches[1].AppendLevels(0, 0);
                    batches[1].AppendFixed([(byte)g, (byte)i, 7]);
                }
                writer.WriteRowGroup(batches, 10 + g);
            }
            writer.Close();
        }
        using var reader = WriterTest.Open(stream.ToArray());
        Assert.Equal(3, reader.RowGroupCount);
        var last = reader.RowGroup(2).ReadColumn(0);
        Assert.Equal(6, last.ValueCount);
        Assert.Equal("g2-11", Text.UTF8.GetString(last.ByteArrays[5]));
        Assert.Equal(new byte[] { 2, 11, 7 }, reader.RowGroup(2).ReadColumn(1).FixedValue(11).ToArray());
    }

    [Fact]
    public void Required_top_level_columns_need_no_levels()
    {
        var schema = Tree(Leaf("i", PhysicalType.Int32, Req));
        var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, schema, leaveOpen: true))
        {
            var batches = writer.CreateBatches();
            for (int i = 0; i < 100; i++) batches[0].AppendInt32(i);
            writer.WriteRowGroup(batches, 100);
            writer.Close();
        }
        using var reader = WriterTest.Open(stream.ToArray());
        var batch = reader.RowGroup(0).ReadColumn(0);
        Assert.Equal(100, batch.ValueCount);
        Assert.Equal(99, batch.Int32s[99]);
    }
}
