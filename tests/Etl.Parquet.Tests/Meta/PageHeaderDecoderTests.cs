using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Meta;

public class PageHeaderDecoderTests
{
    public static TheoryData<string> ReadableFiles() => new(Footer.ReadableCorpusFiles());

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public void Every_page_header_of_the_corpus_decodes_and_pages_tile_each_chunk(string file)
    {
        var (bytes, footerStart, footerLength, _) = Footer.Locate(file);
        FileMetaData metadata = FileMetaDataDecoder.Decode(bytes.AsSpan(footerStart, footerLength));
        int pages = 0;
        foreach (RowGroup rowGroup in metadata.RowGroups)
        {
            foreach (ColumnChunk chunk in rowGroup.Columns)
            {
                ColumnMetaData column = chunk.MetaData!;
                long position = ChunkStart(column);
                long end = position + column.TotalCompressedSize;
                long values = 0;
                while (position < end || values < column.NumValues)
                {
                    ReadOnlySpan<byte> data = bytes.AsSpan((int)position, (int)(end - position));
                    Assert.True(PageHeaderDecoder.TryDecode(data, out PageHeader? header, out int consumed));
                    values += header.Type switch
                    {
                        PageType.DataPage => header.DataPageHeader!.NumValues,
                        PageType.DataPageV2 => header.DataPageHeaderV2!.NumValues,
                        _ => 0,
                    };
                    if (header.Type == PageType.DictionaryPage) Assert.NotNull(header.DictionaryPageHeader);
                    position += consumed + header.CompressedPageSize;
                    pages++;
                }
                Assert.Equal(column.NumValues, values);
                // This file's footer understates chunk sizes; readers cope by walking pages by value count.
                if (file != "nation.dict-malformed.parquet") Assert.Equal(end, position);
            }
        }
        Assert.Equal(ManifestPageCount(file), pages);
    }

    // The corpus manifest records each file's page count as found by an independent tool.
    private static int ManifestPageCount(string file)
    {
        using var manifest = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllBytes(TestFiles.ParquetTesting("MANIFEST.json")));
        foreach (var entry in manifest.RootElement.GetProperty("files").EnumerateArray())
        {
            if (entry.GetProperty("name").GetString() == file) return entry.GetProperty("pages").GetInt32();
        }
        throw new InvalidOperationException($"{file} is not in MANIFEST.json");
    }

    // Offset 0 is the file magic, never a page: writers use it for "absent" in both fields (a dictionary-only,
    // zero-row chunk has data_page_offset 0). Otherwise the dictionary precedes the data pages.
    private static long ChunkStart(ColumnMetaData column)
    {
        long dictionary = column.DictionaryPageOffset ?? 0;
        long data = column.DataPageOffset;
        if (dictionary <= 0) return data;
        return data <= 0 ? dictionary : Math.Min(dictionary, data);
    }

    [Fact]
    public void Real_headers_report_incomplete_input_at_every_cut()
    {
        var (bytes, footerStart, footerLength, _) = Footer.Locate("datapage_v2.snappy.parquet");
        FileMetaData metadata = FileMetaDataDecoder.Decode(bytes.AsSpan(footerStart, footerLength));
        foreach (ColumnChunk chunk in metadata.RowGroups[0].Columns)
        {
            ReadOnlySpan<byte> data = bytes.AsSpan((int)ChunkStart(chunk.MetaData!));
            Assert.True(PageHeaderDecoder.TryDecode(data, out PageHeader? full, out int size));
            for (int cut = 0; cut < size; cut++)
            {
                Assert.False(PageHeaderDecoder.TryDecode(data[..cut], out PageHeader? partial, out int consumed));
                Assert.Null(partial);
                Assert.Equal(0, consumed);
            }
            Assert.True(PageHeaderDecoder.TryDecode(data[..size], out PageHeader? exact, out int exactSize));
            Assert.Equal((size, full.Type, full.CompressedPageSize), (exactSize, exact.Type, exact.CompressedPageSize));
        }
    }

    [Fact]
    public void Data_page_v1_header_with_crc_and_statistics()
    {
        byte[] bytes = new CompactBytes()
            .I32Field(1, 0).I32Field(1, 10).I32Field(1, 8).I32Field(1, -12345)
            .Field(1, ThriftType.Struct)
                .I32Field(1, 3).I32Field(1, 8).I32Field(1, 3).I32Field(1, 4)
                .Field(1, ThriftType.Struct).I64Field(3, 1).Stop()
                .Stop()
            .Stop()
            .Raw(0xAA, 0xBB) // page body follows the header
            .ToArray();

        Assert.True(PageHeaderDecoder.TryDecode(bytes, out PageHeader? header, out int consumed));
        Assert.Equal(bytes.Length - 2, consumed);
        Assert.Equal((PageType.DataPage, 10, 8, -12345), (header.Type, header.UncompressedPageSize, header.CompressedPageSize, header.Crc));
        DataPageHeader data = header.DataPageHeader!;
        Assert.Equal((3, Encoding.RleDictionary, Encoding.Rle, Encoding.BitPacked),
            (data.NumValues, data.Encoding, data.DefinitionLevelEncoding, data.RepetitionLevelEncoding));
        Assert.Equal(1, data.Statistics!.NullCount);
    }

    [Fact]
    public void Dictionary_page_header()
    {
        byte[] bytes = new CompactBytes()
            .I32Field(1, 2).I32Field(1, 40).I32Field(1, 40)
            .Field(4, ThriftType.Struct).I32Field(1, 5).I32Field(1, 0).Field(1, ThriftType.BooleanTrue).Stop()
            .Stop().ToArray();
        Assert.True(PageHeaderDecoder.TryDecode(bytes, out PageHeader? header, out _));
        Assert.Null(header.Crc);
        Assert.Equal((5, Encoding.Plain, (bool?)true),
            (header.DictionaryPageHeader!.NumValues, header.DictionaryPageHeader.Encoding, header.DictionaryPageHeader.IsSorted));
    }

    [Fact]
    public void Data_page_v2_header_defaults_is_compressed_to_true()
    {
        byte[] bytes = V2Header(definitionLength: 2, repetitionLength: 1, compressedSize: 20, isCompressed: null);
        Assert.True(PageHeaderDecoder.TryDecode(bytes, out PageHeader? header, out _));
        DataPageHeaderV2 v2 = header.DataPageHeaderV2!;
        Assert.Equal((6, 1, 2, Encoding.Plain, 2, 1, true),
            (v2.NumValues, v2.NumNulls, v2.NumRows, v2.Encoding, v2.DefinitionLevelsByteLength, v2.RepetitionLevelsByteLength, v2.IsCompressed));

        Assert.True(PageHeaderDecoder.TryDecode(V2Header(2, 1, 20, isCompressed: false), out header, out _));
        Assert.False(header.DataPageHeaderV2!.IsCompressed);
    }

    [Fact]
    public void Index_page_and_unknown_fields_are_skipped()
    {
        byte[] bytes = new CompactBytes()
            .I32Field(1, 1).I32Field(1, 0).I32Field(1, 0)
            .Field(3, ThriftType.Struct).Stop()                                  // 6: IndexPageHeader
            .LongField(40, ThriftType.Struct).Field(1, ThriftType.List).ListHeader(1, ThriftType.Struct).Stop().Stop()
            .Stop().ToArray();
        Assert.True(PageHeaderDecoder.TryDecode(bytes, out PageHeader? header, out int consumed));
        Assert.Equal(PageType.IndexPage, header.Type);
        Assert.Equal(bytes.Length, consumed);
    }

    [Theory]
    [InlineData(-1, 10, "negative uncompressed_page_size -1")]
    [InlineData(10, -5, "negative compressed_page_size -5")]
    public void Negative_page_sizes_are_rejected(int uncompressed, int compressed, string message)
    {
        byte[] bytes = new CompactBytes().I32Field(1, 2).I32Field(1, uncompressed).I32Field(1, compressed)
            .Field(4, ThriftType.Struct).I32Field(1, 0).I32Field(1, 0).Stop().Stop().ToArray();
        var ex = Assert.ThrowsAny<ParquetFormatException>(() => PageHeaderDecoder.TryDecode(bytes, out _, out _));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_page_without_its_type_specific_header_is_rejected()
    {
        byte[] bytes = new CompactBytes().I32Field(1, 0).I32Field(1, 1).I32Field(1, 1).Stop().ToArray();
        var ex = Assert.ThrowsAny<ParquetFormatException>(() => PageHeaderDecoder.TryDecode(bytes, out _, out _));
        Assert.Contains("data_page_header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_size_is_rejected()
    {
        byte[] bytes = new CompactBytes().I32Field(1, 0).I32Field(1, 1).Stop().ToArray();
        var ex = Assert.ThrowsAny<ParquetFormatException>(() => PageHeaderDecoder.TryDecode(bytes, out _, out _));
        Assert.Contains("compressed_page_size", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_page_v2_levels_larger_than_the_page_are_rejected()
    {
        var ex = Assert.ThrowsAny<ParquetFormatException>(
            () => PageHeaderDecoder.TryDecode(V2Header(definitionLength: 15, repetitionLength: 10, compressedSize: 20, null), out _, out _));
        Assert.Contains("exceed compressed_page_size", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_page_header_of_ARROW_RS_GH_6229_is_rejected()
    {
        var (bytes, footerStart, footerLength, _) = Footer.Locate("bad_data/ARROW-RS-GH-6229-DICTHEADER.parquet");
        FileMetaData metadata = FileMetaDataDecoder.Decode(bytes.AsSpan(footerStart, footerLength));
        var ex = Assert.ThrowsAny<ParquetFormatException>(() =>
        {
            foreach (ColumnChunk chunk in metadata.RowGroups[0].Columns)
            {
                long position = ChunkStart(chunk.MetaData!);
                long end = position + chunk.MetaData!.TotalCompressedSize;
                while (position < end && PageHeaderDecoder.TryDecode(bytes.AsSpan((int)position), out PageHeader? header, out int consumed))
                    position += consumed + header.CompressedPageSize;
            }
        });
        // num_values is written as an i16 field; like Thrift-generated readers, the mistyped field does not count.
        Assert.Contains("'num_values'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_header_with_file_offset_reports_the_absolute_position()
    {
        byte[] bytes = [0x15, 0x00, 0x1E]; // type=0, then a field of invalid compact type 14
        var ex = Assert.ThrowsAny<ParquetFormatException>(() => PageHeaderDecoder.TryDecode(bytes, 5000, out _, out _));
        Assert.Equal(5002, ex.Offset);
    }

    [Fact]
    public void Truncated_statistics_binary_asks_for_more_bytes()
    {
        // A page header whose statistics hold a 1000-byte max that the buffer cuts: the caller must read more.
        byte[] bytes = new CompactBytes().I32Field(1, 0).I32Field(1, 1).I32Field(1, 1)
            .Field(2, ThriftType.Struct).I32Field(1, 1).I32Field(1, 0).I32Field(1, 3).I32Field(1, 3)
            .Field(1, ThriftType.Struct).Field(1, ThriftType.Binary).Varint(1000).Raw(new byte[10])
            .ToArray();
        Assert.False(PageHeaderDecoder.TryDecode(bytes, out _, out _));
    }

    private static byte[] V2Header(int definitionLength, int repetitionLength, int compressedSize, bool? isCompressed)
    {
        var b = new CompactBytes().I32Field(1, 3).I32Field(1, 30).I32Field(1, compressedSize)
            .Field(5, ThriftType.Struct)
            .I32Field(1, 6).I32Field(1, 1).I32Field(1, 2).I32Field(1, 0).I32Field(1, definitionLength).I32Field(1, repetitionLength);
        if (isCompressed is { } compressed) b.Field(1, compressed ? ThriftType.BooleanTrue : ThriftType.BooleanFalse);
        return b.Stop().Stop().ToArray();
    }
}
