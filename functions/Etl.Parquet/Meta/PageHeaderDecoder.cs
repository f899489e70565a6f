using System.Diagnostics.CodeAnalysis;

namespace Etl.Parquet.Meta;

/// <summary>Decodes the Thrift compact-encoded header in front of every page (parquet.thrift <c>PageHeader</c>).</summary>
public static class PageHeaderDecoder
{
    /// <summary>
    /// Decodes the page header at the start of <paramref name="data"/>. Returns false, without throwing, when
    /// <paramref name="data"/> ends before the header does: the caller reads more bytes and retries (and treats it
    /// as corruption once no more bytes exist or a sane header size is exceeded).
    /// </summary>
    /// <param name="data">Bytes starting at the header; may extend beyond it into the page.</param>
    /// <param name="header">The decoded header, when true is returned.</param>
    /// <param name="bytesConsumed">Size of the header; the page body starts there.</param>
    /// <exception cref="ParquetFormatException">
    /// The header is malformed or breaks a Parquet rule (missing field, negative size). Byte positions in the message
    /// are relative to the start of <paramref name="data"/>.
    /// </exception>
    public static bool TryDecode(ReadOnlySpan<byte> data, [MaybeNullWhen(false)] out PageHeader header, out int bytesConsumed)
    {
        var reader = new ThriftCompactReader(data);
        try
        {
            header = DecodePageHeader(ref reader);
        }
        catch (ThriftTruncatedException)
        {
            header = null;
            bytesConsumed = 0;
            return false;
        }
        bytesConsumed = reader.Position;
        return true;
    }

    /// <summary>
    /// As <see cref="TryDecode(ReadOnlySpan{byte}, out PageHeader, out int)"/>, and failures carry the absolute
    /// file offset (<see cref="ParquetFormatException.Offset"/>) of the offending byte.
    /// </summary>
    public static bool TryDecode(
        ReadOnlySpan<byte> data, long dataFileOffset, [MaybeNullWhen(false)] out PageHeader header, out int bytesConsumed)
    {
        try
        {
            return TryDecode(data, out header, out bytesConsumed);
        }
        catch (ThriftFormatException e)
        {
            e.At(offset: dataFileOffset + e.Position);
            throw;
        }
    }

    private static PageHeader DecodePageHeader(ref ThriftCompactReader reader)
    {
        var header = new PageHeader();
        bool hasType = false, hasUncompressedSize = false, hasCompressedSize = false;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when type == ThriftType.I32:
                    header.Type = (PageType)reader.ReadI32();
                    hasType = true;
                    break;
                case 2 when type == ThriftType.I32:
                    header.UncompressedPageSize = reader.ReadI32();
                    hasUncompressedSize = true;
                    break;
                case 3 when type == ThriftType.I32:
                    header.CompressedPageSize = reader.ReadI32();
                    hasCompressedSize = true;
                    break;
                case 4 when type == ThriftType.I32: header.Crc = reader.ReadI32(); break;
                case 5 when type == ThriftType.Struct: header.DataPageHeader = DecodeDataPageHeader(ref reader); break;
                case 7 when type == ThriftType.Struct:
                    header.DictionaryPageHeader = DecodeDictionaryPageHeader(ref reader);
                    break;
                case 8 when type == ThriftType.Struct: header.DataPageHeaderV2 = DecodeDataPageHeaderV2(ref reader); break;
                // 6 (IndexPageHeader) is an empty placeholder struct in the format; it is skipped like unknown fields.
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        Validate(header, hasType, hasUncompressedSize, hasCompressedSize);
        return header;
    }

    // Positions are 0: every check below concerns the header as a whole, which starts at the span start.
    private static void Validate(PageHeader header, bool hasType, bool hasUncompressedSize, bool hasCompressedSize)
    {
        if (!hasType) throw ThriftFormatException.MissingField("PageHeader", "type", 0);
        if (!hasUncompressedSize) throw ThriftFormatException.MissingField("PageHeader", "uncompressed_page_size", 0);
        if (!hasCompressedSize) throw ThriftFormatException.MissingField("PageHeader", "compressed_page_size", 0);
        if (header.UncompressedPageSize < 0)
            throw Invalid($"page header has negative uncompressed_page_size {header.UncompressedPageSize}");
        if (header.CompressedPageSize < 0)
            throw Invalid($"page header has negative compressed_page_size {header.CompressedPageSize}");

        switch (header.Type)
        {
            case PageType.DataPage when header.DataPageHeader is null:
                throw Invalid("DATA_PAGE header lacks data_page_header");
            case PageType.DictionaryPage when header.DictionaryPageHeader is null:
                throw Invalid("DICTIONARY_PAGE header lacks dictionary_page_header");
            case PageType.DataPageV2 when header.DataPageHeaderV2 is null:
                throw Invalid("DATA_PAGE_V2 header lacks data_page_header_v2");
        }

        if (header.DataPageHeaderV2 is { } v2)
        {
            // The level sections are sliced out of the page body before decompression, so they must fit in it.
            if ((long)v2.DefinitionLevelsByteLength + v2.RepetitionLevelsByteLength > header.CompressedPageSize)
            {
                throw Invalid(
                    $"data page v2 level lengths ({v2.RepetitionLevelsByteLength} + {v2.DefinitionLevelsByteLength}) " +
                    $"exceed compressed_page_size {header.CompressedPageSize}");
            }
        }
    }

    private static DataPageHeader DecodeDataPageHeader(ref ThriftCompactReader reader)
    {
        int start = reader.Position;
        var header = new DataPageHeader();
        bool hasNumValues = false, hasEncoding = false, hasDefinitionEncoding = false, hasRepetitionEncoding = false;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when type == ThriftType.I32:
                    header.NumValues = reader.ReadI32();
                    hasNumValues = true;
                    break;
                case 2 when type == ThriftType.I32:
                    header.Encoding = (Encoding)reader.ReadI32();
                    hasEncoding = true;
                    break;
                case 3 when type == ThriftType.I32:
                    header.DefinitionLevelEncoding = (Encoding)reader.ReadI32();
                    hasDefinitionEncoding = true;
                    break;
                case 4 when type == ThriftType.I32:
                    header.RepetitionLevelEncoding = (Encoding)reader.ReadI32();
                    hasRepetitionEncoding = true;
                    break;
                case 5 when type == ThriftType.Struct: header.Statistics = StatisticsDecoder.Decode(ref reader); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();

        const string name = "DataPageHeader";
        if (!hasNumValues) throw ThriftFormatException.MissingField(name, "num_values", start);
        if (!hasEncoding) throw ThriftFormatException.MissingField(name, "encoding", start);
        if (!hasDefinitionEncoding) throw ThriftFormatException.MissingField(name, "definition_level_encoding", start);
        if (!hasRepetitionEncoding) throw ThriftFormatException.MissingField(name, "repetition_level_encoding", start);
        if (header.NumValues < 0) throw Invalid($"data page has negative num_values {header.NumValues}", start);
        return header;
    }

    private static DictionaryPageHeader DecodeDictionaryPageHeader(ref ThriftCompactReader reader)
    {
        int start = reader.Position;
        var header = new DictionaryPageHeader();
        bool hasNumValues = false, hasEncoding = false;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when type == ThriftType.I32:
                    header.NumValues = reader.ReadI32();
                    hasNumValues = true;
                    break;
                case 2 when type == ThriftType.I32:
                    header.Encoding = (Encoding)reader.ReadI32();
                    hasEncoding = true;
                    break;
                case 3 when ThriftCompactReader.IsBool(type): header.IsSorted = reader.ReadBool(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();

        if (!hasNumValues) throw ThriftFormatException.MissingField("DictionaryPageHeader", "num_values", start);
        if (!hasEncoding) throw ThriftFormatException.MissingField("DictionaryPageHeader", "encoding", start);
        if (header.NumValues < 0) throw Invalid($"dictionary page has negative num_values {header.NumValues}", start);
        return header;
    }

    private static DataPageHeaderV2 DecodeDataPageHeaderV2(ref ThriftCompactReader reader)
    {
        int start = reader.Position;
        var header = new DataPageHeaderV2();
        int seen = 0; // bit (fieldId - 1) per required field 1..6
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when type == ThriftType.I32: header.NumValues = reader.ReadI32(); break;
                case 2 when type == ThriftType.I32: header.NumNulls = reader.ReadI32(); break;
                case 3 when type == ThriftType.I32: header.NumRows = reader.ReadI32(); break;
                case 4 when type == ThriftType.I32: header.Encoding = (Encoding)reader.ReadI32(); break;
                case 5 when type == ThriftType.I32: header.DefinitionLevelsByteLength = reader.ReadI32(); break;
                case 6 when type == ThriftType.I32: header.RepetitionLevelsByteLength = reader.ReadI32(); break;
                case 7 when ThriftCompactReader.IsBool(type): header.IsCompressed = reader.ReadBool(); break;
                case 8 when type == ThriftType.Struct: header.Statistics = StatisticsDecoder.Decode(ref reader); break;
                default:
                    reader.Skip(type);
                    continue;
            }
            if (fieldId <= 6) seen |= 1 << (fieldId - 1);
        }
        reader.EndStruct();

        for (int field = 1; field <= 6; field++)
        {
            if ((seen & (1 << (field - 1))) == 0)
                throw ThriftFormatException.MissingField("DataPageHeaderV2", V2FieldName(field), start);
        }
        if (header.NumValues < 0 || header.NumNulls < 0 || header.NumRows < 0)
            throw Invalid("data page v2 has a negative num_values, num_nulls or num_rows", start);
        if (header.NumNulls > header.NumValues)
            throw Invalid($"data page v2 has num_nulls {header.NumNulls} > num_values {header.NumValues}", start);
        if (header.DefinitionLevelsByteLength < 0 || header.RepetitionLevelsByteLength < 0)
            throw Invalid("data page v2 has a negative level byte length", start);
        return header;
    }

    private static string V2FieldName(int fieldId) => fieldId switch
    {
        1 => "num_values",
        2 => "num_nulls",
        3 => "num_rows",
        4 => "encoding",
        5 => "definition_levels_byte_length",
        _ => "repetition_levels_byte_length",
    };

    private static ThriftFormatException Invalid(string problem, int position = 0) =>
        ThriftFormatException.InvalidMetadata(problem, position);
}
