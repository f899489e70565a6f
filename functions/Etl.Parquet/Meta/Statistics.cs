namespace Etl.Parquet.Meta;

/// <summary>Column chunk or page statistics; min/max are the plain-encoded bytes of the value.</summary>
public sealed class Statistics
{
    /// <summary>Deprecated signed-order max (field 1).</summary>
    public byte[]? Max { get; set; }
    /// <summary>Deprecated signed-order min (field 2).</summary>
    public byte[]? Min { get; set; }
    public long? NullCount { get; set; }
    public long? DistinctCount { get; set; }
    public byte[]? MaxValue { get; set; }
    public byte[]? MinValue { get; set; }
    public bool? IsMaxValueExact { get; set; }
    public bool? IsMinValueExact { get; set; }
    /// <summary>Count of NaN values (field 9); absent means NaNs may be present.</summary>
    public long? NanCount { get; set; }
}
