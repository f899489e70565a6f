using Etl.Parquet.Meta;

namespace Etl.Parquet.Schema;

/// <summary>One field of the schema tree: a group (struct, list, map) or a leaf column.</summary>
public sealed class SchemaNode
{
    private readonly List<SchemaNode> _children = [];

    internal SchemaNode(SchemaElement element, SchemaNode? parent)
    {
        Element = element;
        Parent = parent;
        Repetition = parent is null ? FieldRepetitionType.Required : element.RepetitionType ?? FieldRepetitionType.Optional;
        var parentDef = parent?.MaxDefinitionLevel ?? 0;
        var parentRep = parent?.MaxRepetitionLevel ?? 0;
        MaxDefinitionLevel = Repetition == FieldRepetitionType.Required ? parentDef : parentDef + 1;
        MaxRepetitionLevel = Repetition == FieldRepetitionType.Repeated ? parentRep + 1 : parentRep;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    public string Name => Element.Name;
    public SchemaElement Element { get; }
    public SchemaNode? Parent { get; }
    public FieldRepetitionType Repetition { get; }
    public IReadOnlyList<SchemaNode> Children => _children;
    public bool IsLeaf => Element.Type is not null && _children.Count == 0;
    public int Depth { get; }

    /// <summary>Definition level at which this node is present (counts every optional or repeated node on its path).</summary>
    public int MaxDefinitionLevel { get; }

    /// <summary>Repetition level of this node (counts every repeated node on its path).</summary>
    public int MaxRepetitionLevel { get; }

    /// <summary>The leaf column, for leaves.</summary>
    public ColumnDescriptor? Column { get; internal set; }

    /// <summary>Index of the first leaf column under this node (itself for a leaf).</summary>
    public int FirstLeafIndex { get; internal set; }

    /// <summary>Number of leaf columns under this node.</summary>
    public int LeafCount { get; internal set; }

    internal void AddChild(SchemaNode child) => _children.Add(child);

    public bool HasAnnotation(LogicalTypeKind logical, ConvertedType converted) =>
        Element.LogicalType?.Kind == logical || Element.ConvertedType == converted;

    public override string ToString() => Name;
}
