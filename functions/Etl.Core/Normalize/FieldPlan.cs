using Etl.Core.Json;

namespace Etl.Core.Normalize;

/// <summary>What a property of a row's object becomes.</summary>
internal enum FieldKind
{
    /// <summary>A column of the row (a scalar, a JSON text, or a LIST of scalars).</summary>
    Column,

    /// <summary>An object flattened into <c>a__b</c> columns of the same row.</summary>
    Object,

    /// <summary>An array whose elements are rows of a child table.</summary>
    ChildTable,

    /// <summary>An object with data keys whose entries are rows of a child table.</summary>
    MapTable,
}

/// <summary>One node of the tree a row's JSON is walked by.</summary>
internal sealed class FieldPlan(FieldKind kind)
{
    public FieldKind Kind { get; } = kind;
    public ColumnPlan? Column;
    public TablePlan? Table;

    /// <summary>The properties of an <see cref="FieldKind.Object"/>, found by name without allocating.</summary>
    public FieldTable<FieldPlan>? Fields;

    /// <summary>A number unique in the plan: a reader keeps, per object plan, which object last had each key.</summary>
    public int Id;
}
