namespace Etl.Parquet.Meta;

/// <summary>A key-value metadata entry; the value is optional in the format.</summary>
public sealed record KeyValue(string Key, string? Value);
