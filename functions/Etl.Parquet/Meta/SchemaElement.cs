namespace Etl.Parquet.Meta;

/// <summary>One node of the flattened (depth-first) schema list in the footer.</summary>
public sealed class SchemaElement
{
    /// <summary>Physical type; null for groups.</summary>
    public PhysicalType? Type { get; set; }
    public int? TypeLength { get; set; }
    public FieldRepetitionType? RepetitionType { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Number of children; null (or absent) for leaves.</summary>
    public int? NumChildren { get; set; }
    public ConvertedType? ConvertedType { get; set; }
    public int? Scale { get; set; }
    public int? Precision { get; set; }
    public int? FieldId { get; set; }
    public LogicalType? LogicalType { get; set; }
}
