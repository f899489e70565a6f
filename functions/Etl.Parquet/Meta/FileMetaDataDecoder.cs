namespace Etl.Parquet.Meta;

/// <summary>Decodes the Thrift compact-encoded file footer (parquet.thrift <c>FileMetaData</c>).</summary>
public static class FileMetaDataDecoder
{
    /// <summary>
    /// Decodes <paramref name="footer"/>, the bytes between the last page and the trailing length + magic.
    /// Fields unknown to this reader are skipped; enum values outside the known sets are kept as-is.
    /// </summary>
    /// <exception cref="ParquetFormatException">
    /// The footer is malformed, truncated or breaks a Parquet rule. Byte positions in the message are relative to
    /// the start of <paramref name="footer"/>; use <see cref="Decode(ReadOnlySpan{byte}, long)"/> to get file offsets.
    /// </exception>
    public static FileMetaData Decode(ReadOnlySpan<byte> footer)
    {
        var reader = new ThriftCompactReader(footer);
        return DecodeFileMetaData(ref reader);
    }

    /// <summary>
    /// As <see cref="Decode(ReadOnlySpan{byte})"/>, and failures carry the absolute file offset
    /// (<see cref="ParquetFormatException.Offset"/>) of the offending byte.
    /// </summary>
    public static FileMetaData Decode(ReadOnlySpan<byte> footer, long footerFileOffset)
    {
        try
        {
            return Decode(footer);
        }
        catch (ThriftFormatException e)
        {
            e.At(offset: footerFileOffset + e.Position);
            throw;
        }
    }

    private static FileMetaData DecodeFileMetaData(ref ThriftCompactReader reader)
    {
        var metadata = new FileMetaData();
        bool hasVersion = false, hasSchema = false, hasNumRows = false, hasRowGroups = false;
        int numRowsAt = 0;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when type == ThriftType.I32:
                    metadata.Version = reader.ReadI32();
                    hasVersion = true;
                    break;
                case 2 when type == ThriftType.List:
                    metadata.Schema = SchemaElementDecoder.DecodeList(ref reader);
                    hasSchema = true;
                    break;
                case 3 when type == ThriftType.I64:
                    numRowsAt = reader.Position;
                    metadata.NumRows = reader.ReadI64();
                    hasNumRows = true;
                    break;
                case 4 when type == ThriftType.List:
                    metadata.RowGroups = DecodeRowGroups(ref reader);
                    hasRowGroups = true;
                    break;
                case 5 when type == ThriftType.List:
                    metadata.KeyValueMetadata = KeyValueDecoder.DecodeList(ref reader);
                    break;
                case 6 when type == ThriftType.Binary:
                    metadata.CreatedBy = reader.ReadString();
                    break;
                // Plaintext-footer encryption: the footer is readable, the columns are not; the caller decides.
                case 8:
                    metadata.HasEncryptionAlgorithm = true;
                    reader.Skip(type);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }
        reader.EndStruct();

        // Checked after the struct so that a footer that is simply not FileMetaData (an encrypted one) reports
        // the first missing field rather than a type confusion.
        if (!hasVersion) throw ThriftFormatException.MissingField("FileMetaData", "version", 0);
        if (!hasSchema) throw ThriftFormatException.MissingField("FileMetaData", "schema", 0);
        if (!hasNumRows) throw ThriftFormatException.MissingField("FileMetaData", "num_rows", 0);
        if (!hasRowGroups) throw ThriftFormatException.MissingField("FileMetaData", "row_groups", 0);
        if (metadata.NumRows < 0)
            throw ThriftFormatException.InvalidMetadata($"the file has negative num_rows {metadata.NumRows}", numRowsAt);
        return metadata;
    }

    private static List<RowGroup> DecodeRowGroups(ref ThriftCompactReader reader)
    {
        int count = reader.ReadListHeader(ThriftType.Struct, "row_groups");
        var rowGroups = new List<RowGroup>(count);
        for (int i = 0; i < count; i++)
        {
            try
            {
                rowGroups.Add(DecodeRowGroup(ref reader));
            }
            catch (ParquetFormatException e)
            {
                e.At(rowGroup: i);
                throw;
            }
        }
        return rowGroups;
    }

    private static RowGroup DecodeRowGroup(ref ThriftCompactReader reader)
    {
        int start = reader.Position;
        var rowGroup = new RowGroup();
        bool hasColumns = false, hasTotalByteSize = false, hasNumRows = false;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when type == ThriftType.List:
                    rowGroup.Columns = ColumnChunkDecoder.DecodeList(ref reader);
                    hasColumns = true;
                    break;
                case 2 when type == ThriftType.I64:
                    rowGroup.TotalByteSize = reader.ReadI64();
                    hasTotalByteSize = true;
                    break;
                case 3 when type == ThriftType.I64:
                    rowGroup.NumRows = reader.ReadI64();
                    hasNumRows = true;
                    break;
                case 5 when type == ThriftType.I64: rowGroup.FileOffset = reader.ReadI64(); break;
                case 6 when type == ThriftType.I64: rowGroup.TotalCompressedSize = reader.ReadI64(); break;
                case 7 when type == ThriftType.I16: rowGroup.Ordinal = reader.ReadI16(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();

        if (!hasColumns) throw ThriftFormatException.MissingField("RowGroup", "columns", start);
        if (!hasTotalByteSize) throw ThriftFormatException.MissingField("RowGroup", "total_byte_size", start);
        if (!hasNumRows) throw ThriftFormatException.MissingField("RowGroup", "num_rows", start);
        if (rowGroup.NumRows < 0)
            throw ThriftFormatException.InvalidMetadata($"row group has negative num_rows {rowGroup.NumRows}", start);
        return rowGroup;
    }
}
