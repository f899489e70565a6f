using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Etl.Parquet.Encodings;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Parquet.File;

/// <summary>Values in the non-PLAIN, non-dictionary encodings: RLE booleans, DELTA_*, BYTE_STREAM_SPLIT.</summary>
internal static class EncodedValueDecoder
{
    public static void Decode(ColumnDescriptor column, Encoding encoding, ReadOnlySpan<byte> data, int count, ColumnBatch batch)
    {
        var type = column.PhysicalType;
        var start = batch.ValueCount;
        switch (encoding)
        {
            case Encoding.Rle when type == PhysicalType.Boolean:
                DecodeRleBooleans(data, count, batch);
                return;
            case Encoding.DeltaBinaryPacked when type == PhysicalType.Int32:
                batch.ReserveValues(count);
                DeltaBinaryPackedDecoder.DecodeInt32(data, batch.Int32s.AsSpan(start, count));
                return;
            case Encoding.DeltaBinaryPacked when type == PhysicalType.Int64:
                batch.ReserveValues(count);
                DeltaBinaryPackedDecoder.DecodeInt64(data, batch.Int64s.AsSpan(start, count));
                return;
            case Encoding.DeltaLengthByteArray when type == PhysicalType.ByteArray:
                DeltaLengthByteArrayDecoder.Decode(data, count, batch.ByteArrays);
                return;
            case Encoding.DeltaByteArray when type == PhysicalType.ByteArray:
                DeltaByteArrayDecoder.Decode(data, count, batch.ByteArrays);
                return;
            case Encoding.DeltaByteArray when type == PhysicalType.FixedLenByteArray:
                DecodeDeltaFixed(data, count, batch);
                return;
            case Encoding.ByteStreamSplit when type is PhysicalType.Float or PhysicalType.Int32:
                batch.ReserveValues(count);
                ByteStreamSplitDecoder.Decode(data, count, 4, type == PhysicalType.Float
                    ? MemoryMarshal.AsBytes(batch.Floats.AsSpan(start, count))
                    : MemoryMarshal.AsBytes(batch.Int32s.AsSpan(start, count)));
                return;
            case Encoding.ByteStreamSplit when type is PhysicalType.Double or PhysicalType.Int64:
                batch.ReserveValues(count);
                ByteStreamSplitDecoder.Decode(data, count, 8, type == PhysicalType.Double
                    ? MemoryMarshal.AsBytes(batch.Doubles.AsSpan(start, count))
                    : MemoryMarshal.AsBytes(batch.Int64s.AsSpan(start, count)));
                return;
            case Encoding.ByteStreamSplit when type == PhysicalType.FixedLenByteArray:
                var width = batch.FixedWidth;
                batch.ReserveValues(count);
                ByteStreamSplitDecoder.Decode(data, count, width, batch.FixedBytes.AsSpan(start * width, count * width));
                return;
            default:
                throw new ParquetFormatException($"encoding {encoding} is not defined for {type} values");
        }
    }

    private static void DecodeRleBooleans(ReadOnlySpan<byte> data, int count, ColumnBatch batch)
    {
        if (data.Length < 4) throw new ParquetFormatException("RLE booleans lack their 4-byte length prefix");
        var length = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (length < 0 || length > data.Length - 4)
            throw new ParquetFormatException($"RLE booleans declare {length} bytes but the page has {data.Length - 4} left");
        var bits = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var span = bits.AsSpan(0, count);
            RleBitPackedHybridDecoder.Decode(data.Slice(4, length), 1, span);
            batch.ReserveValues(count);
            var destination = batch.Booleans.AsSpan(batch.ValueCount, count);
            for (var i = 0; i < span.Length; i++) destination[i] = span[i] != 0;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(bits);
        }
    }

    private static void DecodeDeltaFixed(ReadOnlySpan<byte> data, int count, ColumnBatch batch)
    {
        var scratch = new ByteArrayBuffer(count, (long)count * batch.FixedWidth > int.MaxValue ? 4096 : count * batch.FixedWidth);
        DeltaByteArrayDecoder.Decode(data, count, scratch);
        var width = batch.FixedWidth;
        batch.ReserveValues(count);
        var destination = batch.FixedBytes.AsSpan(batch.ValueCount * width, count * width);
        for (var i = 0; i < count; i++)
        {
            var value = scratch[i];
            if (value.Length != width)
                throw new ParquetFormatException($"a DELTA_BYTE_ARRAY value holds {value.Length} bytes in a FIXED_LEN_BYTE_ARRAY({width}) column");
            value.CopyTo(destination.Slice(i * width, width));
        }
    }
}
