using Etl.Parquet.File;
using Etl.Parquet.Schema;

namespace Etl.Core.Convert;

/// <summary>
/// Rows of a flat schema (every field a non-repeated leaf — most real files), written column at a time: each
/// column's values of a slice are formatted in one tight loop specialised for its kind, then rows are stitched
/// from the pre-encoded keys and those texts. Nested schemas use the <see cref="FieldWriter"/> tree instead.
/// </summary>
internal sealed class FlatRowWriter
{
    private readonly byte[][] _keys;
    private readonly ColumnDescriptor[] _columns;

    private FlatRowWriter(ColumnDescriptor[] columns, byte[][] keys)
    {
        _columns = columns;
        _keys = keys;
    }

    /// <summary>Returns a writer when the schema is flat, otherwise null.</summary>
    public static FlatRowWriter? TryCreate(ParquetSchema schema)
    {
        var fields = schema.Root.Children;
        if (fields.Count == 0 || fields.Count != schema.Columns.Count) return null;
        var keys = new byte[fields.Count][];
        var columns = new ColumnDescriptor[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            if (!fields[i].IsLeaf || fields[i].Column is not { MaxRepetitionLevel: 0 } column) return null;
            columns[i] = column;
            keys[i] = JsonText.Key(fields[i].Name, leadingComma: i > 0);
        }
        return new FlatRowWriter(columns, keys);
    }

    /// <summary>Per-worker buffers for the column texts of one slice.</summary>
    public sealed class Scratch(int columns)
    {
        public JsonBuffer[] Texts { get; } = CreateTexts(columns);
        public int[][] Ends { get; } = new int[columns][];

        private static JsonBuffer[] CreateTexts(int count)
        {
            var texts = new JsonBuffer[count];
            for (var i = 0; i < count; i++) texts[i] = new JsonBuffer(1 << 16);
            return texts;
        }
    }

    /// <summary>Writes rows [<paramref name="from"/>, <paramref name="to"/>); <paramref name="values"/> are each column's first value index.</summary>
    public void Write(ColumnBatch[] batches, int from, int to, int[] values, Scratch scratch, JsonBuffer output, bool jsonArray, bool commaFirst)
    {
        var rows = to - from;
        for (var c = 0; c < _columns.Length; c++)
        {
            var text = scratch.Texts[c];
            text.Clear();
            if (scratch.Ends[c] is null || scratch.Ends[c].Length < rows) scratch.Ends[c] = new int[Math.Max(rows, 1024)];
            FormatColumn(batches[c], from, to, values[c], text, scratch.Ends[c]);
        }
        var keysLength = 0;
        foreach (var key in _keys) keysLength += key.Length;
        for (var r = 0; r < rows; r++)
        {
            var length = keysLength + 4;
            for (var c = 0; c < _columns.Length; c++)
            {
                var ends = scratch.Ends[c];
                length += ends[r] - (r == 0 ? 0 : ends[r - 1]);
            }
            var span = output.GetSpan(length);
            var pos = 0;
            if (jsonArray && (commaFirst || r > 0))
            {
                span[pos++] = (byte)',';
                span[pos++] = (byte)'\n';
            }
            span[pos++] = (byte)'{';
            for (var c = 0; c < _columns.Length; c++)
            {
                var key = _keys[c];
                key.CopyTo(span[pos..]);
                pos += key.Length;
                var ends = scratch.Ends[c];
                var start = r == 0 ? 0 : ends[r - 1];
                var value = scratch.Texts[c].Written[start..ends[r]];
                value.CopyTo(span[pos..]);
                pos += value.Length;
            }
            span[pos++] = (byte)'}';
            if (!jsonArray) span[pos++] = (byte)'\n';
            output.Advance(pos);
        }
    }

    private static void FormatColumn(ColumnBatch batch, int from, int to, int value, JsonBuffer text, int[] ends)
    {
        var column = batch.Column;
        switch (column.Kind)
        {
            case ValueKind.Int32: Format<Int32Format>(batch, from, to, value, text, ends); break;
            case ValueKind.Int64: Format<Int64Format>(batch, from, to, value, text, ends); break;
            case ValueKind.Double: Format<DoubleFormat>(batch, from, to, value, text, ends); break;
            case ValueKind.Boolean: Format<BooleanFormat>(batch, from, to, value, text, ends); break;
            case ValueKind.String when column.PhysicalType == Etl.Parquet.Meta.PhysicalType.ByteArray:
                Format<StringFormat>(batch, from, to, value, text, ends);
                break;
            case ValueKind.Date: Format<DateFormat>(batch, from, to, value, text, ends); break;
            case ValueKind.TimestampMicros: Format<TimestampMicrosFormat>(batch, from, to, value, text, ends); break;
            default: Format<AnyFormat>(batch, from, to, value, text, ends); break;
        }
    }

    private static void Format<TFormat>(ColumnBatch batch, int from, int to, int value, JsonBuffer text, int[] ends)
        where TFormat : struct, IColumnFormat
    {
        var maxDef = batch.Column.MaxDefinitionLevel;
        if (to > batch.LevelCount) throw RowCursor.Disagree(batch);
        if (maxDef == 0)
        {
            if (value + (to - from) > batch.ValueCount) throw RowCursor.Disagree(batch);
            for (var r = from; r < to; r++)
            {
                TFormat.Write(batch, value++, text);
                ends[r - from] = text.Length;
            }
            return;
        }
        var definitions = batch.DefinitionLevels;
        for (var r = from; r < to; r++)
        {
            if (definitions[r] == maxDef)
            {
                if (value >= batch.ValueCount) throw RowCursor.Disagree(batch);
                TFormat.Write(batch, value++, text);
            }
            else
            {
                text.Write("null"u8);
            }
            ends[r - from] = text.Length;
        }
    }
}
