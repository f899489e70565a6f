using Etl.Core.Json;
using Etl.Parquet.File;

namespace Etl.Core.Convert;

/// <summary>Options of a JSON → Parquet conversion (and of inference and normalization).</summary>
public sealed record JsonToParquetOptions
{
    /// <summary>Reader limits: nesting depth, record size, keys per object.</summary>
    public JsonReadOptions Read { get; init; } = new();

    /// <summary>
    /// Writer settings: compression (SNAPPY by default), row group size (128 MiB or 1,000,000 rows), page size,
    /// dictionary, statistics.
    /// </summary>
    public ParquetWriterOptions Writer { get; init; } = ParquetWriterOptions.Default;

    /// <summary>Receives the fraction done (0–1): inference is the first half, writing the second.</summary>
    public IProgress<double>? Progress { get; init; }

    /// <summary>
    /// Where temporary files go (a spooled copy of a non-seekable input; the intermediate Parquet file of
    /// <see cref="JsonToParquet.Normalize"/>); null = the system temp directory.
    /// </summary>
    public string? TempDirectory { get; init; }
}

/// <summary>What a JSON → Parquet conversion (or normalization) produced.</summary>
/// <param name="RowCount">Rows written: one per record.</param>
/// <param name="BytesWritten">Bytes of output written.</param>
/// <param name="InferredSchema">The schema the rows were written with.</param>
public sealed record JsonConversionResult(long RowCount, long BytesWritten, InferredSchema InferredSchema);
