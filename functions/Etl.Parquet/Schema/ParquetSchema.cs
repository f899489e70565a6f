using Etl.Parquet.Meta;

namespace Etl.Parquet.Schema;

/// <summary>The schema tree rebuilt from the footer's depth-first element list, with its leaf columns.</summary>
public sealed class ParquetSchema
{
    /// <summary>Deeper nesting than this is refused: real files stay far below it, hostile ones would exhaust the stack.</summary>
    public const int MaxDepth = 100;

    /// <summary>Largest decimal scale accepted; a 16-byte decimal holds 38 digits, anything far beyond is corruption.</summary>
    public const int MaxDecimalScale = 1000;

    private ParquetSchema(SchemaNode root, IReadOnlyList<ColumnDescriptor> columns)
    {
        Root = root;
        Columns = columns;
    }

    public SchemaNode Root { get; }
    public IReadOnlyList<ColumnDescriptor> Columns { get; }

    /// <summary>Builds the tree; throws <see cref="ParquetFormatException"/> when the element list is not a well-formed tree.</summary>
    public static ParquetSchema Build(IReadOnlyList<SchemaElement> elements)
    {
        if (elements.Count == 0) throw new ParquetFormatException("the footer's schema is empty");
        var rootElement = elements[0];
        if (rootElement.NumChildren is not > 0 && elements.Count > 1)
            throw new ParquetFormatException("the schema root declares no children but more schema elements follow");
        var root = new SchemaNode(rootElement, null);
        var columns = new List<ColumnDescriptor>();
        var next = 1;
        // Iterative depth-first build: a stack of (node, children still expected) avoids recursion on hostile depth.
        var stack = new Stack<(SchemaNode Node, int Remaining)>();
        stack.Push((root, rootElement.NumChildren ?? 0));
        var path = new List<string>();
        while (stack.Count > 0)
        {
            var (parent, remaining) = stack.Pop();
            if (remaining == 0)
            {
                Finish(parent);
                if (path.Count > 0 && parent.Parent is not null) path.RemoveAt(path.Count - 1);
                continue;
            }
            stack.Push((parent, remaining - 1));
            if (next >= elements.Count)
                throw new ParquetFormatException($"the schema declares more children under '{parent.Name}' than the footer holds elements");
            var element = elements[next++];
            var node = new SchemaNode(element, parent);
            parent.AddChild(node);
            if (node.Depth > MaxDepth) throw new ParquetFormatException($"the schema nests deeper than {MaxDepth} levels");
            var childCount = element.NumChildren ?? 0;
            if (childCount < 0) throw new ParquetFormatException($"schema element '{element.Name}' declares {childCount} children");
            if (childCount > elements.Count - next)
                throw new ParquetFormatException($"schema element '{element.Name}' declares {childCount} children, more than the footer holds");
            if (element.Type is null && childCount == 0 && element.NumChildren is null)
                throw new ParquetFormatException($"schema element '{element.Name}' has neither a physical type nor children");
            if (element.Type is not null && childCount == 0)
            {
                path.Add(element.Name);
                node.FirstLeafIndex = columns.Count;
                node.LeafCount = 1;
                var column = new ColumnDescriptor(node, columns.Count, [.. path]);
                node.Column = column;
                columns.Add(column);
                path.RemoveAt(path.Count - 1);
                ValidateLeaf(column);
            }
            else
            {
                path.Add(element.Name);
                stack.Push((node, childCount));
            }
        }
        if (next != elements.Count)
            throw new ParquetFormatException($"the footer holds {elements.Count - next} schema elements outside the tree");
        if (columns.Count == 0 && elements.Count > 1) throw new ParquetFormatException("the schema has no leaf columns");
        return new ParquetSchema(root, columns);
    }

    private static void Finish(SchemaNode group)
    {
        if (group.IsLeaf) return;
        var children = group.Children;
        group.FirstLeafIndex = children.Count > 0 ? children[0].FirstLeafIndex : 0;
        var count = 0;
        for (var i = 0; i < children.Count; i++) count += children[i].LeafCount;
        group.LeafCount = count;
    }

    private static void ValidateLeaf(ColumnDescriptor c)
    {
        if (c.Kind == ValueKind.Decimal && (c.Scale < 0 || c.Scale > MaxDecimalScale || (c.Precision > 0 && c.Scale > c.Precision)))
            throw new ParquetFormatException($"column '{c.DottedPath}' declares DECIMAL({c.Precision}, {c.Scale}); the scale must be between 0 and the precision");
        if (c.PhysicalType == PhysicalType.FixedLenByteArray && c.TypeLength <= 0)
            throw new ParquetFormatException($"column '{c.DottedPath}' is FIXED_LEN_BYTE_ARRAY without a positive type_length");
        if ((int)c.PhysicalType is < 0 or > 7)
            throw new ParquetFormatException($"column '{c.DottedPath}' has unknown physical type {(int)c.PhysicalType}");
    }
}
