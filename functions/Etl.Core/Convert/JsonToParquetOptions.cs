using Etl.Core.Json;
using Etl.Parquet.File;

namespace Etl.Core.Convert;

/// <summary>Options of a JSON → Parquet conversion (and of inference and normalization).</summary>
public sealed record JsonToParquetOptions
{
    /// <summary>Reader limits: nesting depth, record size, keys per object.</summary>
    public JsonReadOptions Read { get; init; } = new();

    /// <summary>
    /// Writer settings: compression (SNAPPY by default), row groups of 128 MiB or 1,000,000 rows as the spec's
    /// defaults say, page size, dictionary, statistics. Full row groups are written by a background task while the
    /// next one fills.
    /// </summary>
    public ParquetWriterOptions Writer { get; init; } = ParquetWriterOptions.Default;

    /// <summary>
    /// Receives the fraction done (0–1), never decreasing: with two passes inference is the first half and writing
    /// the second; a single pass reports its writing as the whole.
    /// </summary>
    public IProgress<double>? Progress { get; init; }

    /// <summary>
    /// Where temporary files go (a spooled copy of a non-seekable input; the intermediate Parquet file of
    /// <see cref="JsonToParquet.Normalize"/>); null = the system temp directory.
    /// </summary>
    public string? TempDirectory { get; init; }

    /// <summary>
    /// Cores that parse and shred an NDJSON input at once (it is cut into blocks of whole lines); 1 = record by
    /// record on the calling thread. The output is the same either way. Other layouts (a top-level array, a
    /// pretty-printed object) are read on one core.
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Input bytes per block of lines when NDJSON is shredded in parallel (small in tests, to cut often).</summary>
    internal int ParallelBlockBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Records (and input bytes) the single-pass conversion infers its schema from before it starts writing; 0 =
    /// always two passes (tests compare both ways).
    /// </summary>
    internal long SinglePassPrefixRecords { get; init; } = 10_000;

    /// <summary>Input bytes after which the single-pass prefix ends even with fewer records.</summary>
    internal long SinglePassPrefixBytes { get; init; } = 8L * 1024 * 1024;
}

/// <summary>What a JSON → Parquet conversion (or normalization) produced.</summary>
/// <param name="RowCount">Rows written: one per record.</param>
/// <param name="BytesWritten">Bytes of output written.</param>
/// <param name="InferredSchema">The schema the rows were written with.</param>
public sealed record JsonConversionResult(long RowCount, long BytesWritten, InferredSchema InferredSchema);
