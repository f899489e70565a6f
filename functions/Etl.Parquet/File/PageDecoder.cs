using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using Etl.Parquet.Compression;
using Etl.Parquet.Encodings;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Parquet.File;

/// <summary>
/// Turns one page's bytes into levels and values appended to a <see cref="ColumnBatch"/>: decompression,
/// DATA_PAGE (v1) and DATA_PAGE_V2 layouts, and the dictionary that later pages index into.
/// </summary>
internal sealed class PageDecoder : IDisposable
{
    private const int PooledPageLimit = 16 * 1024 * 1024;

    private readonly ColumnDescriptor _column;
    private readonly CompressionCodec _codec;
    private readonly int _defWidth;
    private readonly int _repWidth;
    private byte[] _uncompressed = [];
    private ColumnBatch? _dictionary;

    public PageDecoder(ColumnDescriptor column, CompressionCodec codec)
    {
        _column = column;
        _codec = codec;
        _defWidth = BitWidth(column.MaxDefinitionLevel);
        _repWidth = BitWidth(column.MaxRepetitionLevel);
    }

    public void Decode(PageHeader header, ReadOnlySpan<byte> body, ColumnBatch batch, long remainingEntries)
    {
        switch (header.Type)
        {
            case PageType.DictionaryPage:
                DecodeDictionary(header, body, batch.Budget);
                break;
            case PageType.DataPage:
                DecodeV1(header, body, batch, remainingEntries);
                break;
            case PageType.DataPageV2:
                DecodeV2(header, body, batch, remainingEntries);
                break;
            default:
                // Index pages and page types from newer writers carry nothing this reader needs.
                break;
        }
    }

    public void Dispose()
    {
        ReturnBuffer();
        ReleaseDictionary();
    }

    /// <summary>The dictionary is dropped with its chunk, so its charge to the row group's budget is given back.</summary>
    private void ReleaseDictionary()
    {
        if (_dictionary?.Budget is { } budget) budget.Release(_dictionary.Charged);
        _dictionary = null;
    }

    private ReadOnlySpan<byte> Decompress(ReadOnlySpan<byte> input, int uncompressedSize)
    {
        if (_codec == CompressionCodec.Uncompressed)
        {
            if (input.Length != uncompressedSize)
                throw new ParquetFormatException($"the uncompressed page holds {input.Length} bytes but its header declares {uncompressedSize}");
            return input;
        }
        var bound = PageDecompressor.MaxDecompressedLength(_codec, input);
        if (uncompressedSize > bound)
            throw new ParquetFormatException($"the page declares {uncompressedSize} bytes uncompressed, more than {input.Length} bytes of {_codec} can hold; the file is corrupt");
        if (_uncompressed.Length < uncompressedSize)
        {
            ReturnBuffer();
            // Huge pages get their own array: the shared pool would keep it alive for the rest of the process.
            _uncompressed = uncompressedSize <= PooledPageLimit
                ? ArrayPool<byte>.Shared.Rent(uncompressedSize)
                : GC.AllocateUninitializedArray<byte>(uncompressedSize);
        }
        var output = _uncompressed.AsSpan(0, uncompressedSize);
        PageDecompressor.Decompress(_codec, input, output);
        return output;
    }

    private void ReturnBuffer()
    {
        if (_uncompressed.Length is > 0 and <= PooledPageLimit) ArrayPool<byte>.Shared.Return(_uncompressed);
        _uncompressed = [];
    }

    private void DecodeDictionary(PageHeader header, ReadOnlySpan<byte> body, DecodeBudget? budget)
    {
        var dph = header.DictionaryPageHeader ?? throw new ParquetFormatException("a dictionary page has no dictionary page header");
        if (dph.NumValues < 0) throw new ParquetFormatException($"the dictionary page declares {dph.NumValues} values");
        if (dph.Encoding is not (Encoding.Plain or Encoding.PlainDictionary))
            throw new ParquetFormatException($"the dictionary page uses encoding {dph.Encoding}; only PLAIN dictionaries exist in the format");
        var data = Decompress(body, header.UncompressedPageSize);
        ReleaseDictionary();
        var dictionary = new ColumnBatch(_column) { Budget = budget };
        _dictionary = dictionary;
        if (budget is not null) dictionary.ChargeHeld();
        PlainValueDecoder.Decode(_column, data, dph.NumValues, dictionary);
        dictionary.ValueCount = dph.NumValues;
    }

    private void DecodeV1(PageHeader header, ReadOnlySpan<byte> body, ColumnBatch batch, long remainingEntries)
    {
        var dph = header.DataPageHeader ?? throw new ParquetFormatException("a DATA_PAGE has no data page header");
        var entries = dph.NumValues;
        ColumnChunkReader.CheckEntries(entries, remainingEntries);
        var data = Decompress(body, header.UncompressedPageSize);
        batch.ReserveLevels(entries);
        var offset = 0;
        if (_column.MaxRepetitionLevel > 0)
            offset += DecodeV1Levels(dph.RepetitionLevelEncoding, data, _repWidth, batch.RepetitionLevels.AsSpan(batch.LevelCount, entries), "repetition");
        if (_column.MaxDefinitionLevel > 0)
            offset += DecodeV1Levels(dph.DefinitionLevelEncoding, data[offset..], _defWidth, batch.DefinitionLevels.AsSpan(batch.LevelCount, entries), "definition");
        FinishPage(batch, entries, dph.Encoding, data[offset..]);
    }

    private void DecodeV2(PageHeader header, ReadOnlySpan<byte> body, ColumnBatch batch, long remainingEntries)
    {
        var h = header.DataPageHeaderV2 ?? throw new ParquetFormatException("a DATA_PAGE_V2 has no data page header");
        var entries = h.NumValues;
        ColumnChunkReader.CheckEntries(entries, remainingEntries);
        int repLength = h.RepetitionLevelsByteLength, defLength = h.DefinitionLevelsByteLength;
        if (repLength < 0 || defLength < 0 || (long)repLength + defLength > body.Length)
            throw new ParquetFormatException($"the page's level sections ({repLength} + {defLength} bytes) do not fit in its {body.Length} bytes");
        batch.ReserveLevels(entries);
        if (_column.MaxRepetitionLevel > 0)
            DecodeHybridLevels(body.Slice(0, repLength), _repWidth, batch.RepetitionLevels.AsSpan(batch.LevelCount, entries), "repetition");
        if (_column.MaxDefinitionLevel > 0)
            DecodeHybridLevels(body.Slice(repLength, defLength), _defWidth, batch.DefinitionLevels.AsSpan(batch.LevelCount, entries), "definition");
        var values = body[(repLength + defLength)..];
        var valuesSize = header.UncompressedPageSize - repLength - defLength;
        if (valuesSize < 0)
            throw new ParquetFormatException($"the page declares {header.UncompressedPageSize} bytes uncompressed, fewer than its level sections");
        // An empty value section is never handed to the codec: some writers mark it compressed with zero bytes.
        if (h.IsCompressed && values.Length > 0) values = Decompress(values, valuesSize);
        else if (values.Length != valuesSize && !(values.Length == 0 && valuesSize == 0))
            throw new ParquetFormatException($"the page's value section holds {values.Length} bytes but its header declares {valuesSize}");
        FinishPage(batch, entries, h.Encoding, values);
    }

    private void FinishPage(ColumnBatch batch, int entries, Encoding encoding, ReadOnlySpan<byte> values)
    {
        int count;
        if (_column.MaxDefinitionLevel == 0)
        {
            count = entries;
        }
        else
        {
            var levels = batch.DefinitionLevels.AsSpan(batch.LevelCount, entries);
            if (levels.IndexOfAnyExceptInRange(0, _column.MaxDefinitionLevel) is var bad and >= 0)
                throw new ParquetFormatException($"definition level {levels[bad]} exceeds the column's maximum {_column.MaxDefinitionLevel}");
            count = levels.Count(_column.MaxDefinitionLevel);
        }
        if (_column.MaxRepetitionLevel > 0)
        {
            var levels = batch.RepetitionLevels.AsSpan(batch.LevelCount, entries);
            if (levels.IndexOfAnyExceptInRange(0, _column.MaxRepetitionLevel) is var bad and >= 0)
                throw new ParquetFormatException($"repetition level {levels[bad]} exceeds the column's maximum {_column.MaxRepetitionLevel}");
        }
        if (count > 0) DecodeValues(encoding, values, count, batch);
        batch.ValueCount += count;
        batch.LevelCount += entries;
    }

    private static int DecodeV1Levels(Encoding encoding, ReadOnlySpan<byte> data, int width, Span<int> destination, string what)
    {
        switch (encoding)
        {
            case Encoding.Rle:
                if (data.Length < 4) throw new ParquetFormatException($"the page ends inside its {what} levels' length prefix");
                var length = BinaryPrimitives.ReadInt32LittleEndian(data);
                if (length < 0 || length > data.Length - 4)
                    throw new ParquetFormatException($"the {what} levels declare {length} bytes but the page has {data.Length - 4} left");
                DecodeHybridLevels(data.Slice(4, length), width, destination, what);
                return 4 + length;
            case Encoding.BitPacked:
                var bytes = (int)(((long)destination.Length * width + 7) / 8);
                if (bytes > data.Length) throw new ParquetFormatException($"the page ends inside its bit-packed {what} levels");
                BitPackedLevelDecoder.Decode(data[..bytes], width, destination);
                return bytes;
            default:
                throw new ParquetFormatException($"{what} levels use encoding {encoding}; only RLE and BIT_PACKED are defined for levels");
        }
    }

    private static void DecodeHybridLevels(ReadOnlySpan<byte> data, int width, Span<int> destination, string what)
    {
        try
        {
            RleBitPackedHybridDecoder.Decode(data, width, destination);
        }
        catch (ParquetFormatException e)
        {
            throw new ParquetFormatException($"the {what} levels are corrupt: {e.Problem}", e);
        }
    }

    private void DecodeValues(Encoding encoding, ReadOnlySpan<byte> data, int count, ColumnBatch batch)
    {
        switch (encoding)
        {
            case Encoding.Plain:
                PlainValueDecoder.Decode(_column, data, count, batch);
                break;
            case Encoding.PlainDictionary:
            case Encoding.RleDictionary:
                DecodeDictionaryIndices(data, count, batch);
                break;
            default:
                EncodedValueDecoder.Decode(_column, encoding, data, count, batch);
                break;
        }
    }

    private void DecodeDictionaryIndices(ReadOnlySpan<byte> data, int count, ColumnBatch batch)
    {
        var dictionary = _dictionary ?? throw new ParquetFormatException("a dictionary-encoded page comes before any dictionary page");
        if (data.IsEmpty) throw new ParquetFormatException("a dictionary-encoded page has no index bit width");
        var width = data[0];
        if (width > 32) throw new ParquetFormatException($"dictionary indices declare a bit width of {width}; at most 32 is possible");
        var indices = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var span = indices.AsSpan(0, count);
            RleBitPackedHybridDecoder.Decode(data[1..], width, span);
            DictionaryGather.Gather(dictionary, span, batch);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(indices);
        }
    }

    private static int BitWidth(int maxLevel) => maxLevel == 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)maxLevel);
}
