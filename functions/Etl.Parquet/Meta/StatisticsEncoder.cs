namespace Etl.Parquet.Meta;

/// <summary>Encodes parquet.thrift <c>Statistics</c>, shared by column chunks and page headers.</summary>
internal static class StatisticsEncoder
{
    public static void EncodeField(ThriftCompactWriter writer, short fieldId, Statistics statistics)
    {
        writer.BeginStructField(fieldId);
        if (statistics.Max is { } max) writer.WriteBinaryField(1, max);
        if (statistics.Min is { } min) writer.WriteBinaryField(2, min);
        if (statistics.NullCount is { } nullCount) writer.WriteI64Field(3, nullCount);
        if (statistics.DistinctCount is { } distinctCount) writer.WriteI64Field(4, distinctCount);
        if (statistics.MaxValue is { } maxValue) writer.WriteBinaryField(5, maxValue);
        if (statistics.MinValue is { } minValue) writer.WriteBinaryField(6, minValue);
        if (statistics.IsMaxValueExact is { } maxExact) writer.WriteBoolField(7, maxExact);
        if (statistics.IsMinValueExact is { } minExact) writer.WriteBoolField(8, minExact);
        if (statistics.NanCount is { } nanCount) writer.WriteI64Field(9, nanCount);
        writer.EndStruct();
    }
}
