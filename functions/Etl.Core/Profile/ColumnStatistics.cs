using System.Text.Json.Nodes;
using Etl.Core.Convert;
using Etl.Parquet.File;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Core.Profile;

/// <summary>
/// Accumulates one leaf column's nulls, minimum, maximum and distinct estimate over its batches. Min and max are
/// tracked as positions in the current batch and copied out once per batch, so the scan allocates nothing.
/// </summary>
internal sealed class ColumnStatistics(ColumnDescriptor column)
{
    private readonly DistinctSketch _distinct = new();
    private JsonNode? _min;
    private JsonNode? _max;
    private object? _minKey;
    private object? _maxKey;

    public ColumnDescriptor Column { get; } = column;
    public long NullCount { get; private set; }

    public void Add(ColumnBatch batch)
    {
        if (Column.MaxDefinitionLevel > 0)
        {
            var levels = batch.DefinitionLevels.AsSpan(0, batch.LevelCount);
            NullCount += levels.Length - levels.Count(Column.MaxDefinitionLevel);
        }
        if (batch.ValueCount == 0 || !IsOrdered(Column.Kind)) return;
        int min = 0, max = 0;
        for (var i = 0; i < batch.ValueCount; i++)
        {
            _distinct.Add(Hash(batch, i));
            if (Compare(batch, i, min) < 0) min = i;
            if (Compare(batch, i, max) > 0) max = i;
        }
        Offer(batch, min, isMin: true);
        Offer(batch, max, isMin: false);
    }

    public ColumnProfile ToProfile() => new(
        Column.DottedPath,
        TypeName(Column),
        Column.MaxDefinitionLevel > 0,
        NullCount,
        _min,
        _max,
        IsOrdered(Column.Kind) ? _distinct.Estimate() : null);

    /// <summary>A readable type: the logical type when there is one, with its parameters.</summary>
    public static string TypeName(ColumnDescriptor c) => c.Kind switch
    {
        ValueKind.Decimal => $"DECIMAL({c.Precision},{c.Scale})",
        ValueKind.TimestampMillis => c.IsAdjustedToUtc ? "TIMESTAMP(MILLIS,UTC)" : "TIMESTAMP(MILLIS)",
        ValueKind.TimestampMicros => c.IsAdjustedToUtc ? "TIMESTAMP(MICROS,UTC)" : "TIMESTAMP(MICROS)",
        ValueKind.TimestampNanos => c.IsAdjustedToUtc ? "TIMESTAMP(NANOS,UTC)" : "TIMESTAMP(NANOS)",
        ValueKind.Int96Timestamp => "TIMESTAMP(INT96)",
        ValueKind.TimeMillis => "TIME(MILLIS)",
        ValueKind.TimeMicros => "TIME(MICROS)",
        ValueKind.TimeNanos => "TIME(NANOS)",
        ValueKind.Bytes => c.PhysicalType == PhysicalType.FixedLenByteArray ? $"BINARY({c.TypeLength})" : "BINARY",
        _ => c.Kind.ToString().ToUpperInvariant(),
    } + (c.MaxRepetitionLevel > 0 ? "[]" : "");

    private static bool IsOrdered(ValueKind kind) => kind is not (ValueKind.Json or ValueKind.Null or ValueKind.Interval);

    private void Offer(ColumnBatch batch, int index, bool isMin)
    {
        var key = Key(batch, index);
        var current = isMin ? _minKey : _maxKey;
        if (current is not null)
        {
            var order = CompareKeys(key, current);
            if (isMin ? order >= 0 : order <= 0) return;
        }
        var buffer = new JsonBuffer(64);
        JsonValueWriter.Write(batch, index, buffer);
        var node = JsonNode.Parse(buffer.Written);
        if (isMin)
        {
            _minKey = key;
            _min = node;
        }
        else
        {
            _maxKey = key;
            _max = node;
        }
    }

    /// <summary>A comparable copy of one value that outlives the batch.</summary>
    private static object Key(ColumnBatch batch, int i) => batch.Column.PhysicalType switch
    {
        PhysicalType.Boolean => batch.Booleans[i],
        PhysicalType.Int32 => Unsigned(batch.Column) ? (long)(uint)batch.Int32s[i] : batch.Int32s[i],
        PhysicalType.Int64 => Unsigned(batch.Column) ? (object)(ulong)batch.Int64s[i] : batch.Int64s[i],
        PhysicalType.Float => (double)batch.Floats[i],
        PhysicalType.Double => batch.Doubles[i],
        _ => JsonValueWriter.Bytes(batch, i).ToArray(),
    };

    private static int CompareKeys(object a, object b) => (a, b) switch
    {
        (byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y),
        (IComparable x, _) => x.CompareTo(b),
        _ => 0,
    };

    private static bool Unsigned(ColumnDescriptor c) => c.Kind is ValueKind.UInt32 or ValueKind.UInt64;

    private static int Compare(ColumnBatch b, int i, int j)
    {
        switch (b.Column.PhysicalType)
        {
            case PhysicalType.Boolean: return b.Booleans[i].CompareTo(b.Booleans[j]);
            case PhysicalType.Int32:
                return Unsigned(b.Column) ? ((uint)b.Int32s[i]).CompareTo((uint)b.Int32s[j]) : b.Int32s[i].CompareTo(b.Int32s[j]);
            case PhysicalType.Int64:
                return Unsigned(b.Column) ? ((ulong)b.Int64s[i]).CompareTo((ulong)b.Int64s[j]) : b.Int64s[i].CompareTo(b.Int64s[j]);
            case PhysicalType.Float: return b.Floats[i].CompareTo(b.Floats[j]);
            case PhysicalType.Double: return b.Doubles[i].CompareTo(b.Doubles[j]);
            default:
                // Decimals in bytes compare as signed big-endian only when their lengths agree; byte order is
                // good enough for strings (UTF-8 preserves code point order) and a sensible order for the rest.
                return JsonValueWriter.Bytes(b, i).SequenceCompareTo(JsonValueWriter.Bytes(b, j));
        }
    }

    private static ulong Hash(ColumnBatch b, int i) => b.Column.PhysicalType switch
    {
        PhysicalType.Boolean => DistinctSketch.Mix(b.Booleans[i] ? 1UL : 2UL),
        PhysicalType.Int32 => DistinctSketch.Mix((ulong)b.Int32s[i]),
        PhysicalType.Int64 => DistinctSketch.Mix((ulong)b.Int64s[i]),
        PhysicalType.Float => DistinctSketch.Mix(BitConverter.SingleToUInt32Bits(b.Floats[i])),
        PhysicalType.Double => DistinctSketch.Mix(BitConverter.DoubleToUInt64Bits(b.Doubles[i])),
        _ => DistinctSketch.Hash(JsonValueWriter.Bytes(b, i)),
    };
}
