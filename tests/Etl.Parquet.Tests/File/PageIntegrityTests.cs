using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.File;

/// <summary>
/// Checksums and hostile page headers: each damaged file fails with a <see cref="ParquetFormatException"/> that
/// says what is wrong and where — never with another exception type, never by allocating what the header claims.
/// </summary>
public class PageIntegrityTests
{
    /// <summary>
    /// Two row groups of a struct column 's.v' and a string column 't'; in each chunk of 's.v' page 0 is the
    /// dictionary, page 1 dictionary-encoded, page 2 a v2 PLAIN page. <paramref name="page2OfGroup1"/> is the CRC of
    /// row group 1's page 2; every other page carries a correct CRC.
    /// </summary>
    private static byte[] TwoRowGroups(CrcMode page2OfGroup1)
    {
        var b = new ParquetFileBuilder(
            S.Group("s", 1),
            S.Leaf("v", PhysicalType.Int32),
            S.Leaf("t", PhysicalType.ByteArray, logical: S.String));
        for (var group = 0; group < 2; group++)
        {
            var g = b.RowGroup();
            var last = group == 1 ? page2OfGroup1 : CrcMode.Correct;
            g.Column(CompressionCodec.Snappy)
                .Dictionary(Enc.Plain(10 + group, 20 + group), 2, p => p.Crc = CrcMode.Correct)
                .V1(Enc.DictionaryIndices([0, 1]), def: [2, 2], encoding: Encoding.RleDictionary, configure: p => p.Crc = CrcMode.Correct)
                .V2(Enc.Plain(30 + group, 40 + group), def: [2, 1, 0, 2], configure: p => p.Crc = last);
            g.Column(CompressionCodec.Gzip)
                .V1(Enc.Plain("a", "b", "c"), def: [1, 1, 1, 0, 0, 0], configure: p => p.Crc = CrcMode.Correct);
        }
        return b.Build();
    }

    private static readonly string[] TwoRowGroupsRows =
    [
        """{"s":{"v":10},"t":"a"}""",
        """{"s":{"v":20},"t":"b"}""",
        """{"s":{"v":30},"t":"c"}""",
        """{"s":{"v":null},"t":null}""",
        """{"s":null,"t":null}""",
        """{"s":{"v":40},"t":null}""",
        """{"s":{"v":11},"t":"a"}""",
        """{"s":{"v":21},"t":"b"}""",
        """{"s":{"v":31},"t":"c"}""",
        """{"s":{"v":null},"t":null}""",
        """{"s":null,"t":null}""",
        """{"s":{"v":41},"t":null}""",
    ];

    [Fact]
    public void Pages_with_correct_checksums_read()
    {
        BuiltFile.AssertRows(TwoRowGroups(CrcMode.Correct), TwoRowGroupsRows);
    }

    [Fact]
    public void A_wrong_checksum_names_row_group_column_and_page()
    {
        var file = TwoRowGroups(CrcMode.Wrong);
        var error = BuiltFile.Failure(file);
        Assert.Contains("checksum", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("row group 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("s.v", error.Message, StringComparison.Ordinal);
        Assert.Contains("page 2", error.Message, StringComparison.Ordinal);
        Assert.Equal((1, "s.v", 2), (error.RowGroup, error.Column, error.Page));
    }

    [Fact]
    public void A_wrong_checksum_is_ignored_when_verification_is_off()
    {
        var file = TwoRowGroups(CrcMode.Wrong);
        BuiltFile.AssertRows(file, TwoRowGroupsRows, new ParquetReadOptions { VerifyChecksums = false });
    }

    [Fact]
    public void A_corrupted_page_body_fails_its_checksum()
    {
        var b = new ParquetFileBuilder(S.Leaf("a", PhysicalType.Int64, FieldRepetitionType.Required));
        b.RowGroup().Column()
            .V1(Enc.Plain(1L, 2L), count: 2, configure: p => p.Crc = CrcMode.Correct)
            .V1(Enc.Plain(3L, 4L), count: 2, configure: p =>
            {
                p.Crc = CrcMode.Correct;
                p.TamperBody = body => body[3] ^= 0x10;
            });
        var error = BuiltFile.Failure(b.Build());
        Assert.Contains("checksum", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((0, "a", 1), (error.RowGroup, error.Column, error.Page));
    }

    [Fact]
    public void Compressed_size_beyond_the_file()
    {
        var file = OnePage(p => p.Tamper = h => h.CompressedPageSize = 1_000_000);
        var error = BuiltFile.Failure(file);
        Assert.Contains("1000000", error.Message, StringComparison.Ordinal);
        Assert.Contains("remain", error.Message, StringComparison.Ordinal);
        Assert.Equal((0, "a", 0), (error.RowGroup, error.Column, error.Page));
    }

    [Fact]
    public void Uncompressed_size_beyond_max_page_size()
    {
        var file = OnePage(p => p.Tamper = h => h.UncompressedPageSize = int.MaxValue, CompressionCodec.Snappy);
        var error = BuiltFile.Failure(file);
        Assert.Contains("uncompressed", error.Message, StringComparison.Ordinal);
        Assert.Contains(int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);

        // An honest 40-byte page under a 16-byte limit.
        var honest = OnePage(_ => { }, CompressionCodec.Snappy);
        error = BuiltFile.Failure(honest, new ParquetReadOptions { MaxPageSize = 16 });
        Assert.Contains("uncompressed", error.Message, StringComparison.Ordinal);
        Assert.Contains("16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_num_values_in_v1_and_v2_headers()
    {
        var v1 = BuiltFile.Failure(OnePage(p => p.Tamper = h => h.DataPageHeader!.NumValues = -3));
        Assert.Contains("negative", v1.Message, StringComparison.Ordinal);
        Assert.Contains("num_values", v1.Message, StringComparison.Ordinal);

        var b = new ParquetFileBuilder(S.Leaf("a", PhysicalType.Int32));
        b.RowGroup(numRows: 2).Column().V2(Enc.Plain(1, 2), def: [1, 1], configure: p => p.Tamper = h => h.DataPageHeaderV2!.NumValues = -3);
        var v2 = BuiltFile.Failure(b.Build());
        Assert.Contains("negative", v2.Message, StringComparison.Ordinal);
        Assert.Contains("num_values", v2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Num_values_beyond_what_the_chunk_declares()
    {
        var error = BuiltFile.Failure(OnePage(p => p.Tamper = h => h.DataPageHeader!.NumValues = 1_000_000));
        Assert.Contains("1000000", error.Message, StringComparison.Ordinal);
        Assert.Contains("values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dictionary_index_out_of_range()
    {
        var b = new ParquetFileBuilder(S.Leaf("s", PhysicalType.ByteArray, logical: S.String));
        b.RowGroup().Column()
            .Dictionary(Enc.Plain("x", "y"), 2)
            .V1(Enc.DictionaryIndices([0, 1, 5]), def: [1, 1, 1], encoding: Encoding.RleDictionary);
        var error = BuiltFile.Failure(b.Build());
        Assert.Contains("dictionary index 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("out of range", error.Message, StringComparison.Ordinal);
        Assert.Equal((0, "s", 1), (error.RowGroup, error.Column, error.Page));
    }

    [Fact]
    public void Definition_level_above_the_maximum()
    {
        // Maximum definition level 2 (optional group, optional leaf): 2 bits per level, so 3 can be written.
        var b = new ParquetFileBuilder(S.Group("g", 1), S.Leaf("v", PhysicalType.Int32));
        b.RowGroup().Column().V1(Enc.Plain(1, 2), def: [2, 3, 2]);
        var error = BuiltFile.Failure(b.Build());
        Assert.Contains("definition level 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("maximum 2", error.Message, StringComparison.Ordinal);
        Assert.Equal((0, "g.v", 0), (error.RowGroup, error.Column, error.Page));
    }

    [Fact]
    public void Repetition_level_that_does_not_fit_the_level_width()
    {
        var b = new ParquetFileBuilder(
            S.Group("l", 1, logical: S.List),
            S.Group("list", 1, FieldRepetitionType.Repeated),
            S.Leaf("element", PhysicalType.Int32, FieldRepetitionType.Required));
        // Maximum repetition level 1 (1 bit), but the second RLE run says 2.
        b.RowGroup(numRows: 1).Column().V1(Enc.Plain(1, 2), rep: [0, 1], def: [2, 2], configure: p =>
            p.RepetitionLevels = Enc.LengthPrefixed([0x02, 0x00, 0x02, 0x02]));
        var error = BuiltFile.Failure(b.Build());
        Assert.Contains("repetition level", error.Message, StringComparison.Ordinal);
        Assert.Contains("2", error.Message, StringComparison.Ordinal);
        Assert.Equal((0, "l.list.element", 0), (error.RowGroup, error.Column, error.Page));
    }

    [Fact]
    public void Page_header_running_into_the_footer()
    {
        // The chunk's only page header is cut: the file ends (footer follows) in the middle of it.
        var b = new ParquetFileBuilder(S.Leaf("a", PhysicalType.Int32, FieldRepetitionType.Required));
        b.RowGroup(numRows: 1).Column().V1(Enc.Plain(1), count: 1, configure: p =>
            p.Tamper = h => h.DataPageHeader!.Statistics = new Statistics { MinValue = new byte[64], MaxValue = new byte[64] });
        var file = b.Build();
        var error = BuiltFile.Failure(TruncateChunkBeforeFooter(file, keep: 10));
        Assert.Contains("footer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_whose_pages_hold_fewer_values_than_declared()
    {
        var b = new ParquetFileBuilder(S.Leaf("a", PhysicalType.Int32, FieldRepetitionType.Required));
        var chunk = b.RowGroup(numRows: 5).Column().V1(Enc.Plain(1, 2), count: 2);
        chunk.NumValuesOverride = 5;
        var error = BuiltFile.Failure(b.Build());
        Assert.Contains("5", error.Message, StringComparison.Ordinal);
        Assert.Contains("2", error.Message, StringComparison.Ordinal);
    }

    private static byte[] OnePage(Action<PageSpec> configure, CompressionCodec codec = CompressionCodec.Uncompressed)
    {
        var b = new ParquetFileBuilder(S.Leaf("a", PhysicalType.Int32));
        b.RowGroup(numRows: 10).Column(codec).V1(Enc.Plain(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), def: [.. Enumerable.Repeat(1, 10)], configure: configure);
        return b.Build();
    }

    /// <summary>Keeps only the first <paramref name="keep"/> bytes of the (single) column chunk, then the footer.</summary>
    private static byte[] TruncateChunkBeforeFooter(byte[] file, int keep)
    {
        using var reader = new ParquetFileReader(new MemoryStream(file));
        var meta = reader.Metadata;
        var chunk = meta.RowGroups[0].Columns[0].MetaData!;
        var start = chunk.DataPageOffset;
        var removed = (int)chunk.TotalCompressedSize - keep;
        chunk.TotalCompressedSize = keep;
        var footer = FileMetaDataEncoder.Encode(meta);
        var output = new MemoryStream();
        output.Write(file, 0, (int)start + keep);
        output.Write(footer);
        output.Write(BitConverter.GetBytes(footer.Length));
        output.Write("PAR1"u8);
        Assert.True(removed > 0);
        return output.ToArray();
    }
}
