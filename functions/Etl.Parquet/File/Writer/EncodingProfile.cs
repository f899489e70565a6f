namespace Etl.Parquet.File;

/// <summary>
/// Which value encodings <see cref="ParquetFileWriter"/> may choose besides PLAIN and RLE_DICTIONARY
/// (see <see cref="ParquetWriterOptions.Encodings"/>).
/// </summary>
public enum EncodingProfile
{
    /// <summary>
    /// Files every common reader opens (checked against DuckDB, Apache Arrow/ParquetSharp, Parquet.Net and
    /// hyparquet): DELTA_BINARY_PACKED only on integer columns of 16, 32 or 64 bits and TIME columns (not on
    /// DATE, TIMESTAMP, DECIMAL or 8-bit INTEGER columns: Parquet.Net 6.1 cannot decode it there),
    /// BYTE_STREAM_SPLIT on FLOAT and DOUBLE.
    /// </summary>
    Compatible,

    /// <summary>
    /// The smallest files: DELTA_BINARY_PACKED on every INT32/INT64 column where it is smaller, BYTE_STREAM_SPLIT
    /// on FLOAT and DOUBLE. DuckDB, Arrow/ParquetSharp and hyparquet read them; Parquet.Net 6.1 fails on DATE,
    /// TIMESTAMP, DECIMAL and 8-bit integer columns so encoded. About 5 % smaller on the JSON → Parquet
    /// benchmark (its timestamp column).
    /// </summary>
    SizeOptimized,
}
