using System.Buffers.Binary;
using System.Reflection;
using Etl.Parquet.Compression;
using Etl.Parquet.File.Writer;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Parquet.File;

/// <summary>
/// Streaming Parquet writer: row groups go to the output as they are handed over, column chunk by column chunk
/// and page by page (only forward writes, so the output may be a non-seekable stream); the footer follows on
/// <see cref="Close"/>. Not thread-safe.
/// </summary>
/// <remarks>
/// <para>Usage: <c>CreateBatches()</c>, fill each batch (levels and dense values, see <see cref="ColumnBatch"/>),
/// <c>WriteRowGroup(batches, rows)</c>, <c>Clear()</c> the batches, repeat, then <c>Close()</c>.</para>
/// <para>Files have DATA_PAGE (v1) pages by default, RLE levels, CRCs on every page, statistics per page and per
/// column chunk, TYPE_ORDER column orders and both logical and legacy converted types in the schema. Encodings are
/// chosen per column chunk; see <c>ColumnChunkWriter</c>.</para>
/// <para>The column chunks of a large row group are encoded on several cores at once
/// (<see cref="ParquetWriterOptions.EncodeParallelism"/>) and still written in column order, byte for byte as one
/// thread writes them; only the calling thread writes to the output.</para>
/// <para>Only <see cref="Close"/> writes the footer. <see cref="Dispose"/> without <see cref="Close"/> leaves the
/// output without one — never a file that looks complete — so an exception between row groups cannot produce a
/// valid-looking truncated file.</para>
/// </remarks>
public sealed class ParquetFileWriter : IDisposable
{
    /// <summary>Version written in created_by.</summary>
    public const string WriterVersion = "0.1.0";

    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly OutputSink _sink;
    private readonly ParquetWriterOptions _options;
    private readonly List<SchemaElement> _elements;
    private readonly ColumnChunkWriter[] _columns;
    private readonly WriterScratch _scratch = new();   // the calling thread's; parallel helpers have their own
    private readonly int _workers;
    private readonly int[][] _repeatedDefinitionLevels;
    private readonly List<RowGroup> _rowGroups = [];
    private readonly List<KeyValue> _keyValues = [];
    private ParallelChunkEncoder? _parallel;
    private long _rows;
    private bool _closed;
    private bool _disposed;
    private bool _failed;

    /// <param name="output">Where the file goes; written forward only, may be non-seekable.</param>
    /// <param name="schema">The footer's schema elements, depth-first, root first (as in parquet.thrift).</param>
    /// <param name="options">Writer settings; null = <see cref="ParquetWriterOptions.Default"/>.</param>
    /// <param name="leaveOpen">Keep <paramref name="output"/> open after <see cref="Close"/> / <see cref="Dispose"/>.</param>
    /// <exception cref="ParquetFormatException">The schema is not a well-formed tree.</exception>
    /// <exception cref="ArgumentException">An option is out of range or the stream cannot be written.</exception>
    public ParquetFileWriter(Stream output, IReadOnlyList<SchemaElement> schema, ParquetWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(schema);
        if (!output.CanWrite) throw new ArgumentException("the output stream is not writable", nameof(output));
        _options = options ?? ParquetWriterOptions.Default;
        Validate(_options);
        _elements = SchemaAnnotations.Complete(schema);
        Schema = ParquetSchema.Build(_elements);
        if (Schema.Columns.Count == 0) throw new ArgumentException("the schema has no leaf columns", nameof(schema));
        _columns = new ColumnChunkWriter[Schema.Columns.Count];
        _repeatedDefinitionLevels = new int[Schema.Columns.Count][];
        for (int i = 0; i < _columns.Length; i++)
        {
            _columns[i] = new ColumnChunkWriter(Schema.Columns[i], _options);
            _repeatedDefinitionLevels[i] = RepeatedDefinitionLevels(Schema.Columns[i]);
        }
        _workers = Math.Min(_columns.Length, _options.EncodeParallelism == 0 ? Environment.ProcessorCount : _options.EncodeParallelism);
        _output = output;
        _leaveOpen = leaveOpen;
        _sink = new OutputSink(output);
        _sink.Write(Magic);
    }

    /// <summary>The schema as written (with logical and converted types completed).</summary>
    public ParquetSchema Schema { get; }

    /// <summary>Bytes written to the output so far.</summary>
    public long BytesWritten => _sink.Position;

    /// <summary>Rows written so far.</summary>
    public long RowCount => _rows;

    /// <summary>
    /// Fewest level entries (all columns together) a row group needs to be encoded in parallel. Encoding takes
    /// some 15-50 ns per entry (a 9-column, 1,000,000-row SNAPPY row group about 150 ms), so 32 Ki entries are
    /// half a millisecond or more: ten times what waking a pool thread and copying the encoded chunks cost,
    /// while below it the time there is to save is too small to matter. Settable for tests.
    /// </summary>
    internal long ParallelThreshold { get; set; } = 32 * 1024;

    /// <summary>Encoding helpers running right now (for tests: 0 whenever no row group is being written).</summary>
    internal int RunningHelpers => _parallel?.RunningHelpers ?? 0;

    /// <summary>Row groups encoded in parallel so far (for tests).</summary>
    internal int ParallelRowGroups { get; private set; }

    /// <summary>One empty batch per leaf column, in leaf order.</summary>
    public ColumnBatch[] CreateBatches()
    {
        var batches = new ColumnBatch[Schema.Columns.Count];
        for (int i = 0; i < batches.Length; i++) batches[i] = new ColumnBatch(Schema.Columns[i]);
        return batches;
    }

    /// <summary>
    /// Writes one row group of <paramref name="rowCount"/> rows from one batch per leaf column. Every batch is
    /// checked (row count, level ranges and nesting, value count) before anything is written, so a rejected
    /// row group leaves the writer usable. The batches are not cleared. A row group of 0 rows writes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A batch does not match the schema or holds another number of rows.</exception>
    public void WriteRowGroup(ColumnBatch[] batches, long rowCount)
    {
        ArgumentNullException.ThrowIfNull(batches);
        CheckWritable();
        if (batches.Length != _columns.Length)
            throw new ArgumentException($"expected {_columns.Length} batches (one per leaf column), got {batches.Length}", nameof(batches));
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        var entries = new int[batches.Length];
        for (int i = 0; i < batches.Length; i++) entries[i] = CheckBatch(i, batches[i], rowCount);
        if (rowCount == 0) return;

        try
        {
            long start = _sink.Position;
            var chunks = new List<ColumnChunk>(_columns.Length);
            if (InParallel(entries))
            {
                _parallel ??= new ParallelChunkEncoder(_columns, _scratch, _workers);
                _parallel.Write(batches, entries, _sink, chunks);
                ParallelRowGroups++;
            }
            else
            {
                for (int i = 0; i < _columns.Length; i++) chunks.Add(_columns[i].Write(batches[i], entries[i], _sink, _scratch));
            }
            long uncompressed = 0;
            foreach (var chunk in chunks) uncompressed += chunk.MetaData!.TotalUncompressedSize;
            _rowGroups.Add(new RowGroup
            {
                Columns = chunks,
                NumRows = rowCount,
                TotalByteSize = uncompressed,
                FileOffset = start,
                TotalCompressedSize = _sink.Position - start,
                Ordinal = _rowGroups.Count <= short.MaxValue ? (short)_rowGroups.Count : null,
            });
            _rows += rowCount;
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    private bool InParallel(int[] entries)
    {
        if (_workers < 2) return false;
        long total = 0;
        foreach (int count in entries) total += count;
        return total >= ParallelThreshold;
    }

    /// <summary>
    /// A cheap estimate of the row group the batches would make: their values and levels PLAIN-encoded, before
    /// dictionary encoding and compression (so usually more than what is written). Compare with
    /// <see cref="ParquetWriterOptions.RowGroupBytes"/> to decide when to flush.
    /// </summary>
    public long EstimatedBufferedBytes(ColumnBatch[] batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        long total = 0;
        foreach (var batch in batches)
        {
            if (batch is null) continue;
            var column = batch.Column;
            int levelBits = ColumnChunkWriter.BitWidth(column.MaxDefinitionLevel) + ColumnChunkWriter.BitWidth(column.MaxRepetitionLevel);
            total += ((long)batch.LevelCount * levelBits + 7) / 8;
            total += column.PhysicalType switch
            {
                PhysicalType.Boolean => (batch.ValueCount + 7L) / 8,
                PhysicalType.Int32 or PhysicalType.Float => 4L * batch.ValueCount,
                PhysicalType.Int64 or PhysicalType.Double => 8L * batch.ValueCount,
                PhysicalType.ByteArray => batch.ByteArrays.ByteLength + 4L * batch.ByteArrays.Count,
                _ => (long)batch.FixedWidth * batch.ValueCount,
            };
        }
        return total;
    }

    /// <summary>Adds (or replaces) a key-value metadata entry of the footer.</summary>
    public void AddKeyValue(string key, string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        CheckWritable();
        for (int i = 0; i < _keyValues.Count; i++)
        {
            if (_keyValues[i].Key == key)
            {
                _keyValues[i] = new KeyValue(key, value);
                return;
            }
        }
        _keyValues.Add(new KeyValue(key, value));
    }

    /// <summary>
    /// Writes the footer and the closing magic, flushes, and closes the output unless it was left open.
    /// Idempotent. Throws if an earlier write failed (the output is then incomplete and must be discarded).
    /// </summary>
    public void Close()
    {
        if (_closed) return;
        CheckWritable();
        try
        {
            var metadata = new FileMetaData
            {
                Version = 2,
                Schema = _elements,
                NumRows = _rows,
                RowGroups = _rowGroups,
                KeyValueMetadata = _keyValues.Count > 0 ? _keyValues : null,
                CreatedBy = FormatCreatedBy(_options.CreatedBy),
            };
            byte[] footer = FileMetaDataEncoder.Encode(metadata);
            _sink.Write(footer);
            Span<byte> tail = stackalloc byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(tail, footer.Length);
            Magic.CopyTo(tail[4..]);
            _sink.Write(tail);
            _output.Flush();
        }
        catch
        {
            _failed = true;
            throw;
        }
        _closed = true;
        if (!_leaveOpen) _output.Dispose();
    }

    /// <summary>Releases the output (unless left open). Does not write the footer: call <see cref="Close"/> for a complete file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_closed && !_leaveOpen) _output.Dispose();
        _closed = true;
    }

    private void CheckWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_closed) throw new InvalidOperationException("the writer is closed");
        if (_failed) throw new InvalidOperationException("an earlier write failed; the output is incomplete and must be discarded");
    }

    private static void Validate(ParquetWriterOptions options)
    {
        if (!PageCompressor.CanCompress(options.Compression))
            throw new ArgumentException($"compression codec {options.Compression} cannot be written", nameof(options));
        if (options.PageBytes <= 0) throw new ArgumentException("PageBytes must be positive", nameof(options));
        if (options.DictionaryBytesLimit < 0) throw new ArgumentException("DictionaryBytesLimit must not be negative", nameof(options));
        if (options.DataPageVersion is not (1 or 2)) throw new ArgumentException("DataPageVersion must be 1 or 2", nameof(options));
        if (options.EncodeParallelism < 0)
            throw new ArgumentException($"EncodeParallelism must be 0 (one per processor) or a number of threads, not {options.EncodeParallelism}", nameof(options));
        if (options.CreatedBy is null) throw new ArgumentException("CreatedBy must not be null", nameof(options));
    }

    /// <summary>created_by in the form parquet-mr and others parse: "name version x.y.z (build id)".</summary>
    internal static string FormatCreatedBy(string name)
    {
        if (name.Contains(" version ", StringComparison.Ordinal)) return name;
        var informational = typeof(ParquetFileWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = informational?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        string build = plus >= 0 ? informational![(plus + 1)..] : "dev";
        if (build.Length > 12) build = build[..12];
        return $"{name} version {WriterVersion} (build {build})";
    }

    /// <summary>For each repetition level r ≥ 1, the definition level at which the r-th repeated node on the path is non-empty.</summary>
    private static int[] RepeatedDefinitionLevels(ColumnDescriptor column)
    {
        var levels = new int[column.MaxRepetitionLevel + 1];
        for (var node = column.Node; node is not null; node = node.Parent)
        {
            if (node.Parent is not null && node.Repetition == FieldRepetitionType.Repeated) levels[node.MaxRepetitionLevel] = node.MaxDefinitionLevel;
        }
        return levels;
    }

    /// <summary>Checks one batch and returns its number of level entries.</summary>
    private int CheckBatch(int index, ColumnBatch batch, long rowCount)
    {
        var column = Schema.Columns[index];
        if (batch is null) throw new ArgumentException($"the batch for column '{column.DottedPath}' is null", nameof(batch));
        var other = batch.Column;
        if (!ReferenceEquals(other, column) && (other.PhysicalType != column.PhysicalType || other.TypeLength != column.TypeLength
            || other.MaxDefinitionLevel != column.MaxDefinitionLevel || other.MaxRepetitionLevel != column.MaxRepetitionLevel
            || other.DottedPath != column.DottedPath))
            throw new ArgumentException($"batch {index} is for column '{other.DottedPath}', not '{column.DottedPath}' ({column.PhysicalType}, levels {column.MaxDefinitionLevel}/{column.MaxRepetitionLevel})", nameof(batch));

        int maxDef = column.MaxDefinitionLevel, maxRep = column.MaxRepetitionLevel;
        int values = batch.ValueCount;
        int entries;
        if (maxDef == 0 && maxRep == 0)
        {
            // No levels: AppendLevels is optional, each value is an entry and a row.
            if (batch.LevelCount != 0 && batch.LevelCount != values)
                throw Invalid(column, $"has {batch.LevelCount} level entries but {values} values; a required top-level column needs one value per entry");
            entries = values;
        }
        else
        {
            entries = batch.LevelCount;
            if (entries < 0 || entries > batch.DefinitionLevels.Length || (maxRep > 0 && entries > batch.RepetitionLevels.Length))
                throw Invalid(column, $"declares {entries} level entries but holds fewer");
            var def = batch.DefinitionLevels.AsSpan(0, entries);
            if (def.IndexOfAnyExceptInRange(0, maxDef) is var badDef and >= 0)
                throw Invalid(column, $"has definition level {def[badDef]} at entry {badDef}, outside 0..{maxDef}");
            int defined = def.Count(maxDef);
            if (defined != values)
                throw Invalid(column, $"has {defined} entries at the maximum definition level {maxDef} but {values} values; append a value exactly for those");
            if (maxRep > 0)
            {
                var rep = batch.RepetitionLevels.AsSpan(0, entries);
                if (rep.IndexOfAnyExceptInRange(0, maxRep) is var badRep and >= 0)
                    throw Invalid(column, $"has repetition level {rep[badRep]} at entry {badRep}, outside 0..{maxRep}");
                if (entries > 0 && rep[0] != 0)
                    throw Invalid(column, "starts with repetition level " + rep[0] + "; the first entry of a row group must start a row (0)");
                var required = _repeatedDefinitionLevels[index];
                for (int e = 0; e < entries; e++)
                {
                    int r = rep[e];
                    // Continuing the list at level r: that list must be non-empty both in this entry and in the
                    // previous one (which belongs to the same list instance).
                    if (r > 0 && (def[e] < required[r] || def[e - 1] < required[r]))
                        throw Invalid(column, $"has entry {e} continuing a list at repetition level {r} with definition levels {def[e - 1]}, {def[e]}; the list needs at least {required[r]}: an empty or null list cannot have further elements");
                }
            }
        }
        long rows = maxRep == 0 ? entries : batch.RepetitionLevels.AsSpan(0, entries).Count(0);
        if (rows != rowCount)
            throw Invalid(column, $"holds {rows} rows but the row group has {rowCount}");
        var held = column.PhysicalType switch
        {
            PhysicalType.Boolean => batch.Booleans.Length,
            PhysicalType.Int32 => batch.Int32s.Length,
            PhysicalType.Int64 => batch.Int64s.Length,
            PhysicalType.Float => batch.Floats.Length,
            PhysicalType.Double => batch.Doubles.Length,
            PhysicalType.ByteArray => batch.ByteArrays.Count,
            _ => batch.FixedWidth == 0 ? 0 : batch.FixedBytes.Length / batch.FixedWidth,
        };
        if (held < values || (column.PhysicalType == PhysicalType.ByteArray && held != values))
            throw Invalid(column, $"declares {values} values but holds {held}");
        return entries;
    }

    private static ArgumentException Invalid(ColumnDescriptor column, string problem) =>
        new($"column '{column.DottedPath}' {problem}");
}
