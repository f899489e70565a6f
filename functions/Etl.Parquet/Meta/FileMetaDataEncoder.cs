using System.Buffers;

namespace Etl.Parquet.Meta;

/// <summary>Encodes the file footer (parquet.thrift <c>FileMetaData</c>) in the Thrift compact protocol.</summary>
/// <remarks>
/// Encryption markers (<see cref="FileMetaData.HasEncryptionAlgorithm"/>, <see cref="ColumnChunk.HasCryptoMetadata"/>)
/// are not written: the codec does not encrypt. Logical types of kind <see cref="LogicalTypeKind.Unknown"/> are
/// omitted, since their content is not known. <c>column_orders</c> is written as TYPE_ORDER for every leaf, because
/// the format leaves min_value/max_value undefined without it.
/// </remarks>
public static class FileMetaDataEncoder
{
    /// <summary>Appends the encoded <paramref name="metadata"/> to <paramref name="output"/>.</summary>
    public static void Encode(FileMetaData metadata, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var writer = new ThriftCompactWriter(output);
        writer.BeginStruct();
        writer.WriteI32Field(1, metadata.Version);

        writer.WriteListFieldHeader(2, ThriftType.Struct, metadata.Schema.Count);
        foreach (SchemaElement element in metadata.Schema) EncodeSchemaElement(writer, element);

        writer.WriteI64Field(3, metadata.NumRows);

        writer.WriteListFieldHeader(4, ThriftType.Struct, metadata.RowGroups.Count);
        foreach (RowGroup rowGroup in metadata.RowGroups) EncodeRowGroup(writer, rowGroup);

        if (metadata.KeyValueMetadata is { } keyValues) EncodeKeyValues(writer, 5, keyValues);
        if (metadata.CreatedBy is { } createdBy) writer.WriteStringField(6, createdBy);

        int leaves = 0;
        foreach (SchemaElement element in metadata.Schema)
        {
            if (element.Type is not null) leaves++;
        }
        writer.WriteListFieldHeader(7, ThriftType.Struct, leaves);
        for (int i = 0; i < leaves; i++)
        {
            writer.BeginStruct();
            writer.WriteEmptyStructField(1); // ColumnOrder.TYPE_ORDER
            writer.EndStruct();
        }
        writer.EndStruct();
    }

    /// <summary>The encoded footer as a new array.</summary>
    public static byte[] Encode(FileMetaData metadata)
    {
        var output = new ArrayBufferWriter<byte>();
        Encode(metadata, output);
        return output.WrittenSpan.ToArray();
    }

    private static void EncodeSchemaElement(ThriftCompactWriter writer, SchemaElement element)
    {
        writer.BeginStruct();
        if (element.Type is { } type) writer.WriteI32Field(1, (int)type);
        if (element.TypeLength is { } typeLength) writer.WriteI32Field(2, typeLength);
        if (element.RepetitionType is { } repetition) writer.WriteI32Field(3, (int)repetition);
        writer.WriteStringField(4, element.Name);
        if (element.NumChildren is { } numChildren) writer.WriteI32Field(5, numChildren);
        if (element.ConvertedType is { } convertedType) writer.WriteI32Field(6, (int)convertedType);
        if (element.Scale is { } scale) writer.WriteI32Field(7, scale);
        if (element.Precision is { } precision) writer.WriteI32Field(8, precision);
        if (element.FieldId is { } fieldId) writer.WriteI32Field(9, fieldId);
        if (element.LogicalType is { Kind: not LogicalTypeKind.Unknown } logicalType) EncodeLogicalType(writer, logicalType);
        writer.EndStruct();
    }

    private static void EncodeLogicalType(ThriftCompactWriter writer, LogicalType logicalType)
    {
        writer.BeginStructField(10);
        short member = (short)logicalType.Kind;
        switch (logicalType.Kind)
        {
            case LogicalTypeKind.Decimal:
                writer.BeginStructField(member);
                writer.WriteI32Field(1, logicalType.Scale);
                writer.WriteI32Field(2, logicalType.Precision);
                writer.EndStruct();
                break;
            case LogicalTypeKind.Time or LogicalTypeKind.Timestamp:
                writer.BeginStructField(member);
                writer.WriteBoolField(1, logicalType.IsAdjustedToUtc);
                writer.BeginStructField(2);
                writer.WriteEmptyStructField(logicalType.Unit switch
                {
                    TimeUnit.Millis => 1,
                    TimeUnit.Micros => 2,
                    _ => 3,
                });
                writer.EndStruct();
                writer.EndStruct();
                break;
            case LogicalTypeKind.Integer:
                writer.BeginStructField(member);
                writer.WriteI8Field(1, checked((sbyte)logicalType.BitWidth));
                writer.WriteBoolField(2, logicalType.IsSigned);
                writer.EndStruct();
                break;
            default:
                writer.WriteEmptyStructField(member);
                break;
        }
        writer.EndStruct();
    }

    private static void EncodeRowGroup(ThriftCompactWriter writer, RowGroup rowGroup)
    {
        writer.BeginStruct();
        writer.WriteListFieldHeader(1, ThriftType.Struct, rowGroup.Columns.Count);
        foreach (ColumnChunk chunk in rowGroup.Columns) EncodeColumnChunk(writer, chunk);
        writer.WriteI64Field(2, rowGroup.TotalByteSize);
        writer.WriteI64Field(3, rowGroup.NumRows);
        if (rowGroup.FileOffset is { } fileOffset) writer.WriteI64Field(5, fileOffset);
        if (rowGroup.TotalCompressedSize is { } compressedSize) writer.WriteI64Field(6, compressedSize);
        if (rowGroup.Ordinal is { } ordinal) writer.WriteI16Field(7, ordinal);
        writer.EndStruct();
    }

    private static void EncodeColumnChunk(ThriftCompactWriter writer, ColumnChunk chunk)
    {
        writer.BeginStruct();
        if (chunk.FilePath is { } filePath) writer.WriteStringField(1, filePath);
        writer.WriteI64Field(2, chunk.FileOffset);
        if (chunk.MetaData is { } meta) EncodeColumnMetaData(writer, meta);
        if (chunk.OffsetIndexOffset is { } offsetIndexOffset) writer.WriteI64Field(4, offsetIndexOffset);
        if (chunk.OffsetIndexLength is { } offsetIndexLength) writer.WriteI32Field(5, offsetIndexLength);
        if (chunk.ColumnIndexOffset is { } columnIndexOffset) writer.WriteI64Field(6, columnIndexOffset);
        if (chunk.ColumnIndexLength is { } columnIndexLength) writer.WriteI32Field(7, columnIndexLength);
        writer.EndStruct();
    }

    private static void EncodeColumnMetaData(ThriftCompactWriter writer, ColumnMetaData meta)
    {
        writer.BeginStructField(3);
        writer.WriteI32Field(1, (int)meta.Type);
        writer.WriteListFieldHeader(2, ThriftType.I32, meta.Encodings.Count);
        foreach (Encoding encoding in meta.Encodings) writer.WriteI32((int)encoding);
        writer.WriteListFieldHeader(3, ThriftType.Binary, meta.PathInSchema.Count);
        foreach (string part in meta.PathInSchema) writer.WriteString(part);
        writer.WriteI32Field(4, (int)meta.Codec);
        writer.WriteI64Field(5, meta.NumValues);
        writer.WriteI64Field(6, meta.TotalUncompressedSize);
        writer.WriteI64Field(7, meta.TotalCompressedSize);
        if (meta.KeyValueMetadata is { } keyValues) EncodeKeyValues(writer, 8, keyValues);
        writer.WriteI64Field(9, meta.DataPageOffset);
        if (meta.IndexPageOffset is { } indexPageOffset) writer.WriteI64Field(10, indexPageOffset);
        if (meta.DictionaryPageOffset is { } dictionaryPageOffset) writer.WriteI64Field(11, dictionaryPageOffset);
        if (meta.Statistics is { } statistics) StatisticsEncoder.EncodeField(writer, 12, statistics);
        if (meta.BloomFilterOffset is { } bloomFilterOffset) writer.WriteI64Field(14, bloomFilterOffset);
        if (meta.BloomFilterLength is { } bloomFilterLength) writer.WriteI32Field(15, bloomFilterLength);
        writer.EndStruct();
    }

    private static void EncodeKeyValues(ThriftCompactWriter writer, short fieldId, List<KeyValue> keyValues)
    {
        writer.WriteListFieldHeader(fieldId, ThriftType.Struct, keyValues.Count);
        foreach (KeyValue keyValue in keyValues)
        {
            writer.BeginStruct();
            writer.WriteStringField(1, keyValue.Key);
            if (keyValue.Value is { } value) writer.WriteStringField(2, value);
            writer.EndStruct();
        }
    }
}
