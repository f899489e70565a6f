namespace Etl.Parquet.Meta;

/// <summary>Decodes parquet.thrift <c>ColumnChunk</c> and its <c>ColumnMetaData</c>.</summary>
internal static class ColumnChunkDecoder
{
    public static List<ColumnChunk> DecodeList(ref ThriftCompactReader reader)
    {
        int count = reader.ReadListHeader(ThriftType.Struct, "columns");
        var columns = new List<ColumnChunk>(count);
        for (int i = 0; i < count; i++) columns.Add(Decode(ref reader, i));
        return columns;
    }

    private static ColumnChunk Decode(ref ThriftCompactReader reader, int index)
    {
        var chunk = new ColumnChunk();
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when type == ThriftType.Binary: chunk.FilePath = reader.ReadString(); break;
                // file_offset is deprecated and some writers misuse it, so its absence is tolerated (default 0).
                case 2 when type == ThriftType.I64: chunk.FileOffset = reader.ReadI64(); break;
                case 3 when type == ThriftType.Struct: chunk.MetaData = DecodeMetaData(ref reader, index); break;
                case 4 when type == ThriftType.I64: chunk.OffsetIndexOffset = reader.ReadI64(); break;
                case 5 when type == ThriftType.I32: chunk.OffsetIndexLength = reader.ReadI32(); break;
                case 6 when type == ThriftType.I64: chunk.ColumnIndexOffset = reader.ReadI64(); break;
                case 7 when type == ThriftType.I32: chunk.ColumnIndexLength = reader.ReadI32(); break;
                // crypto_metadata and encrypted_column_metadata: the codec does not decrypt, it only needs to know.
                case 8 or 9:
                    chunk.HasCryptoMetadata = true;
                    reader.Skip(type);
                    break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return chunk;
    }

    private static ColumnMetaData DecodeMetaData(ref ThriftCompactReader reader, int index)
    {
        int start = reader.Position;
        var meta = new ColumnMetaData();
        // Bit per required field, so a missing one can be named without a bool per field.
        RequiredFields seen = RequiredFields.None;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when type == ThriftType.I32:
                    meta.Type = (PhysicalType)reader.ReadI32();
                    seen |= RequiredFields.Type;
                    break;
                case 2 when type == ThriftType.List:
                    meta.Encodings = DecodeEncodings(ref reader);
                    seen |= RequiredFields.Encodings;
                    break;
                case 3 when type == ThriftType.List:
                    meta.PathInSchema = DecodePath(ref reader);
                    seen |= RequiredFields.PathInSchema;
                    break;
                case 4 when type == ThriftType.I32:
                    meta.Codec = (CompressionCodec)reader.ReadI32();
                    seen |= RequiredFields.Codec;
                    break;
                case 5 when type == ThriftType.I64:
                    meta.NumValues = reader.ReadI64();
                    seen |= RequiredFields.NumValues;
                    break;
                case 6 when type == ThriftType.I64:
                    meta.TotalUncompressedSize = reader.ReadI64();
                    seen |= RequiredFields.TotalUncompressedSize;
                    break;
                case 7 when type == ThriftType.I64:
                    meta.TotalCompressedSize = reader.ReadI64();
                    seen |= RequiredFields.TotalCompressedSize;
                    break;
                case 8 when type == ThriftType.List: meta.KeyValueMetadata = KeyValueDecoder.DecodeList(ref reader); break;
                case 9 when type == ThriftType.I64:
                    meta.DataPageOffset = reader.ReadI64();
                    seen |= RequiredFields.DataPageOffset;
                    break;
                case 10 when type == ThriftType.I64: meta.IndexPageOffset = reader.ReadI64(); break;
                case 11 when type == ThriftType.I64: meta.DictionaryPageOffset = reader.ReadI64(); break;
                case 12 when type == ThriftType.Struct: meta.Statistics = StatisticsDecoder.Decode(ref reader); break;
                case 14 when type == ThriftType.I64: meta.BloomFilterOffset = reader.ReadI64(); break;
                case 15 when type == ThriftType.I32: meta.BloomFilterLength = reader.ReadI32(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        Validate(meta, seen, index, start);
        return meta;
    }

    private static void Validate(ColumnMetaData meta, RequiredFields seen, int index, int start)
    {
        if (seen != RequiredFields.All)
        {
            RequiredFields missing = RequiredFields.All & ~seen;
            throw ThriftFormatException.MissingField(
                $"ColumnMetaData of column chunk {index}", RequiredFieldName(missing), start);
        }
        string column = string.Join('.', meta.PathInSchema);
        if ((uint)meta.Type > (uint)PhysicalType.FixedLenByteArray)
            throw Invalid($"column '{column}' has invalid physical type {(int)meta.Type}", start);
        if (meta.NumValues < 0) throw Invalid($"column '{column}' has negative num_values {meta.NumValues}", start);
        if (meta.TotalCompressedSize < 0 || meta.TotalUncompressedSize < 0)
            throw Invalid($"column '{column}' has a negative total size", start);
        if (meta.DataPageOffset < 0 || meta.DictionaryPageOffset < 0)
            throw Invalid($"column '{column}' has a negative page offset", start);
    }

    private static ThriftFormatException Invalid(string problem, int position) =>
        ThriftFormatException.InvalidMetadata(problem, position);

    private static List<Encoding> DecodeEncodings(ref ThriftCompactReader reader)
    {
        int count = reader.ReadListHeader(ThriftType.I32, "encodings");
        var encodings = new List<Encoding>(count);
        for (int i = 0; i < count; i++) encodings.Add((Encoding)reader.ReadI32());
        return encodings;
    }

    private static List<string> DecodePath(ref ThriftCompactReader reader)
    {
        int count = reader.ReadListHeader(ThriftType.Binary, "path_in_schema");
        var path = new List<string>(count);
        for (int i = 0; i < count; i++) path.Add(reader.ReadString());
        return path;
    }

    private static string RequiredFieldName(RequiredFields missing) => missing switch
    {
        _ when missing.HasFlag(RequiredFields.Type) => "type",
        _ when missing.HasFlag(RequiredFields.Encodings) => "encodings",
        _ when missing.HasFlag(RequiredFields.PathInSchema) => "path_in_schema",
        _ when missing.HasFlag(RequiredFields.Codec) => "codec",
        _ when missing.HasFlag(RequiredFields.NumValues) => "num_values",
        _ when missing.HasFlag(RequiredFields.TotalUncompressedSize) => "total_uncompressed_size",
        _ when missing.HasFlag(RequiredFields.TotalCompressedSize) => "total_compressed_size",
        _ => "data_page_offset",
    };

    [Flags]
    private enum RequiredFields
    {
        None = 0,
        Type = 1 << 0,
        Encodings = 1 << 1,
        PathInSchema = 1 << 2,
        Codec = 1 << 3,
        NumValues = 1 << 4,
        TotalUncompressedSize = 1 << 5,
        TotalCompressedSize = 1 << 6,
        DataPageOffset = 1 << 7,
        All = (1 << 8) - 1,
    }
}
