using Etl.Parquet.Meta;

namespace Etl.Parquet.Schema;

/// <summary>A leaf column: where it sits in the tree, its levels, and how its values are to be read.</summary>
public sealed class ColumnDescriptor
{
    internal ColumnDescriptor(SchemaNode node, int index, string[] path)
    {
        Node = node;
        Index = index;
        Path = path;
        DottedPath = string.Join('.', path);
        PhysicalType = node.Element.Type!.Value;
        TypeLength = node.Element.TypeLength ?? 0;
        MaxDefinitionLevel = node.MaxDefinitionLevel;
        MaxRepetitionLevel = node.MaxRepetitionLevel;
        Kind = ValueKindResolver.Resolve(node.Element, out var scale, out var precision, out var utc);
        Scale = scale;
        Precision = precision;
        IsAdjustedToUtc = utc;
    }

    public SchemaNode Node { get; }
    /// <summary>Position among the leaf columns (= position in each row group's column chunk list).</summary>
    public int Index { get; }
    public IReadOnlyList<string> Path { get; }
    public string DottedPath { get; }
    public PhysicalType PhysicalType { get; }
    /// <summary>Byte width of FIXED_LEN_BYTE_ARRAY values (12 for INT96); 0 otherwise.</summary>
    public int TypeLength { get; }
    public int MaxDefinitionLevel { get; }
    public int MaxRepetitionLevel { get; }
    public ValueKind Kind { get; }
    public int Scale { get; }
    public int Precision { get; }
    public bool IsAdjustedToUtc { get; }

    public override string ToString() => DottedPath;
}
