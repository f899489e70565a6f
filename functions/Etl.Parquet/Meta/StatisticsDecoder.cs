namespace Etl.Parquet.Meta;

/// <summary>Decodes parquet.thrift <c>Statistics</c>, shared by column chunks and page headers.</summary>
internal static class StatisticsDecoder
{
    public static Statistics Decode(ref ThriftCompactReader reader)
    {
        var statistics = new Statistics();
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short fieldId, out ThriftType type))
        {
            switch (fieldId)
            {
                case 1 when type == ThriftType.Binary: statistics.Max = reader.ReadBinaryToArray(); break;
                case 2 when type == ThriftType.Binary: statistics.Min = reader.ReadBinaryToArray(); break;
                case 3 when type == ThriftType.I64: statistics.NullCount = reader.ReadI64(); break;
                case 4 when type == ThriftType.I64: statistics.DistinctCount = reader.ReadI64(); break;
                case 5 when type == ThriftType.Binary: statistics.MaxValue = reader.ReadBinaryToArray(); break;
                case 6 when type == ThriftType.Binary: statistics.MinValue = reader.ReadBinaryToArray(); break;
                case 7 when ThriftCompactReader.IsBool(type): statistics.IsMaxValueExact = reader.ReadBool(); break;
                case 8 when ThriftCompactReader.IsBool(type): statistics.IsMinValueExact = reader.ReadBool(); break;
                case 9 when type == ThriftType.I64: statistics.NanCount = reader.ReadI64(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return statistics;
    }
}
