namespace Etl.Parquet.Meta;

/// <summary>The file footer (parquet.thrift <c>FileMetaData</c>), the fields the product uses.</summary>
public sealed class FileMetaData
{
    public int Version { get; set; }
    public List<SchemaElement> Schema { get; set; } = [];
    public long NumRows { get; set; }
    public List<RowGroup> RowGroups { get; set; } = [];
    public List<KeyValue>? KeyValueMetadata { get; set; }
    public string? CreatedBy { get; set; }
    /// <summary>True when the footer declares an encryption algorithm (plaintext-footer encryption).</summary>
    public bool HasEncryptionAlgorithm { get; set; }
}

/// <summary>parquet.thrift <c>RowGroup</c>.</summary>
public sealed class RowGroup
{
    public List<ColumnChunk> Columns { get; set; } = [];
    public long TotalByteSize { get; set; }
    public long NumRows { get; set; }
    public long? FileOffset { get; set; }
    public long? TotalCompressedSize { get; set; }
    public short? Ordinal { get; set; }
}

/// <summary>parquet.thrift <c>ColumnChunk</c>.</summary>
public sealed class ColumnChunk
{
    public string? FilePath { get; set; }
    public long FileOffset { get; set; }
    public ColumnMetaData? MetaData { get; set; }
    public long? OffsetIndexOffset { get; set; }
    public int? OffsetIndexLength { get; set; }
    public long? ColumnIndexOffset { get; set; }
    public int? ColumnIndexLength { get; set; }
    /// <summary>True when the chunk carries crypto metadata (an encrypted column).</summary>
    public bool HasCryptoMetadata { get; set; }
}

/// <summary>parquet.thrift <c>ColumnMetaData</c>.</summary>
public sealed class ColumnMetaData
{
    public PhysicalType Type { get; set; }
    public List<Encoding> Encodings { get; set; } = [];
    public List<string> PathInSchema { get; set; } = [];
    public CompressionCodec Codec { get; set; }
    public long NumValues { get; set; }
    public long TotalUncompressedSize { get; set; }
    public long TotalCompressedSize { get; set; }
    public List<KeyValue>? KeyValueMetadata { get; set; }
    public long DataPageOffset { get; set; }
    public long? IndexPageOffset { get; set; }
    public long? DictionaryPageOffset { get; set; }
    public Statistics? Statistics { get; set; }
    public long? BloomFilterOffset { get; set; }
    public int? BloomFilterLength { get; set; }
}
