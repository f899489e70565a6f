using Etl.Core.Datasets;

namespace Etl.Core.Normalize;

/// <summary>One table of a normalization: its rows' shape, columns, key rule, children and expected rows.</summary>
internal sealed class TablePlan(string name, TablePlan? parent, TableKind kind, string sourcePath, int depth)
{
    public string Name { get; } = name;
    public TablePlan? Parent { get; } = parent;
    public TableKind Kind { get; } = kind;

    /// <summary>Where the rows come from (<c>payload.commits[]</c>; empty for the root).</summary>
    public string SourcePath { get; } = sourcePath;

    /// <summary>Child-table levels above this table (0 for the root).</summary>
    public int Depth { get; } = depth;

    public ulong Seed { get; } = RowHash.Seed(name);

    /// <summary>The table's place in the planner's list (and in the array of writers).</summary>
    public int Index;

    /// <summary>Rows the survey counted: records, array elements or map entries.</summary>
    public long ExpectedRows;

    /// <summary>The most elements one parent row had (fan-out, for the recommendation).</summary>
    public long MaxPerParent;

    /// <summary>The object a row is walked by (root of objects, object elements, map values that are objects).</summary>
    public FieldPlan? Row;

    /// <summary>The <c>value</c> column (scalar elements, a root of values, map values that are not objects).</summary>
    public ColumnPlan? Value;

    /// <summary>The <c>key</c> column of a map table.</summary>
    public ColumnPlan? MapKey;

    public List<ColumnPlan> Columns { get; } = [];
    public List<TablePlan> Children { get; } = [];

    /// <summary>The natural key's column and its UTF-8 name (found in a row before its children are written).</summary>
    public ColumnPlan? NaturalKeyColumn;
    public byte[]? NaturalKeyName;
    public NaturalKey? NaturalKey;

    /// <summary>How a root without a natural key makes its keys (the note of its <c>_etl_key</c> in tables.json).</summary>
    public string? KeyRule;

    public int ReservedCount => Kind == TableKind.Root ? 1 : 4;

    public ColumnPlan Add(ColumnPlan column)
    {
        column.Index = Columns.Count;
        column.Leaf = ReservedCount + Columns.Count;
        column.Seed = RowHash.Mix(Seed, (ulong)column.Leaf);
        Columns.Add(column);
        return column;
    }
}
