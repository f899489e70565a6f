using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Meta;

/// <summary>Decodes the footers of real files written by parquet-mr, parquet-cpp, Impala, Rust, DuckDB, Polars.</summary>
public class FileMetaDataDecoderCorpusTests
{
    public static TheoryData<string> ReadableFiles() => new(Footer.ReadableCorpusFiles());

    [Theory]
    [MemberData(nameof(ReadableFiles))]
    public void Every_readable_corpus_footer_decodes_consistently(string file)
    {
        FileMetaData metadata = FileMetaDataDecoder.Decode(Footer.Read(file));

        Assert.NotEmpty(metadata.Schema);
        Assert.True(metadata.NumRows >= 0);
        long rows = 0;
        foreach (RowGroup rowGroup in metadata.RowGroups)
        {
            rows += rowGroup.NumRows;
            foreach (ColumnChunk chunk in rowGroup.Columns)
            {
                Assert.NotNull(chunk.MetaData);
                Assert.NotEmpty(chunk.MetaData.PathInSchema);
            }
        }
        Assert.Equal(metadata.NumRows, rows);
    }

    [Fact]
    public void Alltypes_plain_has_the_known_schema_and_row_count()
    {
        FileMetaData metadata = FileMetaDataDecoder.Decode(Footer.Read("alltypes_plain.parquet"));

        Assert.Equal(1, metadata.Version);
        Assert.Equal(8, metadata.NumRows);
        Assert.StartsWith("impala version 1.3.0-INTERNAL", metadata.CreatedBy, StringComparison.Ordinal);
        Assert.False(metadata.HasEncryptionAlgorithm);
        Assert.Equal(12, metadata.Schema.Count);
        Assert.Equal(11, metadata.Schema[0].NumChildren);
        Assert.Null(metadata.Schema[0].Type);

        string[] names = ["id", "bool_col", "tinyint_col", "smallint_col", "int_col", "bigint_col", "float_col",
            "double_col", "date_string_col", "string_col", "timestamp_col"];
        PhysicalType[] types = [PhysicalType.Int32, PhysicalType.Boolean, PhysicalType.Int32, PhysicalType.Int32,
            PhysicalType.Int32, PhysicalType.Int64, PhysicalType.Float, PhysicalType.Double, PhysicalType.ByteArray,
            PhysicalType.ByteArray, PhysicalType.Int96];
        for (int i = 0; i < names.Length; i++)
        {
            SchemaElement leaf = metadata.Schema[i + 1];
            Assert.Equal(names[i], leaf.Name);
            Assert.Equal(types[i], leaf.Type);
            Assert.Equal(FieldRepetitionType.Optional, leaf.RepetitionType);
            Assert.Null(leaf.NumChildren);
        }

        RowGroup rowGroup = Assert.Single(metadata.RowGroups);
        Assert.Equal(8, rowGroup.NumRows);
        Assert.Equal(11, rowGroup.Columns.Count);
        for (int i = 0; i < names.Length; i++)
        {
            ColumnMetaData column = rowGroup.Columns[i].MetaData!;
            Assert.Equal([names[i]], column.PathInSchema);
            Assert.Equal(types[i], column.Type);
            Assert.Equal(CompressionCodec.Uncompressed, column.Codec);
            Assert.Equal(8, column.NumValues);
            Assert.True(column.DataPageOffset > 0);
            Assert.True(column.TotalCompressedSize > 0);
        }
    }

    [Fact]
    public void Nested_structs_rust_decodes_its_wide_nested_schema()
    {
        FileMetaData metadata = FileMetaDataDecoder.Decode(Footer.Read("nested_structs.rust.parquet"));

        Assert.Equal(1, metadata.NumRows);
        Assert.Equal("UrbanLogiq", metadata.CreatedBy);
        Assert.Equal(253, metadata.Schema.Count);
        // The flattened schema must be a consistent tree: every element is reached exactly once from the root.
        int next = 0;
        ConsumeSubtree(metadata.Schema, ref next);
        Assert.Equal(metadata.Schema.Count, next);
        int leaves = metadata.Schema.Count(e => e.NumChildren is null or 0 && e.Type is not null);
        Assert.Equal(leaves, Assert.Single(metadata.RowGroups).Columns.Count);
    }

    private static void ConsumeSubtree(List<SchemaElement> schema, ref int next)
    {
        int children = schema[next++].NumChildren ?? 0;
        for (int i = 0; i < children; i++) ConsumeSubtree(schema, ref next);
    }

    [Fact]
    public void Unknown_logical_type_decodes_as_unknown_with_its_field_id()
    {
        FileMetaData metadata = FileMetaDataDecoder.Decode(Footer.Read("unknown-logical-type.parquet"));

        SchemaElement known = metadata.Schema.Single(e => e.Name == "column with known type");
        Assert.Equal(LogicalTypeKind.String, known.LogicalType!.Kind);
        SchemaElement unknown = metadata.Schema.Single(e => e.Name == "column with unknown type");
        Assert.Equal(LogicalTypeKind.Unknown, unknown.LogicalType!.Kind);
        Assert.Equal(2555, unknown.LogicalType.FieldId);
        Assert.Equal(PhysicalType.ByteArray, unknown.Type);
    }

    [Fact]
    public void Duckdb_logical_types_decode_with_their_parameters()
    {
        FileMetaData metadata = FileMetaDataDecoder.Decode(Footer.Read("extra/duckdb_types_zstd_v1.parquet"));
        LogicalType Of(string name) => metadata.Schema.Single(e => e.Name == name).LogicalType!;

        Assert.Equal((LogicalTypeKind.Decimal, 38), (Of("d38").Kind, Of("d38").Precision));
        Assert.Equal((LogicalTypeKind.Timestamp, TimeUnit.Nanos), (Of("ts_ns").Kind, Of("ts_ns").Unit));
        Assert.Equal((LogicalTypeKind.Timestamp, TimeUnit.Millis), (Of("ts_ms").Kind, Of("ts_ms").Unit));
        Assert.True(Of("ts_tz").IsAdjustedToUtc);
        Assert.False(Of("ts_us").IsAdjustedToUtc);
        Assert.Equal((LogicalTypeKind.Time, TimeUnit.Micros), (Of("tm").Kind, Of("tm").Unit));
        Assert.Equal(LogicalTypeKind.Uuid, Of("uid").Kind);
    }

    [Fact]
    public void Integer_logical_type_carries_bit_width_and_signedness()
    {
        FileMetaData metadata = FileMetaDataDecoder.Decode(Footer.Read("bad_data/ARROW-GH-41321.parquet"));
        LogicalType Of(string name) => metadata.Schema.First(e => e.Name == name).LogicalType!;

        Assert.Equal((LogicalTypeKind.Integer, 8, false), (Of("uint8").Kind, Of("uint8").BitWidth, Of("uint8").IsSigned));
        Assert.Equal((LogicalTypeKind.Integer, 16, true), (Of("int16").Kind, Of("int16").BitWidth, Of("int16").IsSigned));
        Assert.Equal(LogicalTypeKind.Null, Of("null").Kind);
    }

    [Fact]
    public void Column_chunk_key_value_metadata_and_statistics_are_decoded()
    {
        FileMetaData metadata = FileMetaDataDecoder.Decode(Footer.Read("column_chunk_key_value_metadata.parquet"));
        List<KeyValue>? keyValues = metadata.RowGroups[0].Columns[0].MetaData!.KeyValueMetadata;
        Assert.NotNull(keyValues);
        Assert.NotEmpty(keyValues);

        FileMetaData withStats = FileMetaDataDecoder.Decode(Footer.Read("floating_orders_nan_count.parquet"));
        Statistics? statistics = withStats.RowGroups[0].Columns[0].MetaData!.Statistics;
        Assert.NotNull(statistics);
        Assert.NotNull(statistics.NanCount);
        Assert.NotNull(statistics.NullCount);
    }

    [Fact]
    public void Corrupt_schema_physical_type_of_PARQUET_1481_is_rejected()
    {
        var ex = Assert.ThrowsAny<ParquetFormatException>(
            () => FileMetaDataDecoder.Decode(Footer.Read("bad_data/PARQUET-1481.parquet")));
        Assert.Contains("physical type -7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encrypted_footer_ends_in_PARE_and_does_not_decode_as_plain_metadata()
    {
        var (file, start, length, magic) = Footer.Locate("uniform_encryption.parquet.encrypted");
        Assert.Equal("PARE", magic);
        Assert.ThrowsAny<ParquetFormatException>(() => FileMetaDataDecoder.Decode(file.AsSpan(start, length)));
    }

    [Theory]
    [InlineData("alltypes_plain.parquet")]
    [InlineData("nested_structs.rust.parquet")]
    [InlineData("datapage_v2.snappy.parquet")]
    public void Truncation_at_every_byte_is_a_truncation_error(string file)
    {
        byte[] footer = Footer.Read(file);
        for (int length = 0; length < footer.Length; length++)
        {
            try
            {
                FileMetaDataDecoder.Decode(footer.AsSpan(0, length));
                Assert.Fail($"a footer cut to {length} of {footer.Length} bytes decoded");
            }
            catch (ThriftTruncatedException)
            {
            }
        }
    }

    [Theory]
    [InlineData("alltypes_plain.parquet")]
    [InlineData("nested_lists.snappy.parquet")]
    [InlineData("geospatial/crs-srid.parquet")]
    [InlineData("data_index_bloom_encoding_with_length.parquet")]
    public void Corrupted_bytes_yield_only_format_errors(string file)
    {
        byte[] original = Footer.Read(file);
        var random = new Random(1481);
        for (int round = 0; round < 3000; round++)
        {
            byte[] footer = (byte[])original.Clone();
            int flips = 1 + random.Next(4);
            for (int i = 0; i < flips; i++) footer[random.Next(footer.Length)] = (byte)random.Next(256);
            try
            {
                FileMetaDataDecoder.Decode(footer);
            }
            catch (ParquetFormatException)
            {
            }
        }
    }

    [Fact]
    public void Offset_overload_reports_the_absolute_file_offset()
    {
        byte[] footer = Footer.Read("alltypes_plain.parquet");
        var ex = Assert.ThrowsAny<ParquetFormatException>(
            () => FileMetaDataDecoder.Decode(footer.AsSpan(0, 400), footerFileOffset: 10_000));
        Assert.NotNull(ex.Offset);
        Assert.InRange(ex.Offset.Value, 10_000, 10_400);
        Assert.Equal(0, ex.RowGroup); // the cut falls inside the only row group
    }
}
