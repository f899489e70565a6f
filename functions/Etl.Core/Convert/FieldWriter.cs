using Etl.Parquet.File;

namespace Etl.Core.Convert;

/// <summary>
/// Writes one field of a record from the leaf columns' levels (Dremel record assembly). The tree of writers is
/// built once per file from the schema; writing a row walks it, consuming level entries from the cursor.
/// </summary>
internal abstract class FieldWriter
{
    protected FieldWriter(int firstLeaf, int leafCount, int definition, bool nullable)
    {
        FirstLeaf = firstLeaf;
        LeafCount = leafCount;
        Definition = definition;
        Nullable = nullable;
    }

    /// <summary>The leaf whose levels say whether this field is present (any leaf below would do; the first is used).</summary>
    public int FirstLeaf { get; }
    public int LeafCount { get; }
    /// <summary>Definition level at which this field is present.</summary>
    public int Definition { get; }
    public bool Nullable { get; }

    public void Write(RowCursor cursor, JsonBuffer output)
    {
        if (Nullable && LeafCount > 0 && cursor.Definition(FirstLeaf) < Definition)
        {
            output.Write("null"u8);
            Skip(cursor);
            return;
        }
        WriteContent(cursor, output);
    }

    protected abstract void WriteContent(RowCursor cursor, JsonBuffer output);

    /// <summary>An absent field (null, or an empty list) has exactly one level entry in each leaf below it.</summary>
    protected void Skip(RowCursor cursor)
    {
        var levels = cursor.Level;
        for (var leaf = FirstLeaf; leaf < FirstLeaf + LeafCount; leaf++) levels[leaf]++;
    }
}

/// <summary>A leaf column's value.</summary>
internal sealed class LeafWriter(int leaf, int definition, bool nullable) : FieldWriter(leaf, 1, definition, nullable)
{
    protected override void WriteContent(RowCursor cursor, JsonBuffer output)
    {
        var batch = cursor.Batches[FirstLeaf];
        var level = cursor.Level[FirstLeaf];
        if (level >= batch.LevelCount) throw RowCursor.Disagree(batch);
        // Levels decide, not the schema: a sibling column may have claimed the parent present while this
        // column's own entry says otherwise (a corrupt file); writing null keeps the output consistent.
        if (batch.Column.MaxDefinitionLevel > 0 && batch.DefinitionLevels[level] < batch.Column.MaxDefinitionLevel)
        {
            output.Write("null"u8);
        }
        else
        {
            var value = cursor.Value[FirstLeaf]++;
            if (value >= batch.ValueCount) throw RowCursor.Disagree(batch);
            JsonValueWriter.Write(batch, value, output);
        }
        cursor.Level[FirstLeaf] = level + 1;
    }
}

/// <summary>A group written as an object with its fields in schema order.</summary>
internal sealed class StructWriter(int firstLeaf, int leafCount, int definition, bool nullable, byte[][] keys, FieldWriter[] fields)
    : FieldWriter(firstLeaf, leafCount, definition, nullable)
{
    protected override void WriteContent(RowCursor cursor, JsonBuffer output)
    {
        output.Write((byte)'{');
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) output.Write((byte)',');
            output.Write(keys[i]);
            fields[i].Write(cursor, output);
        }
        output.Write((byte)'}');
    }
}

/// <summary>
/// A repeated field written as an array: a LIST-annotated group (three-level or legacy two-level) or a bare
/// repeated field. <paramref name="elementDefinition"/> and <paramref name="repetition"/> belong to the repeated node.
/// </summary>
internal sealed class ListWriter(int firstLeaf, int leafCount, int definition, bool nullable, int elementDefinition, int repetition, FieldWriter element)
    : FieldWriter(firstLeaf, leafCount, definition, nullable)
{
    protected override void WriteContent(RowCursor cursor, JsonBuffer output)
    {
        if (cursor.Definition(FirstLeaf) < elementDefinition)
        {
            output.Write("[]"u8);
            Skip(cursor);
            return;
        }
        output.Write((byte)'[');
        while (true)
        {
            element.Write(cursor, output);
            if (!cursor.Continues(FirstLeaf, repetition)) break;
            output.Write((byte)',');
        }
        output.Write((byte)']');
    }
}

/// <summary>
/// A MAP: an object when keys are strings, otherwise an array of {"key","value"} objects. A map without a value
/// field (seen in the wild) is written as the array of its keys.
/// </summary>
internal sealed class MapWriter(int firstLeaf, int leafCount, int definition, bool nullable, int entryDefinition, int repetition,
    FieldWriter key, FieldWriter? value, bool stringKeys) : FieldWriter(firstLeaf, leafCount, definition, nullable)
{
    protected override void WriteContent(RowCursor cursor, JsonBuffer output)
    {
        var asObject = stringKeys && value is not null;
        if (cursor.Definition(FirstLeaf) < entryDefinition)
        {
            output.Write(asObject ? "{}"u8 : "[]"u8);
            Skip(cursor);
            return;
        }
        output.Write(asObject ? (byte)'{' : (byte)'[');
        while (true)
        {
            if (value is null)
            {
                key.Write(cursor, output);
            }
            else if (asObject)
            {
                WriteKey(cursor, output);
                output.Write((byte)':');
                value.Write(cursor, output);
            }
            else
            {
                output.Write("{\"key\":"u8);
                key.Write(cursor, output);
                output.Write(",\"value\":"u8);
                value.Write(cursor, output);
                output.Write((byte)'}');
            }
            if (!cursor.Continues(FirstLeaf, repetition)) break;
            output.Write((byte)',');
        }
        output.Write(asObject ? (byte)'}' : (byte)']');
    }

    private void WriteKey(RowCursor cursor, JsonBuffer output)
    {
        // Keys are required by the format, but some writers (e.g. Presto) declare them optional; a null key
        // becomes the string "null" so the object stays valid JSON.
        var start = output.Length;
        key.Write(cursor, output);
        if (output.Length - start == 4 && output.Written[start] == (byte)'n')
        {
            output.Advance(-4);
            output.Write("\"null\""u8);
        }
    }
}
