using System.Buffers;
using Etl.Parquet.Compression;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Parquet.File;

/// <summary>
/// Walks the pages of one column chunk: reads each page header and body, verifies the CRC, decompresses, and
/// hands the bytes to <see cref="PageDecoder"/>. Every size the file declares is checked against the chunk's
/// bounds before anything is allocated for it.
/// </summary>
internal sealed class ColumnChunkReader
{
    /// <summary>Upper bound for one page's level entries; real writers stay far below (pages hold thousands).</summary>
    private const int MaxEntriesPerPage = 64 * 1024 * 1024;
    private const int InitialHeaderRead = 16 * 1024;
    private const int MaxHeaderLength = 64 * 1024 * 1024;

    private readonly ParquetFileReader _file;
    private readonly ColumnChunk _chunk;
    private readonly ColumnDescriptor _column;

    public ColumnChunkReader(ParquetFileReader file, ColumnChunk chunk, ColumnDescriptor column)
    {
        _file = file;
        _chunk = chunk;
        _column = column;
    }

    public void ReadAll(ColumnBatch batch)
    {
        var meta = _chunk.MetaData ?? throw new ParquetFormatException("the column chunk has no metadata");
        if (_chunk.FilePath is { } external)
            throw new ParquetFormatException($"the column chunk is stored in another file ('{external}'); multi-file datasets are not supported");
        if (meta.Type != _column.PhysicalType)
            throw new ParquetFormatException($"the column chunk's type {meta.Type} differs from the schema's {_column.PhysicalType}");
        if (meta.NumValues < 0) throw new ParquetFormatException($"the column chunk declares {meta.NumValues} values");
        // An empty chunk has nothing to read, and some writers leave its offsets at 0.
        if (meta.NumValues == 0) return;
        var (start, declaredEnd) = ChunkRange(meta);
        // Pages are bounded by the footer, not by the declared chunk size: some writers (old parquet-cpp)
        // left the dictionary page out of total_compressed_size. Reading stops once the declared values are in.
        var end = _file.FooterOffset;

        var decoder = new PageDecoder(_column, meta.Codec);
        var pos = start;
        var page = 0;
        var presized = false;
        var scratch = ArrayPool<byte>.Shared.Rent(InitialHeaderRead);
        try
        {
            while (pos < end && batch.LevelCount < meta.NumValues)
            {
                var pageStart = pos;
                try
                {
                    var header = ReadHeader(ref pos, end, ref scratch);
                    var size = header.CompressedPageSize;
                    if (size < 0 || size > end - pos)
                        throw new ParquetFormatException($"the page declares {size} bytes but only {end - pos} remain before the footer");
                    if (header.UncompressedPageSize < 0 || header.UncompressedPageSize > _file.Options.MaxPageSize)
                        throw new ParquetFormatException($"the page declares {header.UncompressedPageSize} bytes uncompressed, outside 0..{_file.Options.MaxPageSize}");
                    if (scratch.Length < size)
                    {
                        ArrayPool<byte>.Shared.Return(scratch);
                        scratch = ArrayPool<byte>.Shared.Rent(size);
                    }
                    var body = scratch.AsSpan(0, size);
                    _file.Source.ReadExactly(pos, body);
                    if (header.Crc is { } crc && _file.Options.VerifyChecksums && IsChecksummed(header.Type))
                    {
                        var actual = Crc32.Compute(body);
                        if (actual != unchecked((uint)crc))
                            throw new ParquetFormatException($"page checksum mismatch: the header says 0x{unchecked((uint)crc):x8}, the bytes give 0x{actual:x8}; the file is corrupt");
                    }
                    var remaining = meta.NumValues - batch.LevelCount;
                    decoder.Decode(header, body, batch, remaining);
                    if (!presized && batch.LevelCount > 0)
                    {
                        presized = true;
                        batch.PresizeByFirstPage(LikelyEntries(batch.LevelCount, pos - pageStart, declaredEnd - pageStart, meta.NumValues));
                    }
                    pos += size;
                    page++;
                }
                catch (ParquetFormatException e)
                {
                    e.At(page: page, offset: pageStart);
                    throw;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            decoder.Dispose();
        }
        if (batch.LevelCount != meta.NumValues)
            throw new ParquetFormatException($"the column chunk declares {meta.NumValues} values but its pages hold {batch.LevelCount}").At(offset: pos);
    }

    /// <summary>
    /// The entries the chunk likely holds, judged from its first data page: as many per byte in the rest of the chunk,
    /// plus 1/16, but never more than declared. Not the footer's count alone, which a corrupt file can set to anything:
    /// sizing ahead must follow bytes that are there.
    /// </summary>
    private static long LikelyEntries(long entries, long pageBytes, long chunkBytes, long declared)
    {
        if (pageBytes <= 0) return entries;
        var likely = entries * (chunkBytes / (double)pageBytes);
        return (long)Math.Min(declared, likely + likely / 16);
    }

    private static bool IsChecksummed(PageType type) =>
        type is PageType.DataPage or PageType.DataPageV2 or PageType.DictionaryPage;

    private (long Start, long End) ChunkRange(ColumnMetaData meta)
    {
        var start = meta.DataPageOffset;
        // A dictionary page precedes the data pages; some writers leave the offset 0 or point it elsewhere.
        if (meta.DictionaryPageOffset is { } dict && dict >= 4 && dict < start) start = dict;
        var length = meta.TotalCompressedSize;
        var limit = _file.FooterOffset;
        if (start < 4 || start >= limit)
            throw new ParquetFormatException($"the column chunk starts at byte {start}, outside the file's data (4..{limit})");
        if (length <= 0 || length > limit - start)
            throw new ParquetFormatException($"the column chunk declares {length} bytes from byte {start}, past the file's data (which ends at {limit})");
        return (start, start + length);
    }

    private PageHeader ReadHeader(ref long pos, long end, ref byte[] scratch)
    {
        var want = (int)Math.Min(end - pos, InitialHeaderRead);
        while (true)
        {
            if (scratch.Length < want)
            {
                ArrayPool<byte>.Shared.Return(scratch);
                scratch = ArrayPool<byte>.Shared.Rent(want);
            }
            var span = scratch.AsSpan(0, want);
            _file.Source.ReadExactly(pos, span);
            if (PageHeaderDecoder.TryDecode(span, out var header, out var consumed))
            {
                pos += consumed;
                return header;
            }
            if (want >= end - pos || want >= MaxHeaderLength)
                throw new ParquetFormatException("the page header runs into the footer");
            want = (int)Math.Min(Math.Min(end - pos, MaxHeaderLength), want * 4L);
        }
    }

    internal static void CheckEntries(long entries, long remaining)
    {
        if (entries < 0 || entries > MaxEntriesPerPage)
            throw new ParquetFormatException($"the page declares {entries} values, outside 0..{MaxEntriesPerPage}");
        if (entries > remaining)
            throw new ParquetFormatException($"the page declares {entries} values but the column chunk has only {remaining} left");
    }
}
