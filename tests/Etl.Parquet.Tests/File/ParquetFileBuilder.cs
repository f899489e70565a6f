using System.Buffers;
using System.Buffers.Binary;
using Etl.Parquet.Compression;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.File;

/// <summary>
/// Test-only Parquet writer with page-level control: the schema elements, and per column chunk the exact list of
/// pages (dictionary, DATA_PAGE v1, DATA_PAGE_V2), their level and value bytes, compression, CRCs and any header
/// field (through <see cref="PageSpec.Tamper"/>). Headers and the footer go through the codec's Thrift encoders;
/// level and value bytes come from <see cref="Enc"/>, written here independently of the reader's decoders.
/// The files the tests build were read back with DuckDB 1.5.6 and hyparquet 1.31 when this was written (dump them
/// with <see cref="BuiltFile.DumpVariable"/> to check again). Neither reads legacy BIT_PACKED levels, which rest on
/// the format's example (<see cref="ParquetFileBuilderTests"/>); DuckDB reads BYTE_STREAM_SPLIT only for
/// FLOAT/DOUBLE, hyparquet reads all five types.
/// </summary>
internal sealed class ParquetFileBuilder
{
    private readonly List<SchemaElement> _schema;
    private readonly List<(int MaxDef, int MaxRep, PhysicalType Type, string[] Path)> _leaves = [];
    private readonly List<RowGroupBuilder> _rowGroups = [];

    /// <summary><paramref name="fields"/> is the depth-first element list below the root (the root is added).</summary>
    public ParquetFileBuilder(params SchemaElement[] fields)
    {
        var top = 0;
        for (var i = 0; i < fields.Length; top++) i = Walk(fields, i, 0, 0, []);
        _schema = [new SchemaElement { Name = "schema", NumChildren = top }, .. fields];
    }

    public List<KeyValue>? KeyValueMetadata { get; set; }
    public string? CreatedBy { get; set; } = "etl-tests ParquetFileBuilder";
    public int Version { get; set; } = 1;

    /// <summary>Overrides the footer's num_rows (otherwise the sum of the row groups).</summary>
    public long? NumRowsOverride { get; set; }

    public int LeafCount => _leaves.Count;

    public (int MaxDefinition, int MaxRepetition) Levels(int leaf) => (_leaves[leaf].MaxDef, _leaves[leaf].MaxRep);

    /// <summary>Starts a row group; add one chunk per leaf column, in schema order.</summary>
    public RowGroupBuilder RowGroup(long? numRows = null)
    {
        var group = new RowGroupBuilder(this, numRows);
        _rowGroups.Add(group);
        return group;
    }

    public byte[] Build()
    {
        var file = new MemoryStream();
        file.Write("PAR1"u8);
        var groups = new List<RowGroup>();
        long totalRows = 0;
        foreach (var group in _rowGroups)
        {
            if (group.Chunks.Count != _leaves.Count)
                throw new InvalidOperationException($"row group has {group.Chunks.Count} chunks for {_leaves.Count} leaves");
            var start = file.Position;
            var chunks = new List<ColumnChunk>();
            long uncompressed = 0;
            long rows = -1;
            for (var c = 0; c < group.Chunks.Count; c++)
            {
                var (chunk, size, chunkRows) = WriteChunk(file, group.Chunks[c], _leaves[c]);
                chunks.Add(chunk);
                uncompressed += size;
                if (rows < 0) rows = chunkRows;
            }
            var numRows = group.NumRows ?? Math.Max(rows, 0);
            totalRows += numRows;
            groups.Add(new RowGroup
            {
                Columns = chunks,
                NumRows = numRows,
                TotalByteSize = uncompressed,
                FileOffset = start,
                TotalCompressedSize = file.Position - start,
                Ordinal = (short)groups.Count,
            });
        }
        var meta = new FileMetaData
        {
            Version = Version,
            Schema = _schema,
            NumRows = NumRowsOverride ?? totalRows,
            RowGroups = groups,
            KeyValueMetadata = KeyValueMetadata,
            CreatedBy = CreatedBy,
        };
        var footer = FileMetaDataEncoder.Encode(meta);
        file.Write(footer);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, footer.Length);
        file.Write(length);
        file.Write("PAR1"u8);
        return file.ToArray();
    }

    private static (ColumnChunk Chunk, long Uncompressed, long Rows) WriteChunk(
        MemoryStream file, ChunkBuilder spec, (int MaxDef, int MaxRep, PhysicalType Type, string[] Path) leaf)
    {
        var start = file.Position;
        long? dictionaryOffset = null, dataOffset = null;
        long values = 0, uncompressed = 0, rows = 0;
        var encodings = new List<Encoding>();
        void Use(Encoding e)
        {
            if (!encodings.Contains(e)) encodings.Add(e);
        }
        foreach (var page in spec.Pages)
        {
            var (header, body) = page.Render(spec.Codec);
            var headerBytes = new ArrayBufferWriter<byte>();
            PageHeaderEncoder.Encode(header, headerBytes);
            if (page.Type == PageType.DictionaryPage) dictionaryOffset ??= file.Position;
            else dataOffset ??= file.Position;
            file.Write(headerBytes.WrittenSpan);
            file.Write(body);
            uncompressed += headerBytes.WrittenCount + (long)page.UncompressedLength;
            Use(page.Encoding);
            if (page.Type == PageType.DataPage)
            {
                if (leaf.MaxRep > 0) Use(page.RepetitionLevelEncoding);
                if (leaf.MaxDef > 0) Use(page.DefinitionLevelEncoding);
            }
            else if (page.Type == PageType.DataPageV2 && leaf.MaxDef + leaf.MaxRep > 0)
            {
                Use(Encoding.Rle);
            }
            if (page.Type != PageType.DictionaryPage)
            {
                values += page.NumValues;
                rows += page.NumRows;
            }
        }
        var meta = new ColumnMetaData
        {
            Type = leaf.Type,
            Encodings = encodings,
            PathInSchema = [.. leaf.Path],
            Codec = spec.Codec,
            NumValues = spec.NumValuesOverride ?? values,
            TotalUncompressedSize = uncompressed,
            TotalCompressedSize = file.Position - start,
            KeyValueMetadata = spec.KeyValueMetadata,
            DataPageOffset = dataOffset ?? start,
            DictionaryPageOffset = dictionaryOffset,
            Statistics = spec.Statistics,
        };
        spec.TamperMeta?.Invoke(meta);
        return (new ColumnChunk { FileOffset = start, MetaData = meta }, uncompressed, rows);
    }

    /// <summary>Records each leaf's path and maximum levels; returns the index after the subtree at <paramref name="i"/>.</summary>
    private int Walk(SchemaElement[] elements, int i, int def, int rep, string[] path)
    {
        var e = elements[i];
        if (e.RepetitionType != FieldRepetitionType.Required) def++;
        if (e.RepetitionType == FieldRepetitionType.Repeated) rep++;
        string[] here = [.. path, e.Name];
        var children = e.NumChildren ?? 0;
        i++;
        if (children == 0)
        {
            _leaves.Add((def, rep, e.Type ?? throw new InvalidOperationException($"leaf {e.Name} has no type"), here));
            return i;
        }
        for (var c = 0; c < children; c++) i = Walk(elements, i, def, rep, here);
        return i;
    }

    internal sealed class RowGroupBuilder(ParquetFileBuilder file, long? numRows)
    {
        public long? NumRows { get; } = numRows;
        public List<ChunkBuilder> Chunks { get; } = [];

        /// <summary>Starts the chunk of the next leaf column.</summary>
        public ChunkBuilder Column(CompressionCodec codec = CompressionCodec.Uncompressed)
        {
            var leaf = Chunks.Count;
            if (leaf >= file.LeafCount) throw new InvalidOperationException("more chunks than leaf columns");
            var (def, rep) = file.Levels(leaf);
            var chunk = new ChunkBuilder(codec, def, rep);
            Chunks.Add(chunk);
            return chunk;
        }

        /// <summary>Adds the chunk of the next leaf column as one PLAIN v1 page of required values.</summary>
        public RowGroupBuilder Required(byte[] plainValues, int count, CompressionCodec codec = CompressionCodec.Uncompressed)
        {
            Column(codec).V1(plainValues, count);
            return this;
        }

        /// <summary>Adds the chunk of the next (flat, optional) leaf as one PLAIN v1 page; nulls where <paramref name="present"/> is false.</summary>
        public RowGroupBuilder Optional(bool[] present, byte[] plainValues, CompressionCodec codec = CompressionCodec.Uncompressed)
        {
            Column(codec).V1(plainValues, def: [.. present.Select(p => p ? 1 : 0)]);
            return this;
        }
    }

    internal sealed class ChunkBuilder(CompressionCodec codec, int maxDefinition, int maxRepetition)
    {
        public CompressionCodec Codec { get; } = codec;
        public int MaxDefinition { get; } = maxDefinition;
        public int MaxRepetition { get; } = maxRepetition;
        public List<PageSpec> Pages { get; } = [];
        public List<KeyValue>? KeyValueMetadata { get; set; }
        public Statistics? Statistics { get; set; }
        public long? NumValuesOverride { get; set; }
        public Action<ColumnMetaData>? TamperMeta { get; set; }

        public ChunkBuilder Page(PageSpec page)
        {
            Pages.Add(page);
            return this;
        }

        /// <summary>A PLAIN dictionary page of <paramref name="count"/> values.</summary>
        public ChunkBuilder Dictionary(byte[] plainValues, int count, Action<PageSpec>? configure = null)
        {
            var page = new PageSpec { Type = PageType.DictionaryPage, NumValues = count, Values = plainValues, Encoding = Encoding.Plain };
            configure?.Invoke(page);
            return Page(page);
        }

        /// <summary>
        /// A DATA_PAGE (v1). Entries = the level count (or <paramref name="count"/> for a required flat column).
        /// Levels are encoded with <paramref name="levelEncoding"/> (RLE with its length prefix, or legacy BIT_PACKED).
        /// </summary>
        public ChunkBuilder V1(byte[] values, int? count = null, int[]? def = null, int[]? rep = null,
            Encoding encoding = Encoding.Plain, Encoding levelEncoding = Encoding.Rle, Action<PageSpec>? configure = null)
        {
            var entries = Entries(count, def, rep);
            var page = new PageSpec
            {
                Type = PageType.DataPage,
                NumValues = entries,
                Encoding = encoding,
                DefinitionLevelEncoding = levelEncoding,
                RepetitionLevelEncoding = levelEncoding,
                RepetitionLevels = MaxRepetition > 0 ? V1Levels(rep ?? new int[entries], MaxRepetition, levelEncoding) : [],
                DefinitionLevels = MaxDefinition > 0 ? V1Levels(def ?? Filled(entries, MaxDefinition), MaxDefinition, levelEncoding) : [],
                Values = values,
                NumRows = rep is null ? entries : rep.Count(r => r == 0),
            };
            configure?.Invoke(page);
            return Page(page);
        }

        /// <summary>A DATA_PAGE_V2; levels are the hybrid encoding without length prefix, stored uncompressed.</summary>
        public ChunkBuilder V2(byte[] values, int? count = null, int[]? def = null, int[]? rep = null,
            Encoding encoding = Encoding.Plain, bool isCompressed = true, Action<PageSpec>? configure = null)
        {
            var entries = Entries(count, def, rep);
            var defLevels = def ?? Filled(entries, MaxDefinition);
            var page = new PageSpec
            {
                Type = PageType.DataPageV2,
                NumValues = entries,
                NumNulls = MaxDefinition > 0 ? defLevels.Count(d => d < MaxDefinition) : 0,
                NumRows = rep is null ? entries : rep.Count(r => r == 0),
                Encoding = encoding,
                RepetitionLevels = MaxRepetition > 0 ? Enc.Hybrid(rep ?? new int[entries], Enc.Width(MaxRepetition)) : [],
                DefinitionLevels = MaxDefinition > 0 ? Enc.Hybrid(defLevels, Enc.Width(MaxDefinition)) : [],
                Values = values,
                IsCompressed = isCompressed,
            };
            configure?.Invoke(page);
            return Page(page);
        }

        private static int Entries(int? count, int[]? def, int[]? rep) =>
            count ?? def?.Length ?? rep?.Length ?? throw new ArgumentException("give the entry count, or levels");

        private static int[] Filled(int count, int level) => [.. Enumerable.Repeat(level, count)];

        private static byte[] V1Levels(int[] levels, int max, Encoding encoding) => encoding switch
        {
            Encoding.Rle => Enc.LengthPrefixed(Enc.Hybrid(levels, Enc.Width(max))),
            Encoding.BitPacked => Enc.LegacyBitPacked(levels, Enc.Width(max)),
            _ => throw new ArgumentException($"level encoding {encoding}"),
        };
    }
}

internal enum CrcMode
{
    None,
    Correct,
    Wrong,
}

/// <summary>One page as written: its header fields and its (uncompressed) sections.</summary>
internal sealed class PageSpec
{
    public PageType Type { get; set; }

    /// <summary>Level entries of a data page, values of a dictionary page.</summary>
    public int NumValues { get; set; }
    public int NumNulls { get; set; }
    public int NumRows { get; set; }
    public Encoding Encoding { get; set; } = Encoding.Plain;
    public Encoding DefinitionLevelEncoding { get; set; } = Encoding.Rle;
    public Encoding RepetitionLevelEncoding { get; set; } = Encoding.Rle;

    /// <summary>The level sections exactly as stored (v1: with the RLE length prefix).</summary>
    public byte[] RepetitionLevels { get; set; } = [];
    public byte[] DefinitionLevels { get; set; } = [];

    /// <summary>The encoded values, before compression.</summary>
    public byte[] Values { get; set; } = [];

    /// <summary>DATA_PAGE_V2 is_compressed.</summary>
    public bool IsCompressed { get; set; } = true;

    /// <summary>
    /// DATA_PAGE_V2 only: store an empty value section as zero bytes even when it is marked compressed (as some
    /// writers do), instead of the codec's encoding of nothing (one byte for SNAPPY).
    /// </summary>
    public bool RawEmptyValues { get; set; }
    public CrcMode Crc { get; set; }

    /// <summary>Last word on the header (hostile sizes, negative counts).</summary>
    public Action<PageHeader>? Tamper { get; set; }

    /// <summary>Last word on the stored body bytes (after compression and CRC).</summary>
    public Action<byte[]>? TamperBody { get; set; }

    public int UncompressedLength => RepetitionLevels.Length + DefinitionLevels.Length + Values.Length;

    public (PageHeader Header, byte[] Body) Render(CompressionCodec codec)
    {
        byte[] body;
        switch (Type)
        {
            case PageType.DataPageV2:
                var values = IsCompressed && !(RawEmptyValues && Values.Length == 0) ? Compress(codec, Values) : Values;
                body = [.. RepetitionLevels, .. DefinitionLevels, .. values];
                break;
            default:
                body = Compress(codec, [.. RepetitionLevels, .. DefinitionLevels, .. Values]);
                break;
        }
        var header = new PageHeader
        {
            Type = Type,
            UncompressedPageSize = UncompressedLength,
            CompressedPageSize = body.Length,
        };
        switch (Type)
        {
            case PageType.DictionaryPage:
                header.DictionaryPageHeader = new DictionaryPageHeader { NumValues = NumValues, Encoding = Encoding };
                break;
            case PageType.DataPage:
                header.DataPageHeader = new DataPageHeader
                {
                    NumValues = NumValues,
                    Encoding = Encoding,
                    DefinitionLevelEncoding = DefinitionLevelEncoding,
                    RepetitionLevelEncoding = RepetitionLevelEncoding,
                };
                break;
            default:
                header.DataPageHeaderV2 = new DataPageHeaderV2
                {
                    NumValues = NumValues,
                    NumNulls = NumNulls,
                    NumRows = NumRows,
                    Encoding = Encoding,
                    RepetitionLevelsByteLength = RepetitionLevels.Length,
                    DefinitionLevelsByteLength = DefinitionLevels.Length,
                    IsCompressed = IsCompressed,
                };
                break;
        }
        if (Crc != CrcMode.None)
        {
            var crc = Enc.Crc32(body);
            header.Crc = unchecked((int)(Crc == CrcMode.Correct ? crc : crc ^ 0x5A5A5A5A));
        }
        Tamper?.Invoke(header);
        TamperBody?.Invoke(body);
        return (header, body);
    }

    private static byte[] Compress(CompressionCodec codec, byte[] input)
    {
        if (codec == CompressionCodec.Uncompressed) return input;
        var output = new byte[PageCompressor.MaxCompressedLength(codec, input.Length)];
        var length = PageCompressor.Compress(codec, input, output);
        return output[..length];
    }
}

/// <summary>
/// Schema elements and logical types for <see cref="ParquetFileBuilder"/>. A logical type comes with the legacy
/// converted type (and decimal scale/precision) that parquet-mr and Arrow write beside it, unless
/// <c>legacy: false</c>; a converted type alone is written as given.
/// </summary>
internal static class S
{
    public static SchemaElement Leaf(string name, PhysicalType type, FieldRepetitionType repetition = FieldRepetitionType.Optional,
        LogicalType? logical = null, ConvertedType? converted = null, int? length = null, int? scale = null, int? precision = null,
        bool legacy = true) => new()
    {
        Name = name,
        Type = type,
        RepetitionType = repetition,
        LogicalType = logical,
        ConvertedType = converted ?? (legacy ? Converted(logical) : null),
        TypeLength = length,
        Scale = scale ?? (legacy && logical?.Kind == LogicalTypeKind.Decimal ? logical.Scale : null),
        Precision = precision ?? (legacy && logical?.Kind == LogicalTypeKind.Decimal ? logical.Precision : null),
    };

    public static SchemaElement Group(string name, int children, FieldRepetitionType repetition = FieldRepetitionType.Optional,
        LogicalType? logical = null, ConvertedType? converted = null, bool legacy = true) => new()
    {
        Name = name,
        NumChildren = children,
        RepetitionType = repetition,
        LogicalType = logical,
        ConvertedType = converted ?? (legacy ? Converted(logical) : null),
    };

    /// <summary>The converted type that stands for <paramref name="logical"/> in older readers, if there is one.</summary>
    private static ConvertedType? Converted(LogicalType? logical) => logical?.Kind switch
    {
        LogicalTypeKind.String => ConvertedType.Utf8,
        LogicalTypeKind.Json => ConvertedType.Json,
        LogicalTypeKind.Enum => ConvertedType.Enum,
        LogicalTypeKind.Date => ConvertedType.Date,
        LogicalTypeKind.List => ConvertedType.List,
        LogicalTypeKind.Map => ConvertedType.Map,
        LogicalTypeKind.Decimal => ConvertedType.Decimal,
        LogicalTypeKind.Time when logical.IsAdjustedToUtc && logical.Unit == TimeUnit.Millis => ConvertedType.TimeMillis,
        LogicalTypeKind.Time when logical.IsAdjustedToUtc && logical.Unit == TimeUnit.Micros => ConvertedType.TimeMicros,
        LogicalTypeKind.Timestamp when logical.IsAdjustedToUtc && logical.Unit == TimeUnit.Millis => ConvertedType.TimestampMillis,
        LogicalTypeKind.Timestamp when logical.IsAdjustedToUtc && logical.Unit == TimeUnit.Micros => ConvertedType.TimestampMicros,
        LogicalTypeKind.Integer => (logical.BitWidth, logical.IsSigned) switch
        {
            (8, true) => ConvertedType.Int8,
            (16, true) => ConvertedType.Int16,
            (32, true) => ConvertedType.Int32,
            (64, true) => ConvertedType.Int64,
            (8, false) => ConvertedType.Uint8,
            (16, false) => ConvertedType.Uint16,
            (32, false) => ConvertedType.Uint32,
            _ => ConvertedType.Uint64,
        },
        _ => null,
    };

    public static LogicalType String => new() { Kind = LogicalTypeKind.String };
    public static LogicalType Json => new() { Kind = LogicalTypeKind.Json };
    public static LogicalType Uuid => new() { Kind = LogicalTypeKind.Uuid };
    public static LogicalType Date => new() { Kind = LogicalTypeKind.Date };
    public static LogicalType List => new() { Kind = LogicalTypeKind.List };
    public static LogicalType Map => new() { Kind = LogicalTypeKind.Map };
    public static LogicalType Decimal(int precision, int scale) => new() { Kind = LogicalTypeKind.Decimal, Precision = precision, Scale = scale };
    public static LogicalType Timestamp(TimeUnit unit, bool utc) => new() { Kind = LogicalTypeKind.Timestamp, Unit = unit, IsAdjustedToUtc = utc };
    public static LogicalType Time(TimeUnit unit, bool utc) => new() { Kind = LogicalTypeKind.Time, Unit = unit, IsAdjustedToUtc = utc };
    public static LogicalType Int(int bits, bool signed) => new() { Kind = LogicalTypeKind.Integer, BitWidth = bits, IsSigned = signed };
}

/// <summary>
/// Encoders for page contents, written from the format description (Encodings.md) for these tests; deliberately
/// simple rather than fast.
/// </summary>
internal static class Enc
{
    public static byte[] Plain(params int[] values) => Bytes(values.Length * 4, (s, i) => BinaryPrimitives.WriteInt32LittleEndian(s[(i * 4)..], values[i]), values.Length);
    public static byte[] Plain(params long[] values) => Bytes(values.Length * 8, (s, i) => BinaryPrimitives.WriteInt64LittleEndian(s[(i * 8)..], values[i]), values.Length);
    public static byte[] Plain(params float[] values) => Bytes(values.Length * 4, (s, i) => BinaryPrimitives.WriteSingleLittleEndian(s[(i * 4)..], values[i]), values.Length);
    public static byte[] Plain(params double[] values) => Bytes(values.Length * 8, (s, i) => BinaryPrimitives.WriteDoubleLittleEndian(s[(i * 8)..], values[i]), values.Length);

    /// <summary>PLAIN BOOLEAN: one bit per value, least significant bit first.</summary>
    public static byte[] Plain(params bool[] values)
    {
        var bytes = new byte[(values.Length + 7) / 8];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i]) bytes[i / 8] |= (byte)(1 << (i % 8));
        }
        return bytes;
    }

    /// <summary>PLAIN BYTE_ARRAY: each value behind its 4-byte little-endian length.</summary>
    public static byte[] Plain(params byte[][] values)
    {
        var output = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var value in values)
        {
            BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
            output.Write(length);
            output.Write(value);
        }
        return output.ToArray();
    }

    public static byte[] Plain(params string[] values) => Plain([.. values.Select(v => System.Text.Encoding.UTF8.GetBytes(v))]);

    /// <summary>PLAIN FIXED_LEN_BYTE_ARRAY and INT96: the values back to back.</summary>
    public static byte[] Fixed(params byte[][] values) => [.. values.SelectMany(v => v)];

    /// <summary>An INT96 timestamp: nanoseconds of the day, then the Julian day number, both little-endian.</summary>
    public static byte[] Int96(long nanosOfDay, int julianDay)
    {
        var bytes = new byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, nanosOfDay);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), julianDay);
        return bytes;
    }

    /// <summary>Big-endian two's complement in <paramref name="width"/> bytes (DECIMAL on FIXED_LEN_BYTE_ARRAY/BYTE_ARRAY).</summary>
    public static byte[] BigEndian(long value, int width)
    {
        var bytes = new byte[width];
        for (var i = width - 1; i >= 0; i--)
        {
            bytes[i] = (byte)value;
            value >>= 8;
        }
        return bytes;
    }

    /// <summary>Bits needed for levels up to <paramref name="max"/>.</summary>
    public static int Width(long max)
    {
        var width = 0;
        while (max > 0)
        {
            width++;
            max >>= 1;
        }
        return width;
    }

    public static byte[] LengthPrefixed(byte[] data)
    {
        var bytes = new byte[4 + data.Length];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, data.Length);
        data.CopyTo(bytes, 4);
        return bytes;
    }

    /// <summary>
    /// The RLE/bit-packing hybrid, without length prefix: repeats of 8 or more as RLE runs, the rest in bit-packed
    /// groups of 8 (the last one padded with zeros). <paramref name="bitPackedOnly"/> writes one bit-packed run.
    /// </summary>
    public static byte[] Hybrid(int[] values, int width, bool bitPackedOnly = false)
    {
        var output = new List<byte>();
        if (width == 0) return [];
        var i = 0;
        while (i < values.Length)
        {
            var run = bitPackedOnly ? 0 : RunLength(values, i);
            if (run >= 8)
            {
                Uleb(output, (ulong)run << 1);
                var value = (uint)values[i];
                for (var b = 0; b < (width + 7) / 8; b++) output.Add((byte)(value >> (8 * b)));
                i += run;
                continue;
            }
            var start = i;
            do i += 8;
            while (i < values.Length && (bitPackedOnly || RunLength(values, i) < 8));
            var count = Math.Min(i, values.Length) - start;
            var groups = (count + 7) / 8;
            Uleb(output, ((ulong)groups << 1) | 1);
            var padded = new ulong[groups * 8];
            for (var k = 0; k < count; k++) padded[k] = (uint)values[start + k];
            output.AddRange(PackLsb(padded, width));
            i = Math.Min(i, values.Length);
        }
        return [.. output];
    }

    /// <summary>The deprecated BIT_PACKED level encoding: no headers, most significant bit first.</summary>
    public static byte[] LegacyBitPacked(int[] values, int width)
    {
        var bytes = new byte[(values.Length * width + 7) / 8];
        var bit = 0;
        foreach (var value in values)
        {
            for (var b = width - 1; b >= 0; b--, bit++)
            {
                if ((value >> b & 1) != 0) bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
            }
        }
        return bytes;
    }

    /// <summary>RLE-encoded BOOLEAN values as in data pages: 4-byte length, then the hybrid at width 1.</summary>
    public static byte[] RleBooleans(params bool[] values) => LengthPrefixed(Hybrid([.. values.Select(v => v ? 1 : 0)], 1));

    /// <summary>RLE_DICTIONARY / PLAIN_DICTIONARY data: one byte of bit width, then the hybrid.</summary>
    public static byte[] DictionaryIndices(int[] indices, int? width = null)
    {
        var w = width ?? Math.Max(1, Width(indices.DefaultIfEmpty(0).Max()));
        return [(byte)w, .. Hybrid(indices, w)];
    }

    /// <summary>BYTE_STREAM_SPLIT: byte k of every value in stream k, the streams back to back.</summary>
    public static byte[] ByteStreamSplit(byte[] plain, int width)
    {
        var count = plain.Length / width;
        var output = new byte[plain.Length];
        for (var i = 0; i < count; i++)
        {
            for (var k = 0; k < width; k++) output[k * count + i] = plain[i * width + k];
        }
        return output;
    }

    public static byte[] DeltaBinaryPacked(params int[] values) => DeltaBinaryPacked([.. values.Select(v => (long)v)], 32);

    public static byte[] DeltaBinaryPacked(params long[] values) => DeltaBinaryPacked(values, 64);

    /// <summary>DELTA_BINARY_PACKED with blocks of 128 values in 4 miniblocks of 32; arithmetic wraps at <paramref name="bits"/>.</summary>
    private static byte[] DeltaBinaryPacked(long[] values, int bits)
    {
        const int blockSize = 128, miniblocks = 4, miniblockSize = blockSize / miniblocks;
        var output = new List<byte>();
        Uleb(output, blockSize);
        Uleb(output, miniblocks);
        Uleb(output, (ulong)values.Length);
        Uleb(output, ZigZag(values.Length > 0 ? values[0] : 0));
        long Wrap(long v) => bits == 32 ? (int)v : v;
        ulong Mask(long v) => bits == 32 ? (uint)v : (ulong)v;
        var deltas = new long[Math.Max(0, values.Length - 1)];
        for (var i = 1; i < values.Length; i++) deltas[i - 1] = Wrap(unchecked(values[i] - values[i - 1]));
        for (var block = 0; block < deltas.Length; block += blockSize)
        {
            var n = Math.Min(blockSize, deltas.Length - block);
            var min = deltas.Skip(block).Take(n).Min();
            Uleb(output, ZigZag(min));
            var widths = new byte[miniblocks];
            var packed = new List<byte>();
            for (var m = 0; m < miniblocks; m++)
            {
                var first = block + m * miniblockSize;
                if (first >= block + n) break;
                var adjusted = new ulong[miniblockSize];
                for (var k = 0; k < miniblockSize && first + k < block + n; k++)
                    adjusted[k] = Mask(Wrap(unchecked(deltas[first + k] - min)));
                var max = adjusted.Max();
                var width = max == 0 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount(max);
                widths[m] = (byte)width;
                packed.AddRange(PackLsb(adjusted, width));
            }
            output.AddRange(widths);
            output.AddRange(packed);
        }
        return [.. output];
    }

    /// <summary>DELTA_LENGTH_BYTE_ARRAY: the lengths DELTA_BINARY_PACKED, then all the bytes.</summary>
    public static byte[] DeltaLengthByteArray(params byte[][] values) =>
        [.. DeltaBinaryPacked([.. values.Select(v => v.Length)]), .. values.SelectMany(v => v)];

    public static byte[] DeltaLengthByteArray(params string[] values) => DeltaLengthByteArray([.. values.Select(v => System.Text.Encoding.UTF8.GetBytes(v))]);

    /// <summary>DELTA_BYTE_ARRAY: the lengths of the prefixes shared with the previous value, then the suffixes as DELTA_LENGTH_BYTE_ARRAY.</summary>
    public static byte[] DeltaByteArray(params byte[][] values)
    {
        var prefixes = new int[values.Length];
        var suffixes = new byte[values.Length][];
        for (var i = 0; i < values.Length; i++)
        {
            var previous = i == 0 ? [] : values[i - 1];
            var shared = 0;
            while (shared < previous.Length && shared < values[i].Length && previous[shared] == values[i][shared]) shared++;
            prefixes[i] = shared;
            suffixes[i] = values[i][shared..];
        }
        return [.. DeltaBinaryPacked(prefixes), .. DeltaLengthByteArray(suffixes)];
    }

    public static byte[] DeltaByteArray(params string[] values) => DeltaByteArray([.. values.Select(v => System.Text.Encoding.UTF8.GetBytes(v))]);

    /// <summary>CRC-32 (IEEE, as zlib) computed bit by bit, independent of the reader's table/PCLMUL version.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    private static byte[] PackLsb(ulong[] values, int width)
    {
        var bytes = new byte[(values.Length * width + 7) / 8];
        var bit = 0;
        foreach (var value in values)
        {
            for (var b = 0; b < width; b++, bit++)
            {
                if ((value >> b & 1) != 0) bytes[bit / 8] |= (byte)(1 << (bit % 8));
            }
        }
        return bytes;
    }

    private static int RunLength(int[] values, int start)
    {
        var end = start;
        while (end < values.Length && values[end] == values[start]) end++;
        return end - start;
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private static void Uleb(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }
        output.Add((byte)value);
    }

    private delegate void Writer(Span<byte> destination, int index);

    private static byte[] Bytes(int length, Writer write, int count)
    {
        var bytes = new byte[length];
        for (var i = 0; i < count; i++) write(bytes, i);
        return bytes;
    }
}
