using System.Runtime.InteropServices;
using Etl.Parquet.Encodings;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Parquet.File;

/// <summary>PLAIN values of any physical type, appended to a batch's typed array.</summary>
internal static class PlainValueDecoder
{
    public static void Decode(ColumnDescriptor column, ReadOnlySpan<byte> data, int count, ColumnBatch batch)
    {
        if (count < 0) throw new ParquetFormatException($"negative value count {count}");
        var start = batch.ValueCount;
        switch (column.PhysicalType)
        {
            case PhysicalType.Boolean:
                if (data.Length < (count + 7L) / 8) throw Short(count, "BOOLEAN", data.Length);
                batch.ReserveValues(count);
                PlainBooleanDecoder.Decode(data, batch.Booleans.AsSpan(start, count));
                break;
            case PhysicalType.Int32:
                batch.ReserveValues(CheckFixed(data, count, 4, "INT32"));
                MemoryMarshal.Cast<byte, int>(data[..(count * 4)]).CopyTo(batch.Int32s.AsSpan(start));
                break;
            case PhysicalType.Int64:
                batch.ReserveValues(CheckFixed(data, count, 8, "INT64"));
                MemoryMarshal.Cast<byte, long>(data[..(count * 8)]).CopyTo(batch.Int64s.AsSpan(start));
                break;
            case PhysicalType.Float:
                batch.ReserveValues(CheckFixed(data, count, 4, "FLOAT"));
                MemoryMarshal.Cast<byte, float>(data[..(count * 4)]).CopyTo(batch.Floats.AsSpan(start));
                break;
            case PhysicalType.Double:
                batch.ReserveValues(CheckFixed(data, count, 8, "DOUBLE"));
                MemoryMarshal.Cast<byte, double>(data[..(count * 8)]).CopyTo(batch.Doubles.AsSpan(start));
                break;
            case PhysicalType.Int96:
            case PhysicalType.FixedLenByteArray:
                var width = batch.FixedWidth;
                batch.ReserveValues(CheckFixed(data, count, width, column.PhysicalType == PhysicalType.Int96 ? "INT96" : "FIXED_LEN_BYTE_ARRAY"));
                data[..(count * width)].CopyTo(batch.FixedBytes.AsSpan(start * width));
                break;
            case PhysicalType.ByteArray:
                PlainByteArrayDecoder.Decode(data, count, batch.ByteArrays);
                break;
            default:
                throw new ParquetFormatException($"unknown physical type {column.PhysicalType}");
        }
    }

    private static int CheckFixed(ReadOnlySpan<byte> data, int count, int width, string type)
    {
        if ((long)count * width > data.Length) throw Short(count, type, data.Length);
        return count;
    }

    private static ParquetFormatException Short(int count, string type, int available) =>
        new($"the page should hold {count} PLAIN {type} values but has only {available} bytes");
}
