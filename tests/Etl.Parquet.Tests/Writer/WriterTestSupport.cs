using System.Collections;
using System.Runtime.InteropServices;
using Etl.Parquet.File;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Parquet.Tests.Writer;

/// <summary>A schema field as a tree, flattened to the footer's depth-first element list by <see cref="S.Tree"/>.</summary>
internal sealed record Field(SchemaElement Element, Field[] Children);

/// <summary>Schema-building shorthands for writer tests.</summary>
internal static class S
{
    public static List<SchemaElement> Tree(params Field[] fields)
    {
        var list = new List<SchemaElement> { new() { Name = "schema", NumChildren = fields.Length } };
        foreach (var f in fields) Flatten(f, list);
        return list;
    }

    private static void Flatten(Field field, List<SchemaElement> list)
    {
        list.Add(field.Element);
        foreach (var c in field.Children) Flatten(c, list);
    }

    public static Field Leaf(string name, PhysicalType type, FieldRepetitionType repetition = FieldRepetitionType.Optional,
        LogicalType? logical = null, ConvertedType? converted = null, int? length = null, int? scale = null, int? precision = null) =>
        new(new SchemaElement
        {
            Name = name, Type = type, RepetitionType = repetition, LogicalType = logical, ConvertedType = converted,
            TypeLength = length, Scale = scale, Precision = precision,
        }, []);

    public static Field Group(string name, FieldRepetitionType repetition, params Field[] children) =>
        Group(name, repetition, null, children);

    public static Field Group(string name, FieldRepetitionType repetition, LogicalType? logical, params Field[] children) =>
        new(new SchemaElement { Name = name, RepetitionType = repetition, NumChildren = children.Length, LogicalType = logical }, children);

    /// <summary>The standard three-level LIST: &lt;rep&gt; group name (LIST) { repeated group list { element } }.</summary>
    public static Field List(string name, FieldRepetitionType repetition, Field element) =>
        Group(name, repetition, L(LogicalTypeKind.List), Group("list", FieldRepetitionType.Repeated, element));

    /// <summary>The standard MAP: &lt;rep&gt; group name (MAP) { repeated group key_value { required key; value } }.</summary>
    public static Field Map(string name, FieldRepetitionType repetition, Field key, Field value) =>
        Group(name, repetition, L(LogicalTypeKind.Map), Group("key_value", FieldRepetitionType.Repeated, key, value));

    public static LogicalType L(LogicalTypeKind kind) => new() { Kind = kind, FieldId = (short)kind };
    public static LogicalType Decimal(int precision, int scale) => new() { Kind = LogicalTypeKind.Decimal, FieldId = 5, Precision = precision, Scale = scale };
    public static LogicalType Int(int bits, bool signed) => new() { Kind = LogicalTypeKind.Integer, FieldId = 10, BitWidth = bits, IsSigned = signed };
    public static LogicalType Timestamp(TimeUnit unit, bool utc) => new() { Kind = LogicalTypeKind.Timestamp, FieldId = 8, Unit = unit, IsAdjustedToUtc = utc };
    public static LogicalType Time(TimeUnit unit, bool utc) => new() { Kind = LogicalTypeKind.Time, FieldId = 7, Unit = unit, IsAdjustedToUtc = utc };

    public const FieldRepetitionType Req = FieldRepetitionType.Required;
    public const FieldRepetitionType Opt = FieldRepetitionType.Optional;
    public const FieldRepetitionType Rep = FieldRepetitionType.Repeated;
}

/// <summary>
/// Test-side record shredder (Dremel): a record is <c>object?[]</c> (one value per top-level field); a group's
/// value is <c>object?[]</c> of its children, a repeated field's value an <see cref="IList"/>, a leaf's value a
/// bool/int/long/float/double/byte[] (or string for BYTE_ARRAY, UTF-8 encoded).
/// </summary>
internal static class Shredder
{
    public static void Shred(ParquetSchema schema, ColumnBatch[] batches, object?[] record)
    {
        var children = schema.Root.Children;
        for (int i = 0; i < children.Count; i++) WriteField(children[i], record[i], 0, 0, batches);
    }

    private static void WriteField(SchemaNode node, object? value, int parentDef, int rep, ColumnBatch[] batches)
    {
        switch (node.Repetition)
        {
            case FieldRepetitionType.Required:
                if (value is null) throw new InvalidOperationException($"required field '{node.Name}' has no value");
                WriteValue(node, value, parentDef, rep, batches);
                break;
            case FieldRepetitionType.Optional:
                if (value is null) WriteNull(node, parentDef, rep, batches);
                else WriteValue(node, value, parentDef + 1, rep, batches);
                break;
            default:
                var list = (IList?)value;
                if (list is null || list.Count == 0)
                {
                    WriteNull(node, parentDef, rep, batches);
                    break;
                }
                for (int k = 0; k < list.Count; k++)
                    WriteValue(node, list[k]!, parentDef + 1, k == 0 ? rep : node.MaxRepetitionLevel, batches);
                break;
        }
    }

    private static void WriteValue(SchemaNode node, object value, int def, int rep, ColumnBatch[] batches)
    {
        if (node.IsLeaf)
        {
            var batch = batches[node.Column!.Index];
            batch.AppendLevels(def, rep);
            Append(batch, value);
            return;
        }
        if (value is IList list && value is not object?[])
        {
            // LIST / MAP shorthand: the list is the value of the single repeated child; 3-level LIST items are wrapped.
            var repeated = node.Children[0];
            if (repeated.IsLeaf || repeated.Children.Count != 1 || list.Count == 0 || list[0] is not object?[] || node.Element.LogicalType?.Kind == LogicalTypeKind.List)
            {
                bool wrap = !repeated.IsLeaf && repeated.Children.Count == 1;
                var items = new List<object?>(list.Count);
                foreach (var item in list) items.Add(wrap ? new object?[] { item } : item);
                list = items;
            }
            WriteField(repeated, list, def, rep, batches);
            return;
        }
        var values = (object?[])value;
        for (int i = 0; i < node.Children.Count; i++) WriteField(node.Children[i], values[i], def, rep, batches);
    }

    private static void WriteNull(SchemaNode node, int def, int rep, ColumnBatch[] batches)
    {
        if (node.IsLeaf)
        {
            batches[node.Column!.Index].AppendLevels(def, rep);
            return;
        }
        foreach (var child in node.Children) WriteNull(child, def, rep, batches);
    }

    public static void Append(ColumnBatch batch, object value)
    {
        switch (batch.Column.PhysicalType)
        {
            case PhysicalType.Boolean: batch.AppendBoolean((bool)value); break;
            case PhysicalType.Int32: batch.AppendInt32((int)value); break;
            case PhysicalType.Int64: batch.AppendInt64((long)value); break;
            case PhysicalType.Float: batch.AppendFloat((float)value); break;
            case PhysicalType.Double: batch.AppendDouble((double)value); break;
            case PhysicalType.ByteArray: batch.AppendBytes(value is string s ? System.Text.Encoding.UTF8.GetBytes(s) : (byte[])value); break;
            default: batch.AppendFixed((byte[])value); break;
        }
    }
}

internal static class WriterTest
{
    /// <summary>Writes row groups of records into a byte array.</summary>
    public static byte[] Write(List<SchemaElement> schema, ParquetWriterOptions? options, params object?[][][] rowGroups)
    {
        var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, schema, options, leaveOpen: true))
        {
            var batches = writer.CreateBatches();
            foreach (var group in rowGroups)
            {
                foreach (var b in batches) b.Clear();
                foreach (var record in group) Shredder.Shred(writer.Schema, batches, record);
                writer.WriteRowGroup(batches, group.Length);
            }
            writer.Close();
        }
        return stream.ToArray();
    }

    /// <summary>Every row group's batches, read back with the project's reader.</summary>
    public static List<ColumnBatch[]> ReadAll(byte[] file, out ParquetFileReader reader)
    {
        reader = new ParquetFileReader(new MemoryStream(file));
        var groups = new List<ColumnBatch[]>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            var rg = reader.RowGroup(g);
            var batches = new ColumnBatch[reader.Schema.Columns.Count];
            for (int c = 0; c < batches.Length; c++) batches[c] = rg.ReadColumn(c);
            groups.Add(batches);
        }
        return groups;
    }

    /// <summary>Shreds <paramref name="records"/> into fresh batches (the expected side of a round trip).</summary>
    public static ColumnBatch[] Shred(List<SchemaElement> schema, IEnumerable<object?[]> records)
    {
        var parquetSchema = ParquetSchema.Build(schema);
        var batches = new ColumnBatch[parquetSchema.Columns.Count];
        for (int i = 0; i < batches.Length; i++) batches[i] = new ColumnBatch(parquetSchema.Columns[i]);
        foreach (var r in records) Shredder.Shred(parquetSchema, batches, r);
        return batches;
    }

    public static int Entries(ColumnBatch b) =>
        b.Column.MaxDefinitionLevel == 0 && b.Column.MaxRepetitionLevel == 0 ? b.ValueCount : b.LevelCount;

    /// <summary>Asserts levels and values are equal (floating-point values bit for bit).</summary>
    public static void AssertEqual(ColumnBatch expected, ColumnBatch actual, string context = "")
    {
        var where = $"{context} column '{expected.Column.DottedPath}'";
        int entries = Entries(expected);
        Assert.True(entries == Entries(actual), $"{where}: {entries} entries expected, {Entries(actual)} read");
        Assert.True(expected.ValueCount == actual.ValueCount, $"{where}: {expected.ValueCount} values expected, {actual.ValueCount} read");
        if (expected.Column.MaxDefinitionLevel > 0)
            AssertSpan(expected.DefinitionLevels.AsSpan(0, entries), actual.DefinitionLevels.AsSpan(0, entries), where + " definition levels");
        if (expected.Column.MaxRepetitionLevel > 0)
            AssertSpan(expected.RepetitionLevels.AsSpan(0, entries), actual.RepetitionLevels.AsSpan(0, entries), where + " repetition levels");
        int n = expected.ValueCount;
        switch (expected.Column.PhysicalType)
        {
            case PhysicalType.Boolean: AssertSpan(expected.Booleans.AsSpan(0, n), actual.Booleans.AsSpan(0, n), where); break;
            case PhysicalType.Int32: AssertSpan(expected.Int32s.AsSpan(0, n), actual.Int32s.AsSpan(0, n), where); break;
            case PhysicalType.Int64: AssertSpan(expected.Int64s.AsSpan(0, n), actual.Int64s.AsSpan(0, n), where); break;
            case PhysicalType.Float:
                AssertSpan(MemoryMarshal.Cast<float, int>(expected.Floats.AsSpan(0, n)), MemoryMarshal.Cast<float, int>(actual.Floats.AsSpan(0, n)), where);
                break;
            case PhysicalType.Double:
                AssertSpan(MemoryMarshal.Cast<double, long>(expected.Doubles.AsSpan(0, n)), MemoryMarshal.Cast<double, long>(actual.Doubles.AsSpan(0, n)), where);
                break;
            case PhysicalType.ByteArray:
                for (int i = 0; i < n; i++)
                {
                    if (!expected.ByteArrays[i].SequenceEqual(actual.ByteArrays[i]))
                        Assert.Fail($"{where}: value {i} differs ({expected.ByteArrays[i].Length} vs {actual.ByteArrays[i].Length} bytes)");
                }
                break;
            default:
                AssertSpan(expected.FixedBytes.AsSpan(0, n * expected.FixedWidth), actual.FixedBytes.AsSpan(0, n * expected.FixedWidth), where);
                break;
        }
    }

    private static void AssertSpan<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string where) where T : IEquatable<T>
    {
        if (expected.SequenceEqual(actual)) return;
        int i = 0;
        while (i < expected.Length && i < actual.Length && expected[i].Equals(actual[i])) i++;
        Assert.Fail($"{where}: differs at index {i}: expected {(i < expected.Length ? expected[i] : "end")}, read {(i < actual.Length ? actual[i] : "end")}");
    }

    /// <summary>Round trip: write the records in the given row groups, read back, compare batch by batch.</summary>
    public static byte[] RoundTrip(List<SchemaElement> schema, ParquetWriterOptions? options, params object?[][][] rowGroups)
    {
        var file = Write(schema, options, rowGroups);
        var nonEmpty = rowGroups.Where(g => g.Length > 0).ToList();
        var groups = ReadAll(file, out var reader);
        using (reader)
        {
            Assert.Equal(nonEmpty.Count, groups.Count);
            Assert.Equal(nonEmpty.Sum(g => (long)g.Length), reader.RowCount);
            for (int g = 0; g < groups.Count; g++)
            {
                var expected = Shred(schema, nonEmpty[g]);
                for (int c = 0; c < expected.Length; c++) AssertEqual(expected[c], groups[g][c], $"row group {g}");
            }
        }
        return file;
    }

    /// <summary>One decoded page header of a column chunk, with where its body is.</summary>
    public sealed record Page(PageHeader Header, long BodyOffset);

    /// <summary>Walks the page headers of a column chunk.</summary>
    public static List<Page> Pages(byte[] file, ColumnMetaData meta)
    {
        var pages = new List<Page>();
        long pos = meta.DictionaryPageOffset ?? meta.DataPageOffset;
        long end = pos + meta.TotalCompressedSize;
        while (pos < end)
        {
            Assert.True(PageHeaderDecoder.TryDecode(file.AsSpan((int)pos, (int)(end - pos)), out var header, out var consumed), "page header decodes");
            pages.Add(new Page(header, pos + consumed));
            pos += consumed + header.CompressedPageSize;
        }
        Assert.Equal(end, pos);
        return pages;
    }

    public static ParquetFileReader Open(byte[] file) => new(new MemoryStream(file));
}
