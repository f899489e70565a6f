using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.File;

/// <summary>
/// The test builder's own encoders against the examples in the format's Encodings.md and well-known check values,
/// so the page-level tests do not rest on an encoder that merely agrees with the reader.
/// </summary>
public class ParquetFileBuilderTests
{
    [Fact]
    public void Legacy_bit_packed_matches_the_format_example()
    {
        // Encodings.md, BIT_PACKED: 0..7 at width 3 → 00000101 00111001 01110111.
        Assert.Equal([0b00000101, 0b00111001, 0b01110111], Enc.LegacyBitPacked([0, 1, 2, 3, 4, 5, 6, 7], 3));
    }

    [Fact]
    public void Hybrid_bit_packed_run_matches_the_format_example()
    {
        // Encodings.md, RLE: 0..7 at width 3 → header (1 group << 1 | 1), then 10001000 11000110 11111010.
        Assert.Equal([0x03, 0b10001000, 0b11000110, 0b11111010], Enc.Hybrid([0, 1, 2, 3, 4, 5, 6, 7], 3));
    }

    [Fact]
    public void Hybrid_uses_rle_runs_for_repeats_and_pads_the_last_group()
    {
        // 10 × 1 (an RLE run: header 10 << 1, value byte), then 2, 3 (one padded bit-packed group at width 2).
        Assert.Equal([0x14, 0x01, 0x03, 0b0000_1110, 0x00], Enc.Hybrid([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3], 2));
    }

    [Fact]
    public void Delta_binary_packed_matches_the_format_example()
    {
        // Encodings.md, example 1: 1 2 3 4 5 → header 128, 4, 5, zigzag(1); block: min delta zigzag(1), widths 0.
        Assert.Equal([0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0], Enc.DeltaBinaryPacked(1, 2, 3, 4, 5));
    }

    [Fact]
    public void Byte_stream_split_interleaves_bytes_by_position()
    {
        // Values (1,2,3) (4,5,6): stream of first bytes 1 4, of second bytes 2 5, of third bytes 3 6.
        Assert.Equal([1, 4, 2, 5, 3, 6], Enc.ByteStreamSplit([1, 2, 3, 4, 5, 6], 3));
        Assert.Equal([1, 3, 5, 2, 4, 6], Enc.ByteStreamSplit([1, 2, 3, 4, 5, 6], 2));
    }

    [Fact]
    public void Crc32_check_value()
    {
        Assert.Equal(0xCBF43926u, Enc.Crc32("123456789"u8));
    }

    [Fact]
    public void Column_metadata_describes_the_pages_written()
    {
        var b = new ParquetFileBuilder(S.Leaf("s", PhysicalType.ByteArray, logical: S.String));
        var chunk = b.RowGroup().Column(CompressionCodec.Snappy)
            .Dictionary(Enc.Plain("a", "b"), 2)
            .V1(Enc.DictionaryIndices([0, 1, 1]), def: [1, 1, 0, 1], encoding: Encoding.RleDictionary)
            .V2(Enc.Plain("c"), def: [0, 1]);
        var file = b.Build();
        using var reader = new Etl.Parquet.File.ParquetFileReader(new MemoryStream(file));
        var meta = reader.Metadata.RowGroups[0].Columns[0].MetaData!;
        Assert.Equal(6, meta.NumValues);
        Assert.Equal(6, reader.RowCount);
        Assert.Equal(CompressionCodec.Snappy, meta.Codec);
        Assert.Equal(4, meta.DictionaryPageOffset);
        Assert.True(meta.DataPageOffset > 4);
        Assert.Equal([Encoding.Plain, Encoding.RleDictionary, Encoding.Rle], meta.Encodings);
        Assert.Equal(ConvertedType.Utf8, reader.Metadata.Schema[1].ConvertedType);
        Assert.Equal(3, chunk.Pages.Count);
    }
}
