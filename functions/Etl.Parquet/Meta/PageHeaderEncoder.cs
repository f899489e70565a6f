using System.Buffers;

namespace Etl.Parquet.Meta;

/// <summary>Encodes the Thrift compact page header written in front of every page (parquet.thrift <c>PageHeader</c>).</summary>
public static class PageHeaderEncoder
{
    /// <summary>Appends the encoded <paramref name="header"/> to <paramref name="output"/>.</summary>
    public static void Encode(PageHeader header, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(header);
        var writer = new ThriftCompactWriter(output);
        writer.BeginStruct();
        writer.WriteI32Field(1, (int)header.Type);
        writer.WriteI32Field(2, header.UncompressedPageSize);
        writer.WriteI32Field(3, header.CompressedPageSize);
        if (header.Crc is { } crc) writer.WriteI32Field(4, crc);
        if (header.DataPageHeader is { } data)
        {
            writer.BeginStructField(5);
            writer.WriteI32Field(1, data.NumValues);
            writer.WriteI32Field(2, (int)data.Encoding);
            writer.WriteI32Field(3, (int)data.DefinitionLevelEncoding);
            writer.WriteI32Field(4, (int)data.RepetitionLevelEncoding);
            if (data.Statistics is { } statistics) StatisticsEncoder.EncodeField(writer, 5, statistics);
            writer.EndStruct();
        }
        if (header.DictionaryPageHeader is { } dictionary)
        {
            writer.BeginStructField(7);
            writer.WriteI32Field(1, dictionary.NumValues);
            writer.WriteI32Field(2, (int)dictionary.Encoding);
            if (dictionary.IsSorted is { } sorted) writer.WriteBoolField(3, sorted);
            writer.EndStruct();
        }
        if (header.DataPageHeaderV2 is { } v2)
        {
            writer.BeginStructField(8);
            writer.WriteI32Field(1, v2.NumValues);
            writer.WriteI32Field(2, v2.NumNulls);
            writer.WriteI32Field(3, v2.NumRows);
            writer.WriteI32Field(4, (int)v2.Encoding);
            writer.WriteI32Field(5, v2.DefinitionLevelsByteLength);
            writer.WriteI32Field(6, v2.RepetitionLevelsByteLength);
            writer.WriteBoolField(7, v2.IsCompressed);
            if (v2.Statistics is { } statistics) StatisticsEncoder.EncodeField(writer, 8, statistics);
            writer.EndStruct();
        }
        writer.EndStruct();
    }
}
