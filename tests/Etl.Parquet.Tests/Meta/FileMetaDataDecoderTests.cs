using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Meta;

/// <summary>Hand-built footers exercising the corners real files rarely show.</summary>
public class FileMetaDataDecoderTests
{
    private sealed class Spec
    {
        public bool Version { get; init; } = true;
        public long NumRows { get; init; } = 5;
        public int PhysicalType { get; init; } = 2;
        public int Codec { get; init; } = 1;
        public bool DataPageOffset { get; init; } = true;
        public Action<CompactBytes>? LeafLogicalType { get; init; }
        public Action<CompactBytes>? ExtraFileFields { get; init; }   // appended after field 6
        public Action<CompactBytes>? ExtraChunkFields { get; init; }  // appended after field 3
        public Action<CompactBytes>? ExtraColumnMetaFields { get; init; } // appended after field 12
    }

    private static byte[] Build(Spec spec)
    {
        var b = new CompactBytes();
        if (spec.Version) b.I32Field(1, 2);
        b.Field(spec.Version ? 1 : 2, ThriftType.List).ListHeader(2, ThriftType.Struct);
        b.StringField(4, "root").I32Field(1, 1).Stop();
        b.I32Field(1, spec.PhysicalType).I32Field(2, 1).StringField(1, "x");
        if (spec.LeafLogicalType is { } logical)
        {
            b.Field(6, ThriftType.Struct);
            logical(b);
        }
        b.Stop();
        b.I64Field(1, spec.NumRows);
        b.Field(1, ThriftType.List).ListHeader(1, ThriftType.Struct);                    // row_groups
        b.Field(1, ThriftType.List).ListHeader(1, ThriftType.Struct);                    //   columns
        b.I64Field(2, 4).Field(1, ThriftType.Struct);                                    //     file_offset, meta_data
        b.I32Field(1, spec.PhysicalType);
        b.Field(1, ThriftType.List).ListHeader(3, ThriftType.I32).ZigZag(0).ZigZag(3).ZigZag(77);
        b.Field(1, ThriftType.List).ListHeader(1, ThriftType.Binary).String("x");
        b.I32Field(1, spec.Codec).I64Field(1, 5).I64Field(1, 100).I64Field(1, 80);
        b.Field(1, ThriftType.List).ListHeader(1, ThriftType.Struct).StringField(1, "ck").Stop(); // key_value_metadata
        if (spec.DataPageOffset) b.I64Field(1, 4);
        b.LongField(12, ThriftType.Struct)                                                // statistics
            .StringField(5, "hi").StringField(1, "lo").Field(1, ThriftType.BooleanTrue).Field(1, ThriftType.BooleanFalse)
            .I64Field(1, 2).Stop();
        spec.ExtraColumnMetaFields?.Invoke(b);
        b.Stop();
        spec.ExtraChunkFields?.Invoke(b);
        b.Stop();                                                                         //     end column chunk
        b.I64Field(1, 100).I64Field(1, spec.NumRows).I16FieldLong(7, 3).Stop();           //   end row group
        b.Field(1, ThriftType.List).ListHeader(2, ThriftType.Struct)                      // key_value_metadata
            .StringField(1, "k").StringField(1, "v").Stop()
            .StringField(1, "only-key").Stop();
        b.StringField(1, "unit test");
        spec.ExtraFileFields?.Invoke(b);
        return b.Stop().ToArray();
    }

    [Fact]
    public void Hand_built_footer_decodes_every_field()
    {
        FileMetaData metadata = FileMetaDataDecoder.Decode(Build(new Spec()));

        Assert.Equal(2, metadata.Version);
        Assert.Equal(5, metadata.NumRows);
        Assert.Equal("unit test", metadata.CreatedBy);
        Assert.Equal([new KeyValue("k", "v"), new KeyValue("only-key", null)], metadata.KeyValueMetadata);
        Assert.Equal(["root", "x"], metadata.Schema.Select(e => e.Name));
        Assert.Equal(FieldRepetitionType.Optional, metadata.Schema[1].RepetitionType);
        RowGroup rowGroup = Assert.Single(metadata.RowGroups);
        Assert.Equal((short)3, rowGroup.Ordinal);
        Assert.Equal(100, rowGroup.TotalByteSize);
        ColumnChunk chunk = Assert.Single(rowGroup.Columns);
        Assert.Equal(4, chunk.FileOffset);
        Assert.False(chunk.HasCryptoMetadata);
        ColumnMetaData column = chunk.MetaData!;
        Assert.Equal(PhysicalType.Int64, column.Type);
        Assert.Equal([Encoding.Plain, Encoding.Rle, (Encoding)77], column.Encodings);
        Assert.Equal(CompressionCodec.Snappy, column.Codec);
        Assert.Equal((5L, 100L, 80L, 4L), (column.NumValues, column.TotalUncompressedSize, column.TotalCompressedSize, column.DataPageOffset));
        Assert.Equal("ck", Assert.Single(column.KeyValueMetadata!).Key);
        Statistics statistics = column.Statistics!;
        Assert.Equal("hi"u8.ToArray(), statistics.MaxValue);
        Assert.Equal("lo"u8.ToArray(), statistics.MinValue);
        Assert.True(statistics.IsMaxValueExact);
        Assert.False(statistics.IsMinValueExact);
        Assert.Equal(2, statistics.NanCount);
        Assert.Null(statistics.NullCount);
    }

    [Fact]
    public void Unknown_fields_at_every_level_are_skipped()
    {
        static void Unknown(CompactBytes b) =>
            b.LongField(900, ThriftType.Struct)
                .Field(1, ThriftType.Map).Varint(1).Raw(0x8C).String("k").Field(1, ThriftType.Double).Raw(new byte[8]).Stop()
                .Field(1, ThriftType.List).ListHeader(2, ThriftType.List).ListHeader(0, ThriftType.I32).ListHeader(1, ThriftType.Binary).String("z")
                .Stop();

        FileMetaData metadata = FileMetaDataDecoder.Decode(Build(new Spec
        {
            ExtraFileFields = Unknown,
            ExtraChunkFields = Unknown,
            ExtraColumnMetaFields = b => b.LongField(13, ThriftType.List).ListHeader(1, ThriftType.Struct) // encoding_stats
                .I32Field(1, 0).I32Field(1, 0).I32Field(1, 1).Stop(),
        }));
        Assert.Equal(5, metadata.RowGroups[0].Columns[0].MetaData!.NumValues);
        Assert.Equal("unit test", metadata.CreatedBy);
    }

    [Fact]
    public void Encryption_markers_are_reported_without_decrypting()
    {
        FileMetaData metadata = FileMetaDataDecoder.Decode(Build(new Spec
        {
            ExtraFileFields = b => b.LongField(8, ThriftType.Struct).Field(1, ThriftType.Struct)
                .StringField(2, "aad").Stop().Stop(),
            ExtraChunkFields = b => b.LongField(8, ThriftType.Struct).Field(1, ThriftType.Struct).Stop().Stop(),
        }));
        Assert.True(metadata.HasEncryptionAlgorithm);
        Assert.True(metadata.RowGroups[0].Columns[0].HasCryptoMetadata);

        FileMetaData encryptedColumn = FileMetaDataDecoder.Decode(Build(new Spec
        {
            ExtraChunkFields = b => b.LongField(9, ThriftType.Binary).Binary([1, 2, 3]),
        }));
        Assert.True(encryptedColumn.RowGroups[0].Columns[0].HasCryptoMetadata);
    }

    [Theory]
    [InlineData(1, LogicalTypeKind.String)]
    [InlineData(2, LogicalTypeKind.Map)]
    [InlineData(3, LogicalTypeKind.List)]
    [InlineData(4, LogicalTypeKind.Enum)]
    [InlineData(6, LogicalTypeKind.Date)]
    [InlineData(9, LogicalTypeKind.Unknown)] // reserved for INTERVAL
    [InlineData(11, LogicalTypeKind.Null)]
    [InlineData(12, LogicalTypeKind.Json)]
    [InlineData(13, LogicalTypeKind.Bson)]
    [InlineData(14, LogicalTypeKind.Uuid)]
    [InlineData(15, LogicalTypeKind.Float16)]
    [InlineData(16, LogicalTypeKind.Variant)]
    [InlineData(17, LogicalTypeKind.Geometry)]
    [InlineData(18, LogicalTypeKind.Geography)]
    [InlineData(19, LogicalTypeKind.Unknown)]
    [InlineData(2555, LogicalTypeKind.Unknown)]
    public void Parameterless_logical_type_members_map_to_their_kind(short fieldId, LogicalTypeKind expected)
    {
        // Members carry a (possibly non-empty, in newer versions) struct; its content must be skipped.
        LogicalType logicalType = DecodeLeafLogicalType(b =>
            b.LongField(fieldId, ThriftType.Struct).StringField(1, "crs-or-future-field").Stop().Stop());
        Assert.Equal(expected, logicalType.Kind);
        Assert.Equal(fieldId, logicalType.FieldId);
    }

    [Fact]
    public void Decimal_logical_type_carries_scale_and_precision()
    {
        LogicalType logicalType = DecodeLeafLogicalType(b =>
            b.Field(5, ThriftType.Struct).I32Field(1, 2).I32Field(1, 9).Stop().Stop());
        Assert.Equal((LogicalTypeKind.Decimal, 2, 9), (logicalType.Kind, logicalType.Scale, logicalType.Precision));
    }

    [Theory]
    [InlineData(7, 1, LogicalTypeKind.Time, TimeUnit.Millis, true)]
    [InlineData(7, 2, LogicalTypeKind.Time, TimeUnit.Micros, false)]
    [InlineData(8, 3, LogicalTypeKind.Timestamp, TimeUnit.Nanos, true)]
    [InlineData(8, 1, LogicalTypeKind.Timestamp, TimeUnit.Millis, false)]
    public void Temporal_logical_types_carry_unit_and_utc_adjustment(
        int fieldId, int unitId, LogicalTypeKind kind, TimeUnit unit, bool utc)
    {
        LogicalType logicalType = DecodeLeafLogicalType(b =>
            b.Field(fieldId, ThriftType.Struct)
                .Field(1, utc ? ThriftType.BooleanTrue : ThriftType.BooleanFalse)
                .Field(1, ThriftType.Struct).Field(unitId, ThriftType.Struct).Stop().Stop()
                .Stop()
            .Stop());
        Assert.Equal((kind, unit, utc), (logicalType.Kind, logicalType.Unit, logicalType.IsAdjustedToUtc));
    }

    [Fact]
    public void Timestamp_with_a_unit_newer_than_the_reader_is_unknown()
    {
        LogicalType logicalType = DecodeLeafLogicalType(b =>
            b.Field(8, ThriftType.Struct).Field(1, ThriftType.BooleanTrue)
                .Field(1, ThriftType.Struct).Field(4, ThriftType.Struct).Stop().Stop()
                .Stop().Stop());
        Assert.Equal(LogicalTypeKind.Unknown, logicalType.Kind);
        Assert.Equal(8, logicalType.FieldId);
    }

    [Fact]
    public void Integer_logical_type_reads_the_i8_bit_width()
    {
        LogicalType logicalType = DecodeLeafLogicalType(b =>
            b.LongField(10, ThriftType.Struct).Field(1, ThriftType.Byte).Raw(64).Field(1, ThriftType.BooleanFalse).Stop().Stop());
        Assert.Equal((LogicalTypeKind.Integer, 64, false), (logicalType.Kind, logicalType.BitWidth, logicalType.IsSigned));
    }

    [Fact]
    public void Logical_type_missing_a_required_parameter_is_rejected()
    {
        var ex = Assert.ThrowsAny<ParquetFormatException>(() => DecodeLeafLogicalType(b =>
            b.Field(5, ThriftType.Struct).I32Field(1, 2).Stop().Stop()));
        Assert.Contains("precision", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Enum_values_outside_the_known_sets_are_kept()
    {
        FileMetaData metadata = FileMetaDataDecoder.Decode(Build(new Spec { Codec = 42 }));
        Assert.Equal((CompressionCodec)42, metadata.RowGroups[0].Columns[0].MetaData!.Codec);
    }

    [Fact]
    public void Invalid_physical_type_is_rejected()
    {
        var ex = Assert.ThrowsAny<ParquetFormatException>(() => FileMetaDataDecoder.Decode(Build(new Spec { PhysicalType = 8 })));
        Assert.Contains("physical type 8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_fields_are_named()
    {
        var version = Assert.ThrowsAny<ParquetFormatException>(() => FileMetaDataDecoder.Decode(Build(new Spec { Version = false })));
        Assert.Contains("'version'", version.Message, StringComparison.Ordinal);

        var offset = Assert.ThrowsAny<ParquetFormatException>(
            () => FileMetaDataDecoder.Decode(Build(new Spec { DataPageOffset = false })));
        Assert.Contains("'data_page_offset'", offset.Message, StringComparison.Ordinal);
        Assert.Equal(0, offset.RowGroup);
    }

    [Fact]
    public void Negative_row_count_is_rejected()
    {
        var ex = Assert.ThrowsAny<ParquetFormatException>(() => FileMetaDataDecoder.Decode(Build(new Spec { NumRows = -1 })));
        Assert.Contains("negative num_rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_schema_is_rejected()
    {
        byte[] footer = new CompactBytes().I32Field(1, 1).Field(1, ThriftType.List).ListHeader(0, ThriftType.Struct)
            .I64Field(1, 0).Field(1, ThriftType.List).ListHeader(0, ThriftType.Struct).Stop().ToArray();
        var ex = Assert.ThrowsAny<ParquetFormatException>(() => FileMetaDataDecoder.Decode(footer));
        Assert.Contains("schema is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_row_group_count_fails_fast_without_allocating_it()
    {
        byte[] footer = new CompactBytes().I32Field(1, 1).Field(3, ThriftType.List).Raw(0xFC).Varint(int.MaxValue).Stop().ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.ThrowsAny<ParquetFormatException>(() => FileMetaDataDecoder.Decode(footer));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }

    private static LogicalType DecodeLeafLogicalType(Action<CompactBytes> logicalType) =>
        FileMetaDataDecoder.Decode(Build(new Spec { LeafLogicalType = logicalType })).Schema[1].LogicalType!;
}
