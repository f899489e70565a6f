namespace Etl.Parquet.Meta;

/// <summary>parquet.thrift <c>PageHeader</c>; exactly one of the type-specific headers is expected to be set.</summary>
public sealed class PageHeader
{
    /// <summary>The page type as written; may be a value newer than <see cref="PageType"/> knows.</summary>
    public PageType Type { get; set; }
    public int UncompressedPageSize { get; set; }
    public int CompressedPageSize { get; set; }
    /// <summary>CRC-32 (IEEE) of the page's bytes as stored (after compression), when present.</summary>
    public int? Crc { get; set; }
    public DataPageHeader? DataPageHeader { get; set; }
    public DictionaryPageHeader? DictionaryPageHeader { get; set; }
    public DataPageHeaderV2? DataPageHeaderV2 { get; set; }
}

/// <summary>parquet.thrift <c>DataPageHeader</c> (v1).</summary>
public sealed class DataPageHeader
{
    public int NumValues { get; set; }
    public Encoding Encoding { get; set; }
    public Encoding DefinitionLevelEncoding { get; set; }
    public Encoding RepetitionLevelEncoding { get; set; }
    public Statistics? Statistics { get; set; }
}

/// <summary>parquet.thrift <c>DictionaryPageHeader</c>.</summary>
public sealed class DictionaryPageHeader
{
    public int NumValues { get; set; }
    public Encoding Encoding { get; set; }
    public bool? IsSorted { get; set; }
}

/// <summary>parquet.thrift <c>DataPageHeaderV2</c>: levels are stored uncompressed before the values.</summary>
public sealed class DataPageHeaderV2
{
    public int NumValues { get; set; }
    public int NumNulls { get; set; }
    public int NumRows { get; set; }
    public Encoding Encoding { get; set; }
    public int DefinitionLevelsByteLength { get; set; }
    public int RepetitionLevelsByteLength { get; set; }
    /// <summary>Defaults to true when absent, as the format says.</summary>
    public bool IsCompressed { get; set; } = true;
    public Statistics? Statistics { get; set; }
}
