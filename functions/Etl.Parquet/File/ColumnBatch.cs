using System.Runtime.CompilerServices;
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

    private DecodeBudget? _budget;
    private long _charged;

    /// <summary>
    /// While a reader fills the batch: the row group's budget, charged with the arrays the batch holds and with every
    /// growth of them (null when the batch is filled by other code, e.g. a writer's caller).
    /// </summary>
    internal DecodeBudget? Budget
    {
        get => _budget;
        set
        {
            _budget = value;
            if (ByteArrays is not null) ByteArrays.Budget = value;
        }
    }

    /// <summary>Bytes charged to <see cref="Budget"/> since <see cref="ChargeHeld"/>: the arrays held then and every array allocated since.</summary>
    internal long Charged => _charged + (ByteArrays?.Charged ?? 0);

    /// <summary>
    /// After the first data page: grows the arrays once to what <paramref name="entries"/> level entries likely need at
    /// the first page's rate (bytes plus 1/16), when the budget affords it — instead of doubling there, which leaves
    /// replaced arrays behind that the budget counts. Only a growth, never a reason to fail.
    /// </summary>
    /// <param name="entries">The chunk's likely entry count, which the caller bounds by evidence (the bytes the chunk spans), not by the footer's word alone.</param>
    internal void PresizeByFirstPage(long entries)
    {
        if (_budget is null || LevelCount == 0 || entries <= LevelCount || entries > Array.MaxLength) return;
        var levels = (int)entries;
        if (LevelBytes(Column) > 0 && _budget.Affords((long)LevelBytes(Column) * levels))
        {
            if (Column.MaxDefinitionLevel > 0 && DefinitionLevels.Length < levels) DefinitionLevels = Grow(DefinitionLevels, levels, exact: true);
            if (Column.MaxRepetitionLevel > 0 && RepetitionLevels.Length < levels) RepetitionLevels = Grow(RepetitionLevels, levels, exact: true);
        }
        var scale = (double)entries / LevelCount;
        var values = Math.Min(entries, (long)Math.Ceiling(ValueCount * scale));
        if (Column.PhysicalType == PhysicalType.ByteArray)
        {
            var bytes = ByteArrays.ByteLength * scale;
            ByteArrays.Presize(values, (long)Math.Min(Array.MaxLength, bytes + bytes / 16));
            return;
        }
        var width = ValueBytes(Column);
        if (values <= ValueCount || width == 0 || values * width > Array.MaxLength || !_budget.Affords(values * width)) return;
        var need = (int)values;
        switch (Column.PhysicalType)
        {
            case PhysicalType.Boolean: if (Booleans.Length < need) Booleans = Grow(Booleans, need, exact: true); break;
            case PhysicalType.Int32: if (Int32s.Length < need) Int32s = Grow(Int32s, need, exact: true); break;
            case PhysicalType.Int64: if (Int64s.Length < need) Int64s = Grow(Int64s, need, exact: true); break;
            case PhysicalType.Float: if (Floats.Length < need) Floats = Grow(Floats, need, exact: true); break;
            case PhysicalType.Double: if (Doubles.Length < need) Doubles = Grow(Doubles, need, exact: true); break;
            default: if (FixedBytes.Length < need * width) FixedBytes = Grow(FixedBytes, need * width, exact: true); break;
        }
    }

    /// <summary>Charges the arrays the batch holds now (a dictionary when it is created, a reused batch when a read starts).</summary>
    internal void ChargeHeld()
    {
        _charged = 0;
        ByteArrays?.ChargeHeld();
        Charge(sizeof(int) * ((long)DefinitionLevels.Length + RepetitionLevels.Length + Int32s.Length + Floats.Length)
            + sizeof(long) * ((long)Int64s.Length + Doubles.Length) + Booleans.Length + FixedBytes.Length);
    }

    private void Charge(long bytes)
    {
        _budget!.Charge(bytes);
        _charged += bytes;
    }

    /// <summary>
    /// What the chunk's declared <paramref name="entries"/> certainly need once decoded — levels, and for a column
    /// without levels its values or byte-array offsets — for checking a whole row group before decoding it.
    /// </summary>
    internal static long DeclaredBytes(ColumnDescriptor column, long entries)
    {
        var perEntry = LevelBytes(column);
        if (column.MaxDefinitionLevel == 0) perEntry += column.PhysicalType == PhysicalType.ByteArray ? sizeof(int) : ValueBytes(column);
        return Saturating(entries, perEntry);
    }

    private static int LevelBytes(ColumnDescriptor column) =>
        (column.MaxDefinitionLevel > 0 ? sizeof(int) : 0) + (column.MaxRepetitionLevel > 0 ? sizeof(int) : 0);

    /// <summary>Bytes of one value in its typed array (BYTE_ARRAY: none here; its buffer counts its own).</summary>
    private static int ValueBytes(ColumnDescriptor column) => column.PhysicalType switch
    {
        PhysicalType.Boolean => sizeof(bool),
        PhysicalType.Int32 or PhysicalType.Float => 4,
        PhysicalType.Int64 or PhysicalType.Double => 8,
        PhysicalType.Int96 => 12,
        PhysicalType.FixedLenByteArray => Math.Max(column.TypeLength, 0),
        _ => 0,
    };

    /// <summary>A footer may declare any count; the product must not wrap around into a small number.</summary>
    private static long Saturating(long count, int width) =>
        count <= 0 || width == 0 ? 0 : count > long.MaxValue / width ? long.MaxValue : count * width;

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
        var values = ValuesIn(0, first);
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
                kept.AddRange(ByteArrays, count, remaining);
                ByteArrays.Clear();
                ByteArrays.AddRange(kept, 0, remaining);
                break;
            default:
                FixedBytes.AsSpan(count * FixedWidth, remaining * FixedWidth).CopyTo(FixedBytes);
                break;
        }
    }

    // ----- Append API: how a writer's caller (e.g. a JSON shredder) fills a batch, one level entry at a time. -----

    /// <summary>
    /// Appends one level entry. Levels the column does not have are ignored (a required column outside any
    /// optional or repeated node has neither; calling this for it is optional, the writer then counts values).
    /// Append a value too when <paramref name="definition"/> equals <see cref="ColumnDescriptor.MaxDefinitionLevel"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A level is outside 0..the column's maximum.</exception>
    public void AppendLevels(int definition, int repetition)
    {
        var maxDefinition = Column.MaxDefinitionLevel;
        var maxRepetition = Column.MaxRepetitionLevel;
        if ((uint)definition > (uint)maxDefinition) throw LevelOutOfRange(nameof(definition), definition, maxDefinition);
        if ((uint)repetition > (uint)maxRepetition) throw LevelOutOfRange(nameof(repetition), repetition, maxRepetition);
        var count = LevelCount;
        if (maxDefinition > 0)
        {
            if (DefinitionLevels.Length <= count) DefinitionLevels = Grow(DefinitionLevels, count + 1);
            DefinitionLevels[count] = definition;
        }
        if (maxRepetition > 0)
        {
            if (RepetitionLevels.Length <= count) RepetitionLevels = Grow(RepetitionLevels, count + 1);
            RepetitionLevels[count] = repetition;
        }
        LevelCount = count + 1;
    }

    /// <summary>Appends a BOOLEAN value.</summary>
    public void AppendBoolean(bool v)
    {
        CheckType(PhysicalType.Boolean);
        if (Booleans.Length <= ValueCount) Booleans = Grow(Booleans, ValueCount + 1);
        Booleans[ValueCount++] = v;
    }

    /// <summary>Appends an INT32 value.</summary>
    public void AppendInt32(int v)
    {
        CheckType(PhysicalType.Int32);
        if (Int32s.Length <= ValueCount) Int32s = Grow(Int32s, ValueCount + 1);
        Int32s[ValueCount++] = v;
    }

    /// <summary>Appends an INT64 value.</summary>
    public void AppendInt64(long v)
    {
        CheckType(PhysicalType.Int64);
        if (Int64s.Length <= ValueCount) Int64s = Grow(Int64s, ValueCount + 1);
        Int64s[ValueCount++] = v;
    }

    /// <summary>Appends a FLOAT value.</summary>
    public void AppendFloat(float v)
    {
        CheckType(PhysicalType.Float);
        if (Floats.Length <= ValueCount) Floats = Grow(Floats, ValueCount + 1);
        Floats[ValueCount++] = v;
    }

    /// <summary>Appends a DOUBLE value.</summary>
    public void AppendDouble(double v)
    {
        CheckType(PhysicalType.Double);
        if (Doubles.Length <= ValueCount) Doubles = Grow(Doubles, ValueCount + 1);
        Doubles[ValueCount++] = v;
    }

    /// <summary>Appends a copy of a BYTE_ARRAY value.</summary>
    public void AppendBytes(ReadOnlySpan<byte> v)
    {
        CheckType(PhysicalType.ByteArray);
        ByteArrays.Add(v);
        ValueCount++;
    }

    /// <summary>Appends a FIXED_LEN_BYTE_ARRAY or INT96 value of exactly <see cref="FixedWidth"/> bytes.</summary>
    public void AppendFixed(ReadOnlySpan<byte> v)
    {
        if (Column.PhysicalType is not (PhysicalType.FixedLenByteArray or PhysicalType.Int96))
            throw new InvalidOperationException($"column '{Column.DottedPath}' is {Column.PhysicalType}; AppendFixed is for FIXED_LEN_BYTE_ARRAY and INT96");
        var width = FixedWidth;
        if (v.Length != width)
            throw new ArgumentException($"column '{Column.DottedPath}' holds values of {width} bytes, not {v.Length}", nameof(v));
        ReserveValues(1);
        v.CopyTo(FixedBytes.AsSpan(ValueCount * width, width));
        ValueCount++;
    }

    // ----- Whole rows at once: how batches filled apart (e.g. by parallel shredders) are put together. -----

    /// <summary>Values held by level entries [<paramref name="levelStart"/>, <paramref name="levelEnd"/>): those at the maximum definition level (all of them when the column has none).</summary>
    public int ValuesIn(int levelStart, int levelEnd) => Column.MaxDefinitionLevel == 0
        ? levelEnd - levelStart
        : DefinitionLevels.AsSpan(levelStart, levelEnd - levelStart).Count(Column.MaxDefinitionLevel);

    /// <summary>
    /// The level entry where the row <paramref name="rows"/> rows after the one starting at entry
    /// <paramref name="levelStart"/> starts (or <see cref="LevelCount"/> when the batch ends first). Without
    /// repetition levels every entry is a row; with them a row starts at each repetition level 0.
    /// </summary>
    public int LevelAfterRows(int levelStart, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if ((uint)levelStart > (uint)LevelCount) throw new ArgumentOutOfRangeException(nameof(levelStart));
        if (Column.MaxRepetitionLevel == 0) return (int)Math.Min(LevelCount, (long)levelStart + rows);
        var repetition = RepetitionLevels.AsSpan(0, LevelCount);
        var entry = levelStart;
        // The entry at levelStart starts the first row; each later 0 starts the next one.
        for (var row = 0; row < rows && entry < LevelCount; row++)
        {
            var next = repetition[(entry + 1)..].IndexOf(0);
            entry = next < 0 ? LevelCount : entry + 1 + next;
        }
        return entry;
    }

    /// <summary>
    /// Appends level entries [<paramref name="levelStart"/>, <paramref name="levelEnd"/>) of another batch of
    /// the same column, with the values they hold, which start at value <paramref name="valueStart"/> of
    /// <paramref name="source"/>. Returns the value after the last one copied (where the next range's values start).
    /// Copies whole arrays, not one value at a time.
    /// </summary>
    /// <exception cref="ArgumentException">The source is for another column, or the range is outside it.</exception>
    public int AppendRange(ColumnBatch source, int levelStart, int levelEnd, int valueStart)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!ReferenceEquals(source.Column, Column) && (source.Column.PhysicalType != Column.PhysicalType
            || source.Column.MaxDefinitionLevel != Column.MaxDefinitionLevel || source.Column.MaxRepetitionLevel != Column.MaxRepetitionLevel
            || source.FixedWidth != FixedWidth))
        {
            throw new ArgumentException($"the batch is for column '{source.Column.DottedPath}', not '{Column.DottedPath}'", nameof(source));
        }
        if (levelStart < 0 || levelEnd < levelStart || levelEnd > source.LevelCount)
            throw new ArgumentException($"entries {levelStart}..{levelEnd} are outside the batch's {source.LevelCount}", nameof(source));
        var entries = levelEnd - levelStart;
        var values = source.ValuesIn(levelStart, levelEnd);
        if (valueStart < 0 || (long)valueStart + values > source.ValueCount)
            throw new ArgumentException($"values {valueStart}..{(long)valueStart + values} are outside the batch's {source.ValueCount}", nameof(source));
        ReserveLevels(entries);
        if (Column.MaxDefinitionLevel > 0) source.DefinitionLevels.AsSpan(levelStart, entries).CopyTo(DefinitionLevels.AsSpan(LevelCount));
        if (Column.MaxRepetitionLevel > 0) source.RepetitionLevels.AsSpan(levelStart, entries).CopyTo(RepetitionLevels.AsSpan(LevelCount));
        LevelCount += entries;
        AppendValues(source, valueStart, values);
        return valueStart + values;
    }

    private void AppendValues(ColumnBatch source, int start, int count)
    {
        if (count == 0) return;
        if (Column.PhysicalType == PhysicalType.ByteArray)
        {
            ByteArrays.AddRange(source.ByteArrays, start, count);
            ValueCount += count;
            return;
        }
        ReserveValues(count);
        switch (Column.PhysicalType)
        {
            case PhysicalType.Boolean: source.Booleans.AsSpan(start, count).CopyTo(Booleans.AsSpan(ValueCount)); break;
            case PhysicalType.Int32: source.Int32s.AsSpan(start, count).CopyTo(Int32s.AsSpan(ValueCount)); break;
            case PhysicalType.Int64: source.Int64s.AsSpan(start, count).CopyTo(Int64s.AsSpan(ValueCount)); break;
            case PhysicalType.Float: source.Floats.AsSpan(start, count).CopyTo(Floats.AsSpan(ValueCount)); break;
            case PhysicalType.Double: source.Doubles.AsSpan(start, count).CopyTo(Doubles.AsSpan(ValueCount)); break;
            default:
                var width = FixedWidth;
                source.FixedBytes.AsSpan(start * width, count * width).CopyTo(FixedBytes.AsSpan(ValueCount * width));
                break;
        }
        ValueCount += count;
    }

    /// <summary>
    /// Makes room for <paramref name="levels"/> more level entries, <paramref name="values"/> more values and, for
    /// BYTE_ARRAY, <paramref name="bytes"/> more bytes of them — so a batch about to be filled with a known number
    /// of rows grows once instead of doubling its way there.
    /// </summary>
    public void Reserve(int levels, int values, long bytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(levels);
        ArgumentOutOfRangeException.ThrowIfNegative(values);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ReserveLevels(levels);
        if (Column.PhysicalType == PhysicalType.ByteArray) ByteArrays.Reserve(values, bytes);
        else ReserveValues(values);
    }

    /// <summary>Empties the batch (levels and values), keeping its arrays for reuse.</summary>
    public void Clear() => Reset();

    private void CheckType(PhysicalType expected)
    {
        if (Column.PhysicalType != expected)
            throw new InvalidOperationException($"column '{Column.DottedPath}' is {Column.PhysicalType}, not {expected}");
    }

    private ArgumentOutOfRangeException LevelOutOfRange(string name, int level, int max) =>
        new(name, level, $"column '{Column.DottedPath}' has {name} levels 0..{max}");

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

    private T[] Grow<T>(T[] array, int need, bool exact = false)
    {
        int size;
        if (_budget is null)
        {
            size = Math.Max(need, (int)Math.Min(Array.MaxLength, array.Length * 2L));
        }
        else
        {
            var elementBytes = Unsafe.SizeOf<T>();
            size = _budget.GrowthSize(array.Length, need, elementBytes, exact);
            Charge((long)size * elementBytes);
        }
        // Only the first LevelCount / ValueCount entries are ever read: no need to clear what follows.
        var grown = GC.AllocateUninitializedArray<T>(size);
        array.CopyTo(grown, 0);
        return grown;
    }
}
