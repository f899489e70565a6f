using Etl.Parquet.Meta;

namespace Etl.Parquet.File;

/// <summary>Materializes dictionary indices into values, checking every index against the dictionary's size.</summary>
internal static class DictionaryGather
{
    public static void Gather(ColumnBatch dictionary, ReadOnlySpan<int> indices, ColumnBatch batch)
    {
        var size = (uint)dictionary.ValueCount;
        var count = indices.Length;
        var start = batch.ValueCount;
        batch.ReserveValues(count);
        switch (batch.Column.PhysicalType)
        {
            case PhysicalType.Boolean: Copy(dictionary.Booleans, indices, batch.Booleans.AsSpan(start, count), size); break;
            case PhysicalType.Int32: Copy(dictionary.Int32s, indices, batch.Int32s.AsSpan(start, count), size); break;
            case PhysicalType.Int64: Copy(dictionary.Int64s, indices, batch.Int64s.AsSpan(start, count), size); break;
            case PhysicalType.Float: Copy(dictionary.Floats, indices, batch.Floats.AsSpan(start, count), size); break;
            case PhysicalType.Double: Copy(dictionary.Doubles, indices, batch.Doubles.AsSpan(start, count), size); break;
            case PhysicalType.Int96:
            case PhysicalType.FixedLenByteArray:
                var width = batch.FixedWidth;
                var destination = batch.FixedBytes.AsSpan(start * width, count * width);
                for (var i = 0; i < count; i++)
                {
                    var index = indices[i];
                    if ((uint)index >= size) throw OutOfRange(index, size);
                    dictionary.FixedBytes.AsSpan(index * width, width).CopyTo(destination.Slice(i * width, width));
                }
                break;
            case PhysicalType.ByteArray:
                var values = dictionary.ByteArrays;
                var target = batch.ByteArrays;
                long bytes = 0;
                for (var i = 0; i < count; i++)
                {
                    var index = indices[i];
                    if ((uint)index >= size) throw OutOfRange(index, size);
                    bytes += values.Offsets[index + 1] - values.Offsets[index];
                }
                target.Reserve(count, bytes);
                for (var i = 0; i < count; i++) target.Add(values[indices[i]]);
                break;
            default:
                throw new ParquetFormatException($"unknown physical type {batch.Column.PhysicalType}");
        }
    }

    private static void Copy<T>(T[] dictionary, ReadOnlySpan<int> indices, Span<T> destination, uint size)
    {
        for (var i = 0; i < indices.Length; i++)
        {
            var index = indices[i];
            if ((uint)index >= size) throw OutOfRange(index, size);
            destination[i] = dictionary[index];
        }
    }

    private static ParquetFormatException OutOfRange(int index, uint size) =>
        new($"dictionary index {index} is out of range: the dictionary holds {size} values");
}
