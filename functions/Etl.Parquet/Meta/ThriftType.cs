namespace Etl.Parquet.Meta;

/// <summary>Wire type ids of the Thrift compact protocol (the low nibble of a field or list header).</summary>
internal enum ThriftType : byte
{
    /// <summary>Ends a struct; never a value.</summary>
    Stop = 0,
    /// <summary>A bool field whose value (true) is the type itself; in collections, any bool element.</summary>
    BooleanTrue = 1,
    /// <summary>A bool field whose value (false) is the type itself; in collections, any bool element.</summary>
    BooleanFalse = 2,
    Byte = 3,
    I16 = 4,
    I32 = 5,
    I64 = 6,
    Double = 7,
    Binary = 8,
    List = 9,
    Set = 10,
    Map = 11,
    Struct = 12,
    /// <summary>16 raw bytes; added to Thrift after parquet.thrift, only ever skipped here.</summary>
    Uuid = 13,
}
