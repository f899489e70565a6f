using Etl.Parquet.Meta;

namespace Etl.Parquet.File;

/// <summary>Settings of <see cref="ParquetFileWriter"/>. The defaults are the product's "JSON → Parquet" defaults.</summary>
public sealed record ParquetWriterOptions
{
    public static ParquetWriterOptions Default { get; } = new();

    /// <summary>Page codec: UNCOMPRESSED, SNAPPY, GZIP, BROTLI, ZSTD or LZ4_RAW.</summary>
    public CompressionCodec Compression { get; init; } = CompressionCodec.Snappy;

    /// <summary>ZSTD/GZIP/BROTLI level; null = the codec's default. Ignored by the other codecs.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>
    /// Advisory: callers flush a row group once <see cref="ParquetFileWriter.EstimatedBufferedBytes"/> reaches it.
    /// The writer writes every row group it is handed as one row group.
    /// </summary>
    public long RowGroupBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>Advisory: callers flush a row group once it holds this many rows.</summary>
    public int RowGroupRows { get; init; } = 1_000_000;

    /// <summary>
    /// Target size of a data page before compression (estimated from the values and levels). Pages end at row
    /// boundaries, so one very large row (a 5 MB string, a huge list) makes a page larger than this.
    /// </summary>
    public int PageBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Largest dictionary page (PLAIN-encoded size). When a column chunk's distinct values outgrow it, the rest of
    /// the chunk is written without the dictionary.
    /// </summary>
    public int DictionaryBytesLimit { get; init; } = 1024 * 1024;

    /// <summary>
    /// Which encodings the writer may pick where they make a column smaller: <see cref="EncodingProfile.Compatible"/>
    /// (the default: files every common reader opens) or <see cref="EncodingProfile.SizeOptimized"/>
    /// (DELTA_BINARY_PACKED on date, timestamp, decimal and 8-bit integer columns too, which Parquet.Net cannot read).
    /// </summary>
    public EncodingProfile Encodings { get; init; } = EncodingProfile.Compatible;

    /// <summary>Dictionary-encode columns where it makes them smaller.</summary>
    public bool Dictionary { get; init; } = true;

    /// <summary>Write min/max/null_count statistics per page and per column chunk.</summary>
    public bool Statistics { get; init; } = true;

    /// <summary>Application name in the footer's created_by, completed to "name version x.y.z (build …)".</summary>
    public string CreatedBy { get; init; } = "agentic-etl";

    /// <summary>1 writes DATA_PAGE (v1, the most widely readable); 2 writes DATA_PAGE_V2.</summary>
    public int DataPageVersion { get; init; } = 1;

    /// <summary>
    /// How many column chunks of a row group are encoded at once, each on its own thread: 0 (the default) = one
    /// per processor (<see cref="Environment.ProcessorCount"/>), 1 = one after another on the calling thread.
    /// The file is byte for byte the same whatever the setting. Small row groups (under about 32,000 level entries
    /// in all) and single-column schemas are always encoded on the calling thread.
    /// In parallel, each column's encoded chunk is held in memory until the chunks before it are written, so up to
    /// about one compressed row group is buffered (and the buffers are kept for the next row group).
    /// </summary>
    public int EncodeParallelism { get; init; }
}
