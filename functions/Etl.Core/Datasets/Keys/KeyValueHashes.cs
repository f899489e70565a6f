using System.Buffers.Binary;
using Etl.Core.Profile;
using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Core.Datasets.Keys;

/// <summary>
/// 64-bit hashes of a key column's non-null values, so the same value hashes alike in columns stored differently: an
/// integer or a decimal's unscaled value (INT32, INT64, or big-endian bytes that fit 64 bits) as the 64-bit integer,
/// text (and a decimal too wide for 64 bits) as its bytes.
/// </summary>
internal static class KeyValueHashes
{
    /// <summary>Hashes the batch's values into <paramref name="hashes"/> (at least <see cref="ColumnBatch.ValueCount"/> long).</summary>
    public static void Of(ColumnBatch batch, Span<ulong> hashes)
    {
        var count = batch.ValueCount;
        switch (batch.Column.PhysicalType)
        {
            case PhysicalType.Int32:
                var ints = batch.Int32s.AsSpan(0, count);
                for (var i = 0; i < ints.Length; i++) hashes[i] = OfInteger(ints[i]);
                break;
            case PhysicalType.Int64:
                var longs = batch.Int64s.AsSpan(0, count);
                for (var i = 0; i < longs.Length; i++) hashes[i] = OfInteger(longs[i]);
                break;
            case PhysicalType.ByteArray:
                var bytes = batch.ByteArrays;
                var data = bytes.Data;
                var offsets = bytes.Offsets;
                var isDecimal = batch.Column.Kind == Parquet.Schema.ValueKind.Decimal;
                for (var i = 0; i < count; i++)
                {
                    var value = new ReadOnlySpan<byte>(data, offsets[i], offsets[i + 1] - offsets[i]);
                    hashes[i] = isDecimal ? OfDecimalBytes(value) : DistinctSketch.Hash(value);
                }
                break;
            case PhysicalType.FixedLenByteArray:
                for (var i = 0; i < count; i++) hashes[i] = OfDecimalBytes(batch.FixedValue(i));
                break;
            default:
                throw new InvalidOperationException($"column '{batch.Column.DottedPath}' is {batch.Column.PhysicalType}, not a key type");
        }
    }

    private static ulong OfInteger(long value) => DistinctSketch.Mix(unchecked((ulong)value));

    /// <summary>A big-endian two's complement unscaled value: as an integer when it fits 64 bits, else its minimal bytes.</summary>
    private static ulong OfDecimalBytes(ReadOnlySpan<byte> value)
    {
        // Bytes that only repeat the sign carry nothing: 00 00 7F and 7F are the same number.
        while (value.Length > 1 && ((value[0] == 0x00 && value[1] < 0x80) || (value[0] == 0xFF && value[1] >= 0x80))) value = value[1..];
        if (value.Length > 8) return DistinctSketch.Hash(value);
        if (value.IsEmpty) return OfInteger(0);
        Span<byte> wide = stackalloc byte[8];
        wide.Fill(value[0] >= 0x80 ? (byte)0xFF : (byte)0x00);
        value.CopyTo(wide[(8 - value.Length)..]);
        return OfInteger(BinaryPrimitives.ReadInt64BigEndian(wide));
    }
}
