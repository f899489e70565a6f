namespace Etl.Parquet.Meta;

/// <summary>
/// The parquet.thrift <c>LogicalType</c> union, flattened: <see cref="Kind"/> says which member is set and the
/// other properties carry that member's parameters.
/// </summary>
public sealed class LogicalType
{
    public LogicalTypeKind Kind { get; set; }

    /// <summary>The raw union field id, so an unknown member can still be reported.</summary>
    public short FieldId { get; set; }

    // DECIMAL
    public int Scale { get; set; }
    public int Precision { get; set; }

    // TIME, TIMESTAMP
    public bool IsAdjustedToUtc { get; set; }
    public TimeUnit Unit { get; set; }

    // INTEGER
    public int BitWidth { get; set; }
    public bool IsSigned { get; set; }
}
