using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Etl.Parquet.Compression;
using Etl.Parquet.Encodings;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Parquet.File.Writer;

/// <summary>
/// Writes the column chunks of one leaf column, one row group at a time, to the output or to a memory buffer: a
/// dictionary page if the dictionary pays, then data pages. Buffers (page, compression, dictionary, indices) are
/// the caller's <see cref="WriterScratch"/>, kept between row groups, so steady-state writing allocates only per
/// page (headers, statistics). One chunk at a time per instance; different instances may write at once, each
/// with its own scratch.
/// </summary>
/// <remarks>
/// <para>Encoding plan per chunk, decided before anything is written (the whole chunk is in the batch):</para>
/// <list type="number">
/// <item>Dictionary (all types but BOOLEAN): values are indexed in a hash table until the PLAIN-encoded dictionary
/// would pass <see cref="ParquetWriterOptions.DictionaryBytesLimit"/> (which bounds the work for columns where it
/// does not pay). It is kept when dictionary + bit-packed indices for the values it covers are smaller than PLAIN
/// (and, for integers, than DELTA_BINARY_PACKED on a sample). If the limit was hit, the dictionary pages end at the
/// last row boundary before it and the rest of the chunk falls back.</item>
/// <item>Values not dictionary-encoded: INT32/INT64 try DELTA_BINARY_PACKED (where <see cref="ParquetWriterOptions.Encodings"/>
/// allows it for the column's annotation), FLOAT/DOUBLE BYTE_STREAM_SPLIT,
/// against PLAIN on a sample of <see cref="SampleValues"/> values compressed with the chunk's codec; the smaller
/// wins (ties go to PLAIN). Everything else is PLAIN.</item>
/// </list>
/// Pages end at row boundaries once their estimated size reaches <see cref="ParquetWriterOptions.PageBytes"/>
/// or they hold <see cref="MaxPageEntries"/> level entries.
/// </remarks>
internal sealed class ColumnChunkWriter
{
    internal const int MaxPageEntries = 256 * 1024;
    internal const int SampleValues = 8192;

    private readonly ColumnDescriptor _column;
    private readonly ParquetWriterOptions _options;
    private readonly PhysicalType _type;
    private readonly int _defWidth;
    private readonly int _repWidth;
    private readonly StatisticsTracker? _statistics;
    private readonly bool _delta;
    private readonly List<Encoding> _encodings = [];
    private int _distinct;              // dictionary entries so far (byte strings)

    // Per chunk.
    private WriterScratch _scratch = null!;   // the writing thread's, set by Write
    private long _compressedBytes;
    private long _uncompressedBytes;
    private int _indexWidth;
    private double _deltaBitsPerValue;

    public ColumnChunkWriter(ColumnDescriptor column, ParquetWriterOptions options)
    {
        _column = column;
        _options = options;
        _type = column.PhysicalType;
        _defWidth = BitWidth(column.MaxDefinitionLevel);
        _repWidth = BitWidth(column.MaxRepetitionLevel);
        if (options.Statistics) _statistics = new StatisticsTracker(column);
        _delta = _type is PhysicalType.Int32 or PhysicalType.Int64
            && (options.Encodings == EncodingProfile.SizeOptimized || DeltaReadableEverywhere(column.Node.Element));
    }

    /// <summary>
    /// Whether every common reader decodes DELTA_BINARY_PACKED for this column: Parquet.Net 6 decodes it only
    /// into 16-, 32- and 64-bit integers (TIME columns are read as such), so not for DATE, TIMESTAMP, DECIMAL or
    /// 8-bit INTEGER columns, which it reads as DateTime, decimal, sbyte and byte.
    /// </summary>
    private static bool DeltaReadableEverywhere(SchemaElement element)
    {
        if (element.LogicalType is { } logical)
            return logical.Kind == LogicalTypeKind.Time || logical.Kind == LogicalTypeKind.Integer && logical.BitWidth != 8;
        return element.ConvertedType is null or ConvertedType.Int16 or ConvertedType.Int32 or ConvertedType.Int64
            or ConvertedType.Uint16 or ConvertedType.Uint32 or ConvertedType.Uint64 or ConvertedType.TimeMillis or ConvertedType.TimeMicros;
    }

    /// <summary>
    /// Writes <paramref name="entries"/> level entries of <paramref name="batch"/> (validated by the caller) as one
    /// column chunk; its offsets are positions of <paramref name="sink"/>. <paramref name="scratch"/> must not be
    /// in use by another thread meanwhile.
    /// </summary>
    public ColumnChunk Write(ColumnBatch batch, int entries, PageSink sink, WriterScratch scratch)
    {
        _scratch = scratch;
        long chunkStart = sink.Position;
        _encodings.Clear();
        _compressedBytes = 0;
        _uncompressedBytes = 0;
        _statistics?.Reset();
        int values = batch.ValueCount;

        int dictionaryEntries = 0, dictionaryValues = 0, dictionarySize = 0;
        if (_options.Dictionary && _type != PhysicalType.Boolean && values > 0 && _options.DictionaryBytesLimit > 0)
            (dictionaryEntries, dictionaryValues, dictionarySize) = PlanDictionary(batch, entries, values);
        var fallback = dictionaryValues < values ? ChooseEncoding(batch, dictionaryValues, values) : Encoding.Plain;

        long? dictionaryOffset = null;
        if (dictionarySize > 0)
        {
            dictionaryOffset = sink.Position;
            _indexWidth = Math.Max(1, BitWidth(dictionarySize - 1));
            WriteDictionaryPage(dictionarySize, sink);
            AddEncoding(Encoding.Plain);
        }
        AddEncoding(Encoding.Rle);
        long dataOffset = sink.Position;

        int entry = 0, value = 0;
        while (entry < entries)
        {
            bool dictionaryPhase = entry < dictionaryEntries;
            var encoding = dictionaryPhase ? Encoding.RleDictionary : fallback;
            int limit = dictionaryPhase ? dictionaryEntries : entries;
            var (entryEnd, valueEnd) = NextPageEnd(batch, entry, value, limit, encoding);
            WriteDataPage(batch, entry, entryEnd, value, valueEnd, encoding, sink);
            AddEncoding(encoding);
            entry = entryEnd;
            value = valueEnd;
        }

        var path = new List<string>(_column.Path.Count);
        for (int i = 0; i < _column.Path.Count; i++) path.Add(_column.Path[i]);
        return new ColumnChunk
        {
            FileOffset = chunkStart,
            MetaData = new ColumnMetaData
            {
                Type = _type,
                Encodings = [.. _encodings],
                PathInSchema = path,
                Codec = _options.Compression,
                NumValues = entries,
                TotalUncompressedSize = _uncompressedBytes,
                TotalCompressedSize = _compressedBytes,
                DataPageOffset = dataOffset,
                DictionaryPageOffset = dictionaryOffset,
                Statistics = _statistics?.Chunk(batch),
            },
        };
    }

    private void AddEncoding(Encoding encoding)
    {
        if (!_encodings.Contains(encoding)) _encodings.Add(encoding);
    }

    // ----- dictionary -----

    /// <summary>Returns the level entries and values the dictionary covers and the dictionary's size; zeros for none.</summary>
    private (int Entries, int Values, int Size) PlanDictionary(ColumnBatch batch, int entries, int values)
    {
        if (_scratch.Indices.Length < values) _scratch.Indices = new int[Math.Max(values, (int)Math.Min(Array.MaxLength, _scratch.Indices.Length * 2L))];
        ClearDictionary();
        double alternativeBitsPerValue = PlainBitsPerValue(batch, 0, Math.Min(values, SampleValues));
        if (_delta)
            alternativeBitsPerValue = Math.Min(alternativeBitsPerValue, DeltaBitsPerValue(batch, 0, Math.Min(values, SampleValues)));

        // No early give-up: a few thousand values cannot tell 50,000 distinct values (where the dictionary pays)
        // from unique ones, and the byte limit already bounds the work spent on a dictionary that is dropped.
        int indexed = AddToDictionary(batch, 0, values);
        if (indexed == 0 || !Pays(batch, indexed, alternativeBitsPerValue)) return default;
        if (indexed == values) return (entries, values, DictionaryCount);

        var (entryCut, valueCut) = RowAlignedCut(batch, entries, indexed);
        if (valueCut == 0) return default;
        int max = 0;
        foreach (int index in _scratch.Indices.AsSpan(0, valueCut)) max = Math.Max(max, index);
        return (entryCut, valueCut, max + 1);
    }

    private int DictionaryCount => _type switch
    {
        PhysicalType.Int32 or PhysicalType.Float => _scratch.Dictionary32!.Count,
        PhysicalType.Int64 or PhysicalType.Double => _scratch.Dictionary64!.Count,
        _ => _scratch.DictionaryBytes!.Count,
    };

    private void ClearDictionary()
    {
        _distinct = 0;
        switch (_type)
        {
            case PhysicalType.Int32 or PhysicalType.Float: (_scratch.Dictionary32 ??= new()).Clear(); break;
            case PhysicalType.Int64 or PhysicalType.Double: (_scratch.Dictionary64 ??= new()).Clear(); break;
            default: (_scratch.DictionaryBytes ??= new()).Clear(); break;
        }
    }

    /// <summary>Indexes values <paramref name="start"/>..<paramref name="end"/>-1; returns where it stopped (the limit) or <paramref name="end"/>.</summary>
    private int AddToDictionary(ColumnBatch batch, int start, int end)
    {
        int count = end - start;
        long limit = _options.DictionaryBytesLimit;
        var indices = _scratch.Indices.AsSpan(start, count);
        switch (_type)
        {
            case PhysicalType.Int32:
                return start + _scratch.Dictionary32!.Add(batch.Int32s.AsSpan(start, count), indices, (int)(limit / 4));
            case PhysicalType.Float:
                return start + _scratch.Dictionary32!.Add(MemoryMarshal.Cast<float, int>(batch.Floats.AsSpan(start, count)), indices, (int)(limit / 4));
            case PhysicalType.Int64:
                return start + _scratch.Dictionary64!.Add(batch.Int64s.AsSpan(start, count), indices, (int)(limit / 8));
            case PhysicalType.Double:
                return start + _scratch.Dictionary64!.Add(MemoryMarshal.Cast<double, long>(batch.Doubles.AsSpan(start, count)), indices, (int)(limit / 8));
            case PhysicalType.ByteArray:
                var dictionary = _scratch.DictionaryBytes!;
                var buffer = batch.ByteArrays;
                byte[] data = buffer.Data;
                int[] offsets = buffer.Offsets;
                for (int i = start; i < end; i++)
                {
                    int from = offsets[i];
                    int index = dictionary.Add(new ReadOnlySpan<byte>(data, from, offsets[i + 1] - from), limit, 4);
                    if (index < 0) return i;
                    _scratch.Indices[i] = index;
                    if (index == _distinct) NoteNewEntry(i);
                }
                return end;
            default:
                var fixedDictionary = _scratch.DictionaryBytes!;
                int width = batch.FixedWidth;
                byte[] bytes = batch.FixedBytes;
                for (int i = start; i < end; i++)
                {
                    int index = fixedDictionary.Add(new ReadOnlySpan<byte>(bytes, i * width, width), limit, 0);
                    if (index < 0) return i;
                    _scratch.Indices[i] = index;
                    if (index == _distinct) NoteNewEntry(i);
                }
                return end;
        }
    }

    private void NoteNewEntry(int value)
    {
        if (_scratch.FirstValue.Length == _distinct) Array.Resize(ref _scratch.FirstValue, Math.Max(1024, _distinct * 2));
        _scratch.FirstValue[_distinct++] = value;
    }

    /// <summary>Whether dictionary + indices for the first <paramref name="count"/> values beat the alternative encoding.</summary>
    private bool Pays(ColumnBatch batch, int count, double alternativeBitsPerValue)
    {
        int size = DictionaryCount;
        long dictionaryBytes = _type switch
        {
            PhysicalType.Int32 or PhysicalType.Float => 4L * size,
            PhysicalType.Int64 or PhysicalType.Double => 8L * size,
            _ => _scratch.DictionaryBytes!.PlainBytes,
        };
        long indexBits = (long)count * Math.Max(1, BitWidth(size - 1));
        double alternativeBits = _type == PhysicalType.ByteArray
            ? 8.0 * (4L * count + batch.ByteArrays.Offsets[count] - batch.ByteArrays.Offsets[0])
            : alternativeBitsPerValue * count;
        return dictionaryBytes * 8.0 + indexBits < alternativeBits;
    }

    /// <summary>
    /// Where the dictionary pages must end when only the first <paramref name="indexed"/> values are in the
    /// dictionary: the last row start at or before the entry holding value <paramref name="indexed"/>.
    /// </summary>
    private (int Entries, int Values) RowAlignedCut(ColumnBatch batch, int entries, int indexed)
    {
        int maxDef = _column.MaxDefinitionLevel;
        if (maxDef == 0 && _column.MaxRepetitionLevel == 0) return (indexed, indexed);
        int[] def = batch.DefinitionLevels;
        int[] rep = batch.RepetitionLevels;
        bool repeated = _column.MaxRepetitionLevel > 0;
        int values = 0;
        (int, int) cut = (0, 0);
        for (int e = 0; e < entries; e++)
        {
            if (!repeated || rep[e] == 0) cut = (e, values);
            if (def[e] == maxDef)
            {
                if (values == indexed) break;
                values++;
            }
        }
        return cut;
    }

    private void WriteDictionaryPage(int size, PageSink sink)
    {
        _scratch.Page.Reset();
        switch (_type)
        {
            case PhysicalType.Int32 or PhysicalType.Float:
                _scratch.Page.Write(MemoryMarshal.AsBytes(_scratch.Dictionary32!.Values[..size]));
                break;
            case PhysicalType.Int64 or PhysicalType.Double:
                _scratch.Page.Write(MemoryMarshal.AsBytes(_scratch.Dictionary64!.Values[..size]));
                break;
            case PhysicalType.ByteArray:
                PlainByteArrayEncoder.Encode(_scratch.DictionaryBytes!.Entries, 0, size, _scratch.Page);
                break;
            default:
                // Fixed-width entries are contiguous in the buffer.
                _scratch.Page.Write(_scratch.DictionaryBytes!.Entries.Data.AsSpan(0, _scratch.DictionaryBytes.Entries.Offsets[size]));
                break;
        }
        var body = Compress(_scratch.Page.WrittenSpan);
        var header = new PageHeader
        {
            Type = PageType.DictionaryPage,
            UncompressedPageSize = _scratch.Page.Length,
            CompressedPageSize = body.Length,
            Crc = unchecked((int)Crc32.Compute(body)),
            DictionaryPageHeader = new DictionaryPageHeader { NumValues = size, Encoding = Encoding.Plain },
        };
        Emit(header, body, [], _scratch.Page.Length, sink);
    }

    // ----- choosing the non-dictionary encoding -----

    private Encoding ChooseEncoding(ColumnBatch batch, int start, int end)
    {
        int count = Math.Min(end - start, SampleValues);
        switch (_type)
        {
            case PhysicalType.Int32 or PhysicalType.Int64:
                if (!_delta || count < 2) return Encoding.Plain;
                int plain = CompressedLength(PlainBytes(batch, start, count));
                _scratch.Values.Reset();
                EncodeDelta(batch, start, count, _scratch.Values);
                _deltaBitsPerValue = Math.Max(1.0, 8.0 * _scratch.Values.Length / count);
                int delta = CompressedLength(_scratch.Values.WrittenSpan);
                return delta < plain ? Encoding.DeltaBinaryPacked : Encoding.Plain;
            case PhysicalType.Float or PhysicalType.Double:
                // Without a codec the split changes nothing; it only helps compression.
                if (_options.Compression == CompressionCodec.Uncompressed || count < 2) return Encoding.Plain;
                var raw = PlainBytes(batch, start, count);
                int plainLength = CompressedLength(raw);
                _scratch.Values.Reset();
                ByteStreamSplitEncoder.Encode(raw, _type == PhysicalType.Float ? 4 : 8, _scratch.Values);
                int split = CompressedLength(_scratch.Values.WrittenSpan);
                return split < plainLength ? Encoding.ByteStreamSplit : Encoding.Plain;
            default:
                return Encoding.Plain;
        }
    }

    private double DeltaBitsPerValue(ColumnBatch batch, int start, int count)
    {
        if (count < 2) return double.MaxValue;
        _scratch.Values.Reset();
        EncodeDelta(batch, start, count, _scratch.Values);
        return 8.0 * _scratch.Values.Length / count;
    }

    private double PlainBitsPerValue(ColumnBatch batch, int start, int count) => _type switch
    {
        PhysicalType.Int32 or PhysicalType.Float => 32,
        PhysicalType.Int64 or PhysicalType.Double => 64,
        PhysicalType.ByteArray => count == 0 ? 32 : 8.0 * (4L * count + batch.ByteArrays.Offsets[start + count] - batch.ByteArrays.Offsets[start]) / count,
        PhysicalType.Boolean => 1,
        _ => 8.0 * batch.FixedWidth,
    };

    private ReadOnlySpan<byte> PlainBytes(ColumnBatch batch, int start, int count) => _type switch
    {
        PhysicalType.Int32 => MemoryMarshal.AsBytes(batch.Int32s.AsSpan(start, count)),
        PhysicalType.Int64 => MemoryMarshal.AsBytes(batch.Int64s.AsSpan(start, count)),
        PhysicalType.Float => MemoryMarshal.AsBytes(batch.Floats.AsSpan(start, count)),
        PhysicalType.Double => MemoryMarshal.AsBytes(batch.Doubles.AsSpan(start, count)),
        _ => throw new InvalidOperationException($"no fixed-width PLAIN view of {_type}"),
    };

    private void EncodeDelta(ColumnBatch batch, int start, int count, IBufferWriter<byte> output)
    {
        if (_type == PhysicalType.Int32) DeltaBinaryPackedEncoder.EncodeInt32(batch.Int32s.AsSpan(start, count), output);
        else DeltaBinaryPackedEncoder.EncodeInt64(batch.Int64s.AsSpan(start, count), output);
    }

    private int CompressedLength(ReadOnlySpan<byte> input) =>
        _options.Compression == CompressionCodec.Uncompressed ? input.Length : Compress(input).Length;

    // ----- pages -----

    /// <summary>Bits a value takes in a page with <paramref name="encoding"/>; -1 when it varies per value.</summary>
    private double ValueBits(ColumnBatch batch, Encoding encoding) => encoding switch
    {
        Encoding.RleDictionary => _indexWidth,
        Encoding.DeltaBinaryPacked => _deltaBitsPerValue,
        _ when _type == PhysicalType.ByteArray => -1,
        _ => PlainBitsPerValue(batch, 0, 0),
    };

    /// <summary>The end (exclusive entry and value) of the page starting at <paramref name="entry"/>.</summary>
    private (int Entries, int Values) NextPageEnd(ColumnBatch batch, int entry, int value, int limit, Encoding encoding)
    {
        double budget = 8.0 * _options.PageBytes;
        double valueBits = ValueBits(batch, encoding);
        int maxEntries = (int)Math.Min(limit, (long)entry + MaxPageEntries);
        int maxDef = _column.MaxDefinitionLevel;
        bool hasDef = maxDef > 0, hasRep = _column.MaxRepetitionLevel > 0;
        if (!hasDef && !hasRep && valueBits >= 0)
        {
            long fit = (long)Math.Ceiling(budget / Math.Max(valueBits, 1e-3));
            int end = (int)Math.Min(maxEntries, entry + Math.Max(1, fit));
            return (end, value + (end - entry));
        }
        int[] def = batch.DefinitionLevels;
        int[] rep = batch.RepetitionLevels;
        int[]? offsets = valueBits < 0 ? batch.ByteArrays.Offsets : null;
        int levelBits = _defWidth + _repWidth;
        double bits = 0;
        int e = entry, v = value;
        while (e < limit)
        {
            bits += levelBits;
            if (!hasDef || def[e] == maxDef)
            {
                bits += offsets is null ? valueBits : 8.0 * (4 + offsets[v + 1] - offsets[v]);
                v++;
            }
            e++;
            if (e >= limit) break;
            if (hasRep && rep[e] != 0) continue;   // pages end only where a row starts
            if (bits >= budget || e >= maxEntries) break;
        }
        return (e, v);
    }

    private void WriteDataPage(ColumnBatch batch, int entryStart, int entryEnd, int valueStart, int valueEnd, Encoding encoding, PageSink sink)
    {
        int entries = entryEnd - entryStart;
        int nulls = entries - (valueEnd - valueStart);
        Statistics? statistics = null;
        if (_statistics is not null)
        {
            statistics = encoding == Encoding.RleDictionary && _type is PhysicalType.ByteArray or PhysicalType.FixedLenByteArray
                ? _statistics.PageOfCandidates(batch, DistinctValues(valueStart, valueEnd), nulls)
                : _statistics.Page(batch, valueStart, valueEnd, nulls);
        }
        ReadOnlySpan<int> rep = _column.MaxRepetitionLevel > 0 ? batch.RepetitionLevels.AsSpan(entryStart, entries) : default;
        ReadOnlySpan<int> def = _column.MaxDefinitionLevel > 0 ? batch.DefinitionLevels.AsSpan(entryStart, entries) : default;
        _scratch.Page.Reset();
        if (_options.DataPageVersion == 2)
        {
            if (!rep.IsEmpty) RleBitPackedHybridEncoder.Encode(rep, _repWidth, _scratch.Page);
            int repLength = _scratch.Page.Length;
            if (!def.IsEmpty) RleBitPackedHybridEncoder.Encode(def, _defWidth, _scratch.Page);
            int defLength = _scratch.Page.Length - repLength;
            _scratch.Values.Reset();
            EncodeValues(batch, valueStart, valueEnd, encoding, _scratch.Values);
            var values = Compress(_scratch.Values.WrittenSpan);
            var levels = _scratch.Page.WrittenSpan;
            uint crc = Crc32.Append(Crc32.Compute(levels), values);
            int rows = rep.IsEmpty ? entries : rep.Count(0);
            var header = new PageHeader
            {
                Type = PageType.DataPageV2,
                UncompressedPageSize = levels.Length + _scratch.Values.Length,
                CompressedPageSize = levels.Length + values.Length,
                Crc = unchecked((int)crc),
                DataPageHeaderV2 = new DataPageHeaderV2
                {
                    NumValues = entries,
                    NumNulls = nulls,
                    NumRows = rows,
                    Encoding = encoding,
                    DefinitionLevelsByteLength = defLength,
                    RepetitionLevelsByteLength = repLength,
                    IsCompressed = _options.Compression != CompressionCodec.Uncompressed,
                    Statistics = statistics,
                },
            };
            Emit(header, levels, values, levels.Length + _scratch.Values.Length, sink);
        }
        else
        {
            if (!rep.IsEmpty) WriteLevelsV1(rep, _repWidth);
            if (!def.IsEmpty) WriteLevelsV1(def, _defWidth);
            EncodeValues(batch, valueStart, valueEnd, encoding, _scratch.Page);
            var body = Compress(_scratch.Page.WrittenSpan);
            var header = new PageHeader
            {
                Type = PageType.DataPage,
                UncompressedPageSize = _scratch.Page.Length,
                CompressedPageSize = body.Length,
                Crc = unchecked((int)Crc32.Compute(body)),
                DataPageHeader = new DataPageHeader
                {
                    NumValues = entries,
                    Encoding = encoding,
                    DefinitionLevelEncoding = Encoding.Rle,
                    RepetitionLevelEncoding = Encoding.Rle,
                    Statistics = statistics,
                },
            };
            Emit(header, body, [], _scratch.Page.Length, sink);
        }
    }

    /// <summary>One value index per distinct dictionary entry among values <paramref name="start"/>..<paramref name="end"/>-1.</summary>
    private ReadOnlySpan<int> DistinctValues(int start, int end)
    {
        if (_scratch.PageStamp.Length < _distinct) _scratch.PageStamp = new int[Math.Max(_distinct, _scratch.PageStamp.Length * 2)];
        if (_scratch.Candidates.Length < Math.Min(end - start, _distinct)) _scratch.Candidates = new int[Math.Max(Math.Min(end - start, _distinct), _scratch.Candidates.Length * 2)];
        // The stamp counter lives with the shared stamps, so stamps another column left behind never match.
        int stamp = ++_scratch.PageNumber;
        if (stamp == int.MaxValue)
        {
            Array.Clear(_scratch.PageStamp);
            stamp = _scratch.PageNumber = 1;
        }
        int count = 0;
        int[] indices = _scratch.Indices, stamps = _scratch.PageStamp, first = _scratch.FirstValue, candidates = _scratch.Candidates;
        for (int v = start; v < end; v++)
        {
            int d = indices[v];
            if (stamps[d] == stamp) continue;
            stamps[d] = stamp;
            candidates[count++] = first[d];
        }
        return candidates.AsSpan(0, count);
    }

    private void WriteLevelsV1(ReadOnlySpan<int> levels, int width)
    {
        int lengthAt = _scratch.Page.Length;
        _scratch.Page.GetSpan(4);
        _scratch.Page.Advance(4);
        RleBitPackedHybridEncoder.Encode(levels, width, _scratch.Page);
        BinaryPrimitives.WriteInt32LittleEndian(_scratch.Page.Buffer.AsSpan(lengthAt, 4), _scratch.Page.Length - lengthAt - 4);
    }

    private void EncodeValues(ColumnBatch batch, int start, int end, Encoding encoding, IBufferWriter<byte> output)
    {
        int count = end - start;
        if (count == 0) return;
        switch (encoding)
        {
            case Encoding.RleDictionary:
                output.GetSpan(1)[0] = (byte)_indexWidth;
                output.Advance(1);
                RleBitPackedHybridEncoder.Encode(_scratch.Indices.AsSpan(start, count), _indexWidth, output);
                return;
            case Encoding.DeltaBinaryPacked:
                EncodeDelta(batch, start, count, output);
                return;
            case Encoding.ByteStreamSplit:
                ByteStreamSplitEncoder.Encode(PlainBytes(batch, start, count), _type == PhysicalType.Float ? 4 : 8, output);
                return;
        }
        switch (_type)
        {
            case PhysicalType.Boolean:
                PlainBooleanEncoder.Encode(batch.Booleans.AsSpan(start, count), output);
                break;
            case PhysicalType.ByteArray:
                PlainByteArrayEncoder.Encode(batch.ByteArrays, start, count, output);
                break;
            case PhysicalType.Int96 or PhysicalType.FixedLenByteArray:
                int width = batch.FixedWidth;
                output.Write(batch.FixedBytes.AsSpan(start * width, count * width));
                break;
            default:
                output.Write(PlainBytes(batch, start, count));
                break;
        }
    }

    private ReadOnlySpan<byte> Compress(ReadOnlySpan<byte> input)
    {
        if (_options.Compression == CompressionCodec.Uncompressed) return input;
        int length = PageCompressor.Compress(_options.Compression, input, ref _scratch.Compressed, _options.CompressionLevel);
        return _scratch.Compressed.AsSpan(0, length);
    }

    private void Emit(PageHeader header, ReadOnlySpan<byte> body, ReadOnlySpan<byte> more, int uncompressedBody, PageSink sink)
    {
        _scratch.Header.Reset();
        PageHeaderEncoder.Encode(header, _scratch.Header);
        sink.Write(_scratch.Header.WrittenSpan);
        sink.Write(body);
        if (!more.IsEmpty) sink.Write(more);
        _compressedBytes += _scratch.Header.Length + body.Length + more.Length;
        _uncompressedBytes += _scratch.Header.Length + uncompressedBody;
    }

    internal static int BitWidth(int maxValue) => maxValue <= 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)maxValue);
}
