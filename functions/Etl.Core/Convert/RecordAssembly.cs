using System.Text;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Core.Convert;

/// <summary>
/// Builds the <see cref="FieldWriter"/> tree for a schema, recognising LIST and MAP in their standard forms and
/// in the legacy ones the format's backward-compatibility rules describe (two-level lists, bare repeated
/// fields, MAP_KEY_VALUE, maps without values).
/// </summary>
internal static class RecordAssembly
{
    /// <summary>The writer for a whole row: the root's fields as one object.</summary>
    public static FieldWriter ForRows(ParquetSchema schema) => Content(schema.Root);

    private static FieldWriter Field(SchemaNode node)
    {
        if (node.Repetition == FieldRepetitionType.Repeated)
            return new ListWriter(node.FirstLeafIndex, node.LeafCount, node.MaxDefinitionLevel - 1, false,
                node.MaxDefinitionLevel, node.MaxRepetitionLevel, Content(node));
        var nullable = node.Repetition == FieldRepetitionType.Optional;
        if (node.IsLeaf) return new LeafWriter(node.FirstLeafIndex, node.MaxDefinitionLevel, nullable);
        if (IsList(node, out var repeated)) return List(node, repeated, nullable);
        if (IsMap(node, out var entries)) return Map(node, entries, nullable);
        return Struct(node, nullable);
    }

    /// <summary>A node's value once it is known to be present (a repeated node's single element).</summary>
    private static FieldWriter Content(SchemaNode node)
    {
        if (node.IsLeaf) return new LeafWriter(node.FirstLeafIndex, node.MaxDefinitionLevel, false);
        if (node.Parent is not null && IsList(node, out var repeated)) return List(node, repeated, false);
        if (node.Parent is not null && IsMap(node, out var entries)) return Map(node, entries, false);
        return Struct(node, false);
    }

    private static StructWriter Struct(SchemaNode node, bool nullable)
    {
        var children = node.Children;
        var keys = new byte[children.Count][];
        var fields = new FieldWriter[children.Count];
        for (var i = 0; i < children.Count; i++)
        {
            keys[i] = JsonText.Key(children[i].Name);
            fields[i] = Field(children[i]);
        }
        return new StructWriter(node.FirstLeafIndex, node.LeafCount, node.MaxDefinitionLevel, nullable, keys, fields);
    }

    private static bool IsList(SchemaNode node, out SchemaNode repeated)
    {
        repeated = null!;
        if (!node.HasAnnotation(LogicalTypeKind.List, ConvertedType.List)) return false;
        if (node.Children.Count != 1 || node.Children[0].Repetition != FieldRepetitionType.Repeated) return false;
        repeated = node.Children[0];
        return true;
    }

    private static ListWriter List(SchemaNode list, SchemaNode repeated, bool nullable)
    {
        FieldWriter element;
        if (repeated.IsLeaf)
        {
            element = new LeafWriter(repeated.FirstLeafIndex, repeated.MaxDefinitionLevel, false);
        }
        else if (repeated.Children.Count > 1 || repeated.Name == "array" || repeated.Name == list.Name + "_tuple")
        {
            // Legacy two-level list whose element is the repeated group itself (which may be a LIST again).
            element = Content(repeated);
        }
        else
        {
            element = Field(repeated.Children[0]);
        }
        return new ListWriter(list.FirstLeafIndex, list.LeafCount, list.MaxDefinitionLevel, nullable,
            repeated.MaxDefinitionLevel, repeated.MaxRepetitionLevel, element);
    }

    private static bool IsMap(SchemaNode node, out SchemaNode entries)
    {
        entries = null!;
        if (!node.HasAnnotation(LogicalTypeKind.Map, ConvertedType.Map) && node.Element.ConvertedType != ConvertedType.MapKeyValue) return false;
        if (node.Children.Count != 1) return false;
        var child = node.Children[0];
        if (child.Repetition != FieldRepetitionType.Repeated || child.IsLeaf || child.Children.Count is < 1 or > 2) return false;
        entries = child;
        return true;
    }

    private static MapWriter Map(SchemaNode map, SchemaNode entries, bool nullable)
    {
        var keyNode = entries.Children[0];
        var key = Field(keyNode);
        var value = entries.Children.Count > 1 ? Field(entries.Children[1]) : null;
        var stringKeys = keyNode.Column?.Kind is ValueKind.String;
        return new MapWriter(map.FirstLeafIndex, map.LeafCount, map.MaxDefinitionLevel, nullable,
            entries.MaxDefinitionLevel, entries.MaxRepetitionLevel, key, value, stringKeys);
    }
}
