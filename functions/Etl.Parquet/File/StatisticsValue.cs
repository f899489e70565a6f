using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Parquet.File;

/// <summary>Turns a statistics min/max (the value's plain bytes, without a length prefix) into a one-value batch.</summary>
public static class StatisticsValue
{
    /// <summary>Returns null when the bytes cannot be a value of the column (wrong width, truncated statistics).</summary>
    public static ColumnBatch? ToBatch(ColumnDescriptor column, ReadOnlySpan<byte> value)
    {
        var batch = new ColumnBatch(column);
        switch (column.PhysicalType)
        {
            case PhysicalType.Boolean:
                if (value.Length < 1) return null;
                batch.ReserveValues(1);
                batch.Booleans[0] = value[0] != 0;
                break;
            case PhysicalType.ByteArray:
                batch.ByteArrays.Add(value);
                break;
            default:
                var width = column.PhysicalType switch
                {
                    PhysicalType.Int32 or PhysicalType.Float => 4,
                    PhysicalType.Int64 or PhysicalType.Double => 8,
                    _ => batch.FixedWidth,
                };
                if (value.Length != width) return null;
                PlainValueDecoder.Decode(column, value, 1, batch);
                break;
        }
        batch.ValueCount = 1;
        batch.LevelCount = 1;
        return batch;
    }
}
