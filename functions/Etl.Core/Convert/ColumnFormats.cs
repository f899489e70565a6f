using System.Runtime.CompilerServices;
using Etl.Parquet.File;

namespace Etl.Core.Convert;

/// <summary>
/// One value kind's formatting as a struct, so <see cref="FlatRowWriter"/>'s per-column loop is compiled once
/// per kind with the formatting inlined — no per-value dispatch on the hot path.
/// </summary>
internal interface IColumnFormat
{
    static abstract void Write(ColumnBatch batch, int index, JsonBuffer output);
}

internal readonly struct Int32Format : IColumnFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(ColumnBatch batch, int index, JsonBuffer output) => JsonValueWriter.WriteInteger(batch.Int32s[index], output);
}

internal readonly struct Int64Format : IColumnFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(ColumnBatch batch, int index, JsonBuffer output) => JsonValueWriter.WriteInteger(batch.Int64s[index], output);
}

internal readonly struct DoubleFormat : IColumnFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(ColumnBatch batch, int index, JsonBuffer output) => JsonValueWriter.WriteDouble(batch.Doubles[index], output);
}

internal readonly struct BooleanFormat : IColumnFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(ColumnBatch batch, int index, JsonBuffer output) => output.Write(batch.Booleans[index] ? "true"u8 : "false"u8);
}

internal readonly struct StringFormat : IColumnFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(ColumnBatch batch, int index, JsonBuffer output) => JsonText.WriteString(output, batch.ByteArrays[index]);
}

internal readonly struct DateFormat : IColumnFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(ColumnBatch batch, int index, JsonBuffer output)
    {
        var span = output.GetSpan(40);
        span[0] = (byte)'"';
        var length = 1 + TemporalText.FormatDate(batch.Int32s[index], span[1..]);
        span[length] = (byte)'"';
        output.Advance(length + 1);
    }
}

internal readonly struct TimestampMicrosFormat : IColumnFormat
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(ColumnBatch batch, int index, JsonBuffer output) =>
        JsonValueWriter.WriteTimestamp(batch.Int64s[index], 6, batch.Column.IsAdjustedToUtc, output);
}

/// <summary>Every other kind, through the general per-value writer.</summary>
internal readonly struct AnyFormat : IColumnFormat
{
    public static void Write(ColumnBatch batch, int index, JsonBuffer output) => JsonValueWriter.Write(batch, index, output);
}
