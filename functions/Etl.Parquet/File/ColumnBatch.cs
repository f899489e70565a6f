using Etl.Parquet.Encodings;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Parquet.File;

/// <summary>
/// One column chunk decoded: its levels and its non-null values in a typed array, reused between row groups
/// so steady-state reading allocates nothing. Exactly one value array is meaningful, chosen by the physical type.
/// </summary>
/// <remarks>
/// Level entry <c>i</c> holds a value when <c>DefinitionLevels[i] == MaxDefinitionLevel</c>; values are stored
/// densely (nulls take no slot), in level order. When the column has no definition (repetition) levels the
/// corresponding array is not filled and every entry is defined (a new record).
/// </remarks>
public sealed class ColumnBatch
{
    public ColumnBatch(ColumnDescriptor column)
    {
        Column = column;
        ByteArrays = column.PhysicalType == PhysicalType.ByteArray ? new ByteArrayBuffer() : null!;
    }

    public ColumnDescriptor Column { get; }

    /// <summary>Number of level entries (values plus nulls plus empty lists).</summary>
    public int LevelCount { get; internal set; }

    /// <summary>Number of non-null values.</summary>
    public int ValueCount { get; internal set; }

    public int[] DefinitionLevels { get; internal set; } = [];
    public int[] RepetitionLevels { get; internal set; } = [];

    public bool[] Booleans { get; internal set; } = [];
    public int[] Int32s { get; internal set; } = [];
    public long[] Int64s { get; internal set; } = [];
    public float[] Floats { get; internal set; } = [];
    public double[] Doubles { get; internal set; } = [];

    /// <summary>FIXED_LEN_BYTE_ARRAY and INT96 values, <see cref="FixedWidth"/> bytes each.</summary>
    public byte[] FixedBytes { get; internal set; } = [];

    /// <summary>BYTE_ARRAY values.</summary>
    public ByteArrayBuffer ByteArrays { get; }

    /// <summary>Bytes per value in <see cref="FixedBytes"/>: the type length, or 12 for INT96.</summary>
    public int FixedWidth => Column.PhysicalType == PhysicalType.Int96 ? 12 : Column.TypeLength;

    public ReadOnlySpan<byte> FixedValue(int index) => new(FixedBytes, index * FixedWidth, FixedWidth);

    /// <summary>
    /// Removes entries before the first record start: a chunk whose first repetition level is not 0 begins by
    /// continuing a record that does not exist (seen in the wild, e.g. apache/arrow#45185). They belong to no
    /// row, so they are dropped — what DuckDB and Arrow do too.
    /// </summary>
    internal void DropOrphanEntries()
    {
        if (LevelCount == 0 || RepetitionLevels[0] == 0) return;
        var first = RepetitionLevels.AsSpan(0, LevelCount).IndexOf(0);
        if (first < 0) first = LevelCount;
        var values = Column.MaxDefinitionLevel == 0 ? first : DefinitionLevels.AsSpan(0, first).Count(Column.MaxDefinitionLevel);
        RepetitionLevels.AsSpan(first, LevelCount - first).CopyTo(RepetitionLevels);
        if (Column.MaxDefinitionLevel > 0) DefinitionLevels.AsSpan(first, LevelCount - first).CopyTo(DefinitionLevels);
        LevelCount -= first;
        if (values > 0) DropLeadingValues(values);
        ValueCount -= values;
    }

    private void DropLeadingValues(int count)
    {
        var remaining = ValueCount - count;
        switch (Column.PhysicalType)
        {
            case PhysicalType.Boolean: Booleans.AsSpan(count, remaining).CopyTo(Booleans); break;
            case PhysicalType.Int32: Int32s.AsSpan(count, remaining).CopyTo(Int32s); break;
            case PhysicalType.Int64: Int64s.AsSpan(count, remaining).CopyTo(Int64s); break;
            case PhysicalType.Float: Floats.AsSpan(count, remaining).CopyTo(Floats); break;
            case PhysicalType.Double: Doubles.AsSpan(count, remaining).CopyTo(Doubles); break;
            case PhysicalType.ByteArray:
                var kept = new ByteArrayBuffer(remaining, ByteArrays.ByteLength);
                for (var i = count; i < ValueCount; i++) kept.Add(ByteArrays[i]);
                ByteArrays.Clear();
                for (var i = 0; i < remaining; i++) ByteArrays.Add(kept[i]);
                break;
            default:
                FixedBytes.AsSpan(count * FixedWidth, remaining * FixedWidth).CopyTo(FixedBytes);
                break;
        }
    }

    internal void Reset()
    {
        LevelCount = 0;
        ValueCount = 0;
        ByteArrays?.Clear();
    }

    /// <summary>Grows the level arrays to hold <paramref name="extra"/> more entries.</summary>
    internal void ReserveLevels(int extra)
    {
        var need = LevelCount + extra;
        if (Column.MaxDefinitionLevel > 0 && DefinitionLevels.Length < need) DefinitionLevels = Grow(DefinitionLevels, need);
        if (Column.MaxRepetitionLevel > 0 && RepetitionLevels.Length < need) RepetitionLevels = Grow(RepetitionLevels, need);
    }

    /// <summary>Grows the typed value array to hold <paramref name="extra"/> more values.</summary>
    internal void ReserveValues(int extra)
    {
        var need = ValueCount + extra;
        switch (Column.PhysicalType)
        {
            case PhysicalType.Boolean: if (Booleans.Length < need) Booleans = Grow(Booleans, need); break;
            case PhysicalType.Int32: if (Int32s.Length < need) Int32s = Grow(Int32s, need); break;
            case PhysicalType.Int64: if (Int64s.Length < need) Int64s = Grow(Int64s, need); break;
            case PhysicalType.Float: if (Floats.Length < need) Floats = Grow(Floats, need); break;
            case PhysicalType.Double: if (Doubles.Length < need) Doubles = Grow(Doubles, need); break;
            case PhysicalType.Int96:
            case PhysicalType.FixedLenByteArray:
                var bytes = (long)need * FixedWidth;
                if (bytes > Array.MaxLength) throw new ParquetFormatException($"column chunk holds more than {Array.MaxLength} bytes of fixed-width values");
                if (FixedBytes.Length < bytes) FixedBytes = Grow(FixedBytes, (int)bytes);
                break;
            default:
                break;
        }
    }

    private static T[] Grow<T>(T[] array, int need)
    {
        var size = Math.Max(need, (int)Math.Min(Array.MaxLength, array.Length * 2L));
        var grown = new T[size];
        array.CopyTo(grown, 0);
        return grown;
    }
}
