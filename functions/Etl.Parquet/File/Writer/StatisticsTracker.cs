using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Parquet.File.Writer;

/// <summary>How min/max are ordered for a column (parquet.thrift ColumnOrder TYPE_ORDER), or that they are not kept.</summary>
internal enum StatisticsOrder
{
    /// <summary>No min/max: INT96, INTERVAL and types whose order the format leaves undefined.</summary>
    None,
    Boolean,
    Signed,
    Unsigned,
    /// <summary>IEEE order ignoring NaN (FLOAT, DOUBLE).</summary>
    FloatingPoint,
    /// <summary>FLOAT16 in a 2-byte little-endian FIXED_LEN_BYTE_ARRAY, ordered as a number, NaN ignored.</summary>
    Float16,
    /// <summary>Lexicographic unsigned bytes (strings, binary, UUID, fixed).</summary>
    Bytes,
    /// <summary>Big-endian two's complement integers of any length (DECIMAL on BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY).</summary>
    SignedBytes,
}

/// <summary>
/// Min, max and null count of the pages of one column chunk and of the chunk as a whole. Min and max are kept as
/// value indices into the batch being written, so nothing is copied until a page's statistics are encoded.
/// </summary>
internal sealed class StatisticsTracker
{
    /// <summary>BYTE_ARRAY min/max longer than this are truncated (is_min/max_value_exact = false).</summary>
    internal const int MaxValueLength = 64;

    private readonly ColumnDescriptor _column;
    private readonly bool _utf8;
    private long _nulls;
    private int _min = -1;
    private int _max = -1;

    public StatisticsTracker(ColumnDescriptor column)
    {
        _column = column;
        Order = OrderOf(column);
        _utf8 = column.Kind is ValueKind.String or ValueKind.Json;
    }

    public StatisticsOrder Order { get; }

    public static StatisticsOrder OrderOf(ColumnDescriptor column)
    {
        var logical = column.Node.Element.LogicalType?.Kind;
        if (logical is LogicalTypeKind.Variant or LogicalTypeKind.Geometry or LogicalTypeKind.Geography) return StatisticsOrder.None;
        return column.PhysicalType switch
        {
            PhysicalType.Boolean => StatisticsOrder.Boolean,
            PhysicalType.Int32 or PhysicalType.Int64 => column.Kind is ValueKind.UInt32 or ValueKind.UInt64 ? StatisticsOrder.Unsigned : StatisticsOrder.Signed,
            PhysicalType.Float or PhysicalType.Double => StatisticsOrder.FloatingPoint,
            PhysicalType.Int96 => StatisticsOrder.None,
            PhysicalType.ByteArray => column.Kind == ValueKind.Decimal ? StatisticsOrder.SignedBytes : StatisticsOrder.Bytes,
            _ => column.Kind switch
            {
                ValueKind.Decimal => StatisticsOrder.SignedBytes,
                ValueKind.Float16 => StatisticsOrder.Float16,
                ValueKind.Interval => StatisticsOrder.None,
                _ => StatisticsOrder.Bytes,
            },
        };
    }

    public void Reset()
    {
        _nulls = 0;
        _min = -1;
        _max = -1;
    }

    /// <summary>Statistics of the page holding values <paramref name="start"/>..<paramref name="end"/>-1 and <paramref name="nulls"/> nulls; folds them into the chunk's.</summary>
    public Statistics Page(ColumnBatch batch, int start, int end, long nulls)
    {
        _nulls += nulls;
        var statistics = new Statistics { NullCount = nulls };
        if (Order == StatisticsOrder.None || end <= start) return statistics;
        if (!FindMinMax(batch, start, end, out var min, out var max)) return statistics;
        Fill(statistics, batch, min, max);
        if (_min < 0 || Compare(batch, min, _min) < 0) _min = min;
        if (_max < 0 || Compare(batch, max, _max) > 0) _max = max;
        return statistics;
    }

    /// <summary>
    /// Like <see cref="Page"/> for a dictionary-encoded page: min and max are looked for only among
    /// <paramref name="candidates"/>, one value index per distinct dictionary entry the page uses.
    /// </summary>
    public Statistics PageOfCandidates(ColumnBatch batch, ReadOnlySpan<int> candidates, long nulls)
    {
        _nulls += nulls;
        var statistics = new Statistics { NullCount = nulls };
        if (Order == StatisticsOrder.None || candidates.IsEmpty) return statistics;
        int min = -1, max = -1;
        foreach (int i in candidates)
        {
            if (Order == StatisticsOrder.Float16 && Half.IsNaN(ReadHalf(batch.FixedValue(i)))) continue;
            if (_column.PhysicalType is PhysicalType.Float or PhysicalType.Double && IsNaN(batch, i)) continue;
            if (min < 0)
            {
                min = max = i;
                continue;
            }
            if (Compare(batch, i, min) < 0) min = i;
            else if (Compare(batch, i, max) > 0) max = i;
        }
        if (min < 0) return statistics;
        Fill(statistics, batch, min, max);
        if (_min < 0 || Compare(batch, min, _min) < 0) _min = min;
        if (_max < 0 || Compare(batch, max, _max) > 0) _max = max;
        return statistics;
    }

    private static bool IsNaN(ColumnBatch batch, int i) =>
        batch.Column.PhysicalType == PhysicalType.Float ? float.IsNaN(batch.Floats[i]) : double.IsNaN(batch.Doubles[i]);

    /// <summary>Statistics of the whole chunk (after its pages went through <see cref="Page"/>).</summary>
    public Statistics Chunk(ColumnBatch batch)
    {
        var statistics = new Statistics { NullCount = _nulls };
        if (_min >= 0) Fill(statistics, batch, _min, _max);
        return statistics;
    }

    private void Fill(Statistics statistics, ColumnBatch batch, int min, int max)
    {
        statistics.MinValue = Encode(batch, min, isMax: false, out var minExact);
        statistics.MaxValue = Encode(batch, max, isMax: true, out var maxExact);
        statistics.IsMinValueExact = minExact;
        statistics.IsMaxValueExact = maxExact;
    }

    // ----- finding min and max -----

    private bool FindMinMax(ColumnBatch batch, int start, int end, out int min, out int max)
    {
        int count = end - start;
        switch (_column.PhysicalType)
        {
            case PhysicalType.Boolean:
                var booleans = batch.Booleans.AsSpan(start, count);
                int firstFalse = booleans.IndexOf(false), firstTrue = booleans.IndexOf(true);
                min = start + (firstFalse >= 0 ? firstFalse : firstTrue);
                max = start + (firstTrue >= 0 ? firstTrue : firstFalse);
                return true;
            case PhysicalType.Int32:
                if (Order == StatisticsOrder.Unsigned) MinMax(MemoryMarshal.Cast<int, uint>(batch.Int32s.AsSpan(start, count)), out min, out max);
                else MinMax(batch.Int32s.AsSpan(start, count), out min, out max);
                break;
            case PhysicalType.Int64:
                if (Order == StatisticsOrder.Unsigned) MinMax(MemoryMarshal.Cast<long, ulong>(batch.Int64s.AsSpan(start, count)), out min, out max);
                else MinMax(batch.Int64s.AsSpan(start, count), out min, out max);
                break;
            case PhysicalType.Float:
                if (!MinMaxFloat(batch.Floats.AsSpan(start, count), out min, out max)) return false;
                break;
            case PhysicalType.Double:
                if (!MinMaxFloat(batch.Doubles.AsSpan(start, count), out min, out max)) return false;
                break;
            default:
                return MinMaxBytes(batch, start, end, out min, out max);
        }
        min += start;
        max += start;
        return true;
    }

    private static void MinMax<T>(ReadOnlySpan<T> values, out int minIndex, out int maxIndex) where T : struct, IComparable<T>
    {
        T min = values[0], max = values[0];
        int minAt = 0, maxAt = 0;
        for (int i = 1; i < values.Length; i++)
        {
            T v = values[i];
            if (v.CompareTo(min) < 0)
            {
                min = v;
                minAt = i;
            }
            else if (v.CompareTo(max) > 0)
            {
                max = v;
                maxAt = i;
            }
        }
        minIndex = minAt;
        maxIndex = maxAt;
    }

    private static bool MinMaxFloat<T>(ReadOnlySpan<T> values, out int minIndex, out int maxIndex) where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        minIndex = maxIndex = -1;
        int i = 0;
        while (i < values.Length && T.IsNaN(values[i])) i++;
        if (i == values.Length) return false;
        T min = values[i], max = values[i];
        int minAt = i, maxAt = i;
        for (i++; i < values.Length; i++)
        {
            T v = values[i];
            // NaN compares false both ways and is skipped.
            if (v < min)
            {
                min = v;
                minAt = i;
            }
            else if (v > max)
            {
                max = v;
                maxAt = i;
            }
        }
        minIndex = minAt;
        maxIndex = maxAt;
        return true;
    }

    private bool MinMaxBytes(ColumnBatch batch, int start, int end, out int min, out int max)
    {
        if (_column.PhysicalType == PhysicalType.ByteArray && Order == StatisticsOrder.Bytes)
        {
            // The common case (strings, binary) without per-value dispatch or bounds-checked indexers.
            byte[] data = batch.ByteArrays.Data;
            int[] offsets = batch.ByteArrays.Offsets;
            int minAt = start, maxAt = start;
            var minValue = new ReadOnlySpan<byte>(data, offsets[start], offsets[start + 1] - offsets[start]);
            var maxValue = minValue;
            for (int i = start + 1; i < end; i++)
            {
                var value = new ReadOnlySpan<byte>(data, offsets[i], offsets[i + 1] - offsets[i]);
                if (value.SequenceCompareTo(minValue) < 0)
                {
                    minValue = value;
                    minAt = i;
                }
                else if (value.SequenceCompareTo(maxValue) > 0)
                {
                    maxValue = value;
                    maxAt = i;
                }
            }
            min = minAt;
            max = maxAt;
            return true;
        }
        min = max = -1;
        for (int i = start; i < end; i++)
        {
            if (Order == StatisticsOrder.Float16 && Half.IsNaN(ReadHalf(batch.FixedValue(i)))) continue;
            if (min < 0)
            {
                min = max = i;
                continue;
            }
            if (Compare(batch, i, min) < 0) min = i;
            else if (Compare(batch, i, max) > 0) max = i;
        }
        return min >= 0;
    }

    private int Compare(ColumnBatch batch, int a, int b)
    {
        switch (_column.PhysicalType)
        {
            case PhysicalType.Boolean: return batch.Booleans[a].CompareTo(batch.Booleans[b]);
            case PhysicalType.Int32:
                return Order == StatisticsOrder.Unsigned ? ((uint)batch.Int32s[a]).CompareTo((uint)batch.Int32s[b]) : batch.Int32s[a].CompareTo(batch.Int32s[b]);
            case PhysicalType.Int64:
                return Order == StatisticsOrder.Unsigned ? ((ulong)batch.Int64s[a]).CompareTo((ulong)batch.Int64s[b]) : batch.Int64s[a].CompareTo(batch.Int64s[b]);
            case PhysicalType.Float: return batch.Floats[a].CompareTo(batch.Floats[b]);
            case PhysicalType.Double: return batch.Doubles[a].CompareTo(batch.Doubles[b]);
            case PhysicalType.ByteArray:
                return CompareBytes(batch.ByteArrays[a], batch.ByteArrays[b]);
            default:
                if (Order == StatisticsOrder.Float16) return ReadHalf(batch.FixedValue(a)).CompareTo(ReadHalf(batch.FixedValue(b)));
                return CompareBytes(batch.FixedValue(a), batch.FixedValue(b));
        }
    }

    private int CompareBytes(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        Order == StatisticsOrder.SignedBytes ? CompareSignedBigEndian(a, b) : a.SequenceCompareTo(b);

    /// <summary>Compares two big-endian two's complement integers of any lengths (empty = 0).</summary>
    internal static int CompareSignedBigEndian(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        bool aNegative = !a.IsEmpty && a[0] >= 0x80;
        bool bNegative = !b.IsEmpty && b[0] >= 0x80;
        if (aNegative != bNegative) return aNegative ? -1 : 1;
        int length = Math.Max(a.Length, b.Length);
        byte pad = aNegative ? (byte)0xFF : (byte)0;
        int aSkip = length - a.Length, bSkip = length - b.Length;
        for (int i = 0; i < length; i++)
        {
            byte x = i < aSkip ? pad : a[i - aSkip];
            byte y = i < bSkip ? pad : b[i - bSkip];
            if (x != y) return x < y ? -1 : 1;
        }
        return 0;
    }

    private static Half ReadHalf(ReadOnlySpan<byte> value) => BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(value));

    // ----- encoding min and max -----

    private byte[] Encode(ColumnBatch batch, int index, bool isMax, out bool exact)
    {
        exact = true;
        switch (_column.PhysicalType)
        {
            case PhysicalType.Boolean:
                return [batch.Booleans[index] ? (byte)1 : (byte)0];
            case PhysicalType.Int32:
                var int32 = new byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(int32, batch.Int32s[index]);
                return int32;
            case PhysicalType.Int64:
                var int64 = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(int64, batch.Int64s[index]);
                return int64;
            case PhysicalType.Float:
                // The format asks for -0.0 as a zero min and +0.0 as a zero max, whichever zero the data held.
                var f = batch.Floats[index];
                if (f == 0) f = isMax ? 0f : -0f;
                var single = new byte[4];
                BinaryPrimitives.WriteSingleLittleEndian(single, f);
                return single;
            case PhysicalType.Double:
                var d = batch.Doubles[index];
                if (d == 0) d = isMax ? 0d : -0d;
                var @double = new byte[8];
                BinaryPrimitives.WriteDoubleLittleEndian(@double, d);
                return @double;
            case PhysicalType.ByteArray:
                var bytes = batch.ByteArrays[index];
                if (bytes.Length <= MaxValueLength || Order != StatisticsOrder.Bytes) return bytes.ToArray();
                return Truncate(bytes, isMax, out exact);
            default:
                var fixedValue = batch.FixedValue(index).ToArray();
                if (Order == StatisticsOrder.Float16 && (float)ReadHalf(fixedValue) == 0f)
                    BinaryPrimitives.WriteUInt16LittleEndian(fixedValue, isMax ? (ushort)0x0000 : (ushort)0x8000);
                return fixedValue;
        }
    }

    /// <summary>
    /// A bound of at most <see cref="MaxValueLength"/> bytes for a longer value: for min its prefix, for max a
    /// prefix with its last byte incremented (so it still sorts after every value with that prefix). Text stays
    /// valid UTF-8: it is cut at a character boundary and only an ASCII byte is incremented. When no bound can
    /// be made the whole value is kept.
    /// </summary>
    private byte[] Truncate(ReadOnlySpan<byte> value, bool isMax, out bool exact)
    {
        int cut = MaxValueLength;
        if (_utf8)
        {
            while (cut > 0 && (value[cut] & 0xC0) == 0x80) cut--;
        }
        if (cut == 0)
        {
            exact = true;
            return value.ToArray();
        }
        exact = false;
        if (!isMax) return value[..cut].ToArray();
        for (int j = cut - 1; j >= 0; j--)
        {
            byte b = value[j];
            bool incrementable = _utf8 ? b < 0x7F : b < 0xFF;
            if (!incrementable) continue;
            var bound = value[..(j + 1)].ToArray();
            bound[j]++;
            return bound;
        }
        exact = true;
        return value.ToArray();
    }
}
