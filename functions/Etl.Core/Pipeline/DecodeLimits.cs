using Etl.Parquet.File;

namespace Etl.Core.Pipeline;

/// <summary>
/// How much memory decoding one Parquet row group may take. The reader decodes a whole row group's columns at a
/// time, so an 11 KB file holding one row group of 23 million identical strings needs over a gigabyte; past the
/// budget the codec stops with <see cref="Etl.Parquet.ParquetRowGroupTooLargeException"/> while it decodes.
/// </summary>
public static class DecodeLimits
{
    public const string MaxBytesSetting = "ETL_MAX_DECODE_BYTES";

    /// <summary>
    /// 1 GiB: several times what the row groups of common writers decode to (Spark's and parquet-mr's 128 MB and
    /// pyarrow's 1Mi-row groups take a few hundred MB; DuckDB writes 122,880 rows per group), and below the
    /// 1.1 GiB that the 23-million-row hostile file needs.
    /// </summary>
    public const long DefaultMaxBytes = ParquetReadOptions.DefaultMaxDecodedRowGroupBytes;

    /// <summary>Reader settings that hold each row group to <paramref name="maxBytes"/>.</summary>
    public static ParquetReadOptions ReadOptions(long maxBytes) =>
        maxBytes == ParquetReadOptions.Default.MaxDecodedRowGroupBytes
            ? ParquetReadOptions.Default
            : ParquetReadOptions.Default with { MaxDecodedRowGroupBytes = maxBytes };
}
