using System.Globalization;
using System.Text.Json;
using Etl.Core.Json;
using Etl.Parquet.File;

namespace Etl.Core.Normalize;

/// <summary>
/// Pass two of a normalization: walks each record once by the table plans and appends its values straight into
/// the column batches of the tables they belong to — the record's row, then, as each array or map is reached, the
/// child rows (a child row's key depends only on its parent's key and its position, or on its own natural key, so it
/// can be written before the parent row ends). A row with a natural key looks the key up first, with a copy of
/// the reader, so it is known before the row's children are written.
/// </summary>
/// <param name="root">The root table's plan.</param>
/// <param name="writers">Where each table's rows go, by <see cref="TablePlan.Index"/>.</param>
/// <param name="fieldCount">Field plans in the plan (<see cref="TablePlanner.FieldCount"/>).</param>
/// <param name="survey">The survey (repeated contents, for root keys without a natural key).</param>
/// <param name="rowAdded">Called with a table's index after each of its rows (a row group may be full); null for a block.</param>
internal sealed class RecordNormalizer(TablePlan root, TableRows[] writers, int fieldCount, ShapeSurvey survey, Action<int>? rowAdded)
{
    private readonly long[] _fieldStamps = new long[fieldCount];
    private ReadOnlyMemory<byte> _record;
    private byte[] _scratch = new byte[1024];
    private byte[] _json = new byte[1024];
    private byte[] _minified = new byte[4096];
    private long _stamp;
    private long _records;
    private readonly Dictionary<ulong, long> _occurrences = [];

    public void Add(JsonRecordReader records)
    {
        _record = records.RecordMemory;
        var reader = new Utf8JsonReader(records.Record, isFinalBlock: true, new JsonReaderState(records.ReaderOptions));
        try
        {
            reader.Read();
            var writer = writers[root.Index];
            writer.BeginRow();
            var key = root.NaturalKeyColumn is not null && reader.TokenType == JsonTokenType.StartObject
                ? NaturalKey(reader, root) ?? ContentKey(records.Record)
                : ContentKey(records.Record);
            Span<byte> hex = stackalloc byte[16];
            RowHash.Hex(key, hex);
            Reserved(writer, 0, hex, key);
            if (root.Value is { } value)
            {
                Leaf(ref reader, value, writer);
            }
            else
            {
                if (reader.TokenType != JsonTokenType.StartObject) throw Changed(ref reader, "the record", "an object");
                Object(ref reader, root.Row!, writer, key, hex, hex);
            }
            writer.EndRow(ref reader);
            rowAdded?.Invoke(root.Index);
            _records++;
        }
        catch (JsonException e)
        {
            throw records.RecordError(e);
        }
        catch (RecordProblemException p)
        {
            throw records.RecordError(p.IndexInRecord, p.Kind, p.Reason);
        }
    }

    /// <summary>A hash of the record's content and its occurrence among identical records (or, past the tracking limit, its position).</summary>
    private ulong ContentKey(ReadOnlySpan<byte> record)
    {
        var content = ShapeSurvey.ContentHash(record, ref _minified);
        long occurrence = 0;
        if (!survey.ContentsTracked)
        {
            occurrence = _records;
        }
        else if (survey.RepeatedContents.Contains(content))
        {
            _occurrences.TryGetValue(content, out occurrence);
            _occurrences[content] = occurrence + 1;
        }
        return RowHash.Mix(RowHash.Mix(root.Seed, content), (ulong)occurrence);
    }

    private ulong? NaturalKey(Utf8JsonReader probe, TablePlan table)
    {
        var name = table.NaturalKeyName!;
        while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            var match = probe.ValueTextEquals(name);
            probe.Read();
            if (!match)
            {
                probe.Skip();
                continue;
            }
            return probe.TokenType switch
            {
                JsonTokenType.String => RowHash.Mix(table.Seed, RowHash.Of(Text(ref probe), 1)),
                JsonTokenType.Number => RowHash.Mix(table.Seed, RowHash.Of(probe.ValueSpan, 2)),
                _ => null,
            };
        }
        return null;
    }

    private static void Reserved(TableRows writer, int leaf, ReadOnlySpan<byte> hex, ulong key)
    {
        var batch = writer.Batches[leaf];
        batch.AppendLevels(0, 0);
        batch.AppendBytes(hex);
        writer.RowSum += RowHash.Mix((ulong)leaf + 1, key);
    }

    private void Object(ref Utf8JsonReader reader, FieldPlan plan, TableRows writer, ulong rowKey, scoped ReadOnlySpan<byte> rowHex, scoped ReadOnlySpan<byte> rootHex)
    {
        var fields = plan.Fields!;
        var stamp = ++_stamp;
        var guess = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = fields.Find(ref reader, guess, out var unknown);
            if (index < 0)
            {
                throw new RecordProblemException(reader.TokenStartIndex, JsonInputErrorKind.Changed,
                    $"the key '{unknown}' was not there when the input was surveyed; the input must not change during the normalization");
            }
            guess = index + 1;
            var child = fields[index];
            reader.Read();
            if (_fieldStamps[child.Id] == stamp)
            {
                // A key repeated in one object: the first occurrence wins, as in the inference.
                reader.Skip();
                continue;
            }
            _fieldStamps[child.Id] = stamp;
            switch (child.Kind)
            {
                case FieldKind.Column:
                    Leaf(ref reader, child.Column!, writer);
                    break;
                case FieldKind.Object:
                    if (reader.TokenType == JsonTokenType.StartObject) Object(ref reader, child, writer, rowKey, rowHex, rootHex);
                    else if (reader.TokenType != JsonTokenType.Null) throw Changed(ref reader, fields.NameAt(index), "an object");
                    break;
                case FieldKind.ChildTable:
                    if (reader.TokenType == JsonTokenType.StartArray) Elements(ref reader, child.Table!, rowKey, rowHex, rootHex);
                    else if (reader.TokenType != JsonTokenType.Null) throw Changed(ref reader, fields.NameAt(index), "an array");
                    break;
                default:
                    if (reader.TokenType == JsonTokenType.StartObject) Entries(ref reader, child.Table!, rowKey, rowHex, rootHex);
                    else if (reader.TokenType != JsonTokenType.Null) throw Changed(ref reader, fields.NameAt(index), "an object");
                    break;
            }
        }
    }

    private void Elements(ref Utf8JsonReader reader, TablePlan table, ulong parentKey, scoped ReadOnlySpan<byte> parentHex, scoped ReadOnlySpan<byte> rootHex)
    {
        var writer = writers[table.Index];
        var positionSeed = RowHash.Mix(table.Seed, parentKey);
        Span<byte> hex = stackalloc byte[16];
        long position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            writer.BeginRow();
            var key = table.NaturalKeyColumn is not null && reader.TokenType == JsonTokenType.StartObject
                ? NaturalKey(reader, table) ?? RowHash.Mix(positionSeed, (ulong)position)
                : RowHash.Mix(positionSeed, (ulong)position);
            RowHash.Hex(key, hex);
            ChildReserved(writer, hex, key, parentHex, parentKey, rootHex, position);
            if (table.Value is { } value)
            {
                Leaf(ref reader, value, writer);
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                Object(ref reader, table.Row!, writer, key, hex, rootHex);
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                throw Changed(ref reader, table.SourcePath, "an object");
            }
            writer.EndRow(ref reader);
            rowAdded?.Invoke(table.Index);
            position++;
        }
    }

    private void Entries(ref Utf8JsonReader reader, TablePlan table, ulong parentKey, scoped ReadOnlySpan<byte> parentHex, scoped ReadOnlySpan<byte> rootHex)
    {
        var writer = writers[table.Index];
        var positionSeed = RowHash.Mix(table.Seed, parentKey);
        Span<byte> hex = stackalloc byte[16];
        long position = 0;
        var keyColumn = table.MapKey!;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            writer.BeginRow();
            var key = RowHash.Mix(positionSeed, (ulong)position);
            RowHash.Hex(key, hex);
            ChildReserved(writer, hex, key, parentHex, parentKey, rootHex, position);
            var name = Text(ref reader);
            var batch = writer.Batches[keyColumn.Leaf];
            batch.AppendLevels(0, 0);
            batch.AppendBytes(name);
            writer.RowSum += RowHash.Mix(keyColumn.Seed, RowHash.Of(name, 7));
            writer.Stamps[keyColumn.Index] = writer.RowStamp;
            reader.Read();
            if (table.Value is { } value)
            {
                Leaf(ref reader, value, writer);
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                Object(ref reader, table.Row!, writer, key, hex, rootHex);
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                throw Changed(ref reader, table.SourcePath, "an object");
            }
            writer.EndRow(ref reader);
            rowAdded?.Invoke(table.Index);
            position++;
        }
    }

    private static void ChildReserved(TableRows writer, ReadOnlySpan<byte> hex, ulong key, ReadOnlySpan<byte> parentHex, ulong parentKey,
        ReadOnlySpan<byte> rootHex, long position)
    {
        Reserved(writer, 0, hex, key);
        Reserved(writer, 1, parentHex, parentKey);
        var root = writer.Batches[2];
        root.AppendLevels(0, 0);
        root.AppendBytes(rootHex);
        var positions = writer.Batches[3];
        positions.AppendLevels(0, 0);
        positions.AppendInt64(position);
        writer.RowSum += RowHash.Mix(4, (ulong)position);
    }

    private void Leaf(ref Utf8JsonReader reader, ColumnPlan column, TableRows writer)
    {
        var batch = writer.Batches[column.Leaf];
        writer.Stamps[column.Index] = writer.RowStamp;
        if (column.IsList)
        {
            List(ref reader, column, batch, writer);
            return;
        }
        if (reader.TokenType == JsonTokenType.Null)
        {
            if (!column.Nullable) throw Changed(ref reader, column.SourcePath, InferredField.NameOf(column.Type));
            batch.AppendLevels(0, 0);
            writer.Nulls[column.Index]++;
            writer.RowSum += column.Seed;
            return;
        }
        var hash = Append(ref reader, column, batch);
        batch.AppendLevels(column.Nullable ? 1 : 0, 0);
        writer.RowSum += RowHash.Mix(column.Seed, hash);
    }

    private void List(ref Utf8JsonReader reader, ColumnPlan column, ColumnBatch batch, TableRows writer)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            batch.AppendLevels(0, 0);
            writer.Nulls[column.Index]++;
            writer.RowSum += column.Seed;
            return;
        }
        if (reader.TokenType != JsonTokenType.StartArray) throw Changed(ref reader, column.SourcePath, "an array");
        var repetition = 0;
        var hash = column.Seed;
        var full = column.ElementNullable ? 3 : 2;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                if (!column.ElementNullable) throw Changed(ref reader, column.SourcePath + "[]", InferredField.NameOf(column.Type));
                batch.AppendLevels(2, repetition);
                hash = RowHash.Mix(hash, 1);
            }
            else
            {
                hash = RowHash.Mix(hash, Append(ref reader, column, batch));
                batch.AppendLevels(full, repetition);
            }
            repetition = 1;
        }
        if (repetition == 0) batch.AppendLevels(1, 0);
        writer.RowSum += hash;
    }

    /// <summary>Appends the value the reader is on in the column's type (as the flat conversion converts it); returns its hash.</summary>
    private ulong Append(ref Utf8JsonReader reader, ColumnPlan column, ColumnBatch batch)
    {
        var token = reader.TokenType;
        switch (column.Type)
        {
            case InferredType.Boolean:
                if (token is not (JsonTokenType.True or JsonTokenType.False)) throw Changed(ref reader, column.SourcePath, "BOOLEAN");
                batch.AppendBoolean(token == JsonTokenType.True);
                return token == JsonTokenType.True ? 1UL : 2UL;
            case InferredType.Int64:
                if (token != JsonTokenType.Number || !reader.TryGetInt64(out var integer)) throw Changed(ref reader, column.SourcePath, "INT64");
                batch.AppendInt64(integer);
                return (ulong)integer;
            case InferredType.Double:
                if (token != JsonTokenType.Number) throw Changed(ref reader, column.SourcePath, "DOUBLE");
                if (!reader.TryGetDouble(out var number)) number = double.Parse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);
                batch.AppendDouble(number);
                return BitConverter.DoubleToUInt64Bits(number);
            case InferredType.String:
                ReadOnlySpan<byte> text = token switch
                {
                    JsonTokenType.String => Text(ref reader),
                    JsonTokenType.Number => reader.ValueSpan,
                    JsonTokenType.True => "true"u8,
                    JsonTokenType.False => "false"u8,
                    _ => throw Changed(ref reader, column.SourcePath, "STRING"),
                };
                batch.AppendBytes(text);
                return RowHash.Of(text, 7);
            case InferredType.Date:
                if (token != JsonTokenType.String || !IsoTemporal.TryParseDate(Text(ref reader), out var days)) throw Changed(ref reader, column.SourcePath, "DATE");
                batch.AppendInt32(days);
                return (ulong)days;
            case InferredType.Timestamp:
            case InferredType.TimestampLocal:
                if (token != JsonTokenType.String || !IsoTemporal.TryParseTimestamp(Text(ref reader), out var micros, out var hasOffset)
                    || hasOffset != (column.Type == InferredType.Timestamp))
                {
                    throw Changed(ref reader, column.SourcePath, InferredField.NameOf(column.Type));
                }
                batch.AppendInt64(micros);
                return (ulong)micros;
            default:
                var json = JsonText(ref reader);
                batch.AppendBytes(json);
                return RowHash.Of(json, 11);
        }
    }

    private ReadOnlySpan<byte> JsonText(ref Utf8JsonReader reader) => RawJsonText.Of(ref reader, _record.Span, ref _json);

    private ReadOnlySpan<byte> Text(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan;
        var raw = reader.ValueSpan;
        if (_scratch.Length < raw.Length) _scratch = new byte[Math.Max(raw.Length, _scratch.Length * 2)];
        return _scratch.AsSpan(0, reader.CopyString(_scratch));
    }

    private static RecordProblemException Changed(ref Utf8JsonReader reader, string where, string expected) =>
        new(reader.TokenStartIndex, JsonInputErrorKind.Changed,
            $"'{where}' was surveyed as {expected} but holds a {reader.TokenType} token here; the input must not change during the normalization");
}
