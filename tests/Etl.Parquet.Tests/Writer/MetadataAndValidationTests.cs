using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Etl.Parquet.File;
using Etl.Parquet.Meta;
using static Etl.Parquet.Tests.Writer.S;
using Text = System.Text.Encoding;

namespace Etl.Parquet.Tests.Writer;

public class StatisticsTests
{
    private static Statistics ChunkStatistics(List<SchemaElement> schema, params object?[][] records)
    {
        var file = WriterTest.RoundTrip(schema, null, records);
        using var reader = WriterTest.Open(file);
        return reader.Metadata.RowGroups[0].Columns[0].MetaData!.Statistics!;
    }

    private static byte[] I32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, v); return b; }
    private static byte[] I64(long v) { var b = new byte[8]; BinaryPrimitives.WriteInt64LittleEndian(b, v); return b; }

    [Fact]
    public void Signed_and_unsigned_integers()
    {
        var signed = ChunkStatistics(Tree(Leaf("i", PhysicalType.Int32)), [5], [-3], [null], [int.MaxValue], [0]);
        Assert.Equal(I32(-3), signed.MinValue);
        Assert.Equal(I32(int.MaxValue), signed.MaxValue);
        Assert.Equal(1, signed.NullCount);
        Assert.True(signed.IsMinValueExact);
        Assert.True(signed.IsMaxValueExact);

        // UINT_32: -1 is 4294967295, the largest.
        var unsigned = ChunkStatistics(Tree(Leaf("u", PhysicalType.Int32, logical: Int(32, false))), [5], [-1], [0]);
        Assert.Equal(I32(0), unsigned.MinValue);
        Assert.Equal(I32(-1), unsigned.MaxValue);

        var unsigned8 = ChunkStatistics(Tree(Leaf("u", PhysicalType.Int32, converted: ConvertedType.Uint8)), [200], [3]);
        Assert.Equal(I32(3), unsigned8.MinValue);

        var u64 = ChunkStatistics(Tree(Leaf("u", PhysicalType.Int64, logical: Int(64, false))), [1L], [long.MinValue], [2L]);
        Assert.Equal(I64(1), u64.MinValue);
        Assert.Equal(I64(long.MinValue), u64.MaxValue);

        var timestamps = ChunkStatistics(Tree(Leaf("t", PhysicalType.Int64, logical: Timestamp(TimeUnit.Micros, true))), [-5L], [7L]);
        Assert.Equal(I64(-5), timestamps.MinValue);
    }

    [Fact]
    public void Floating_point_ignores_nan_and_normalizes_zeros()
    {
        var d = ChunkStatistics(Tree(Leaf("d", PhysicalType.Double)), [double.NaN], [2.5], [-1.0], [double.NaN]);
        Assert.Equal(-1.0, BinaryPrimitives.ReadDoubleLittleEndian(d.MinValue));
        Assert.Equal(2.5, BinaryPrimitives.ReadDoubleLittleEndian(d.MaxValue));

        var zeros = ChunkStatistics(Tree(Leaf("f", PhysicalType.Float)), [0f], [0f]);
        Assert.True(float.IsNegative(BinaryPrimitives.ReadSingleLittleEndian(zeros.MinValue)), "min zero is -0.0");
        Assert.False(float.IsNegative(BinaryPrimitives.ReadSingleLittleEndian(zeros.MaxValue)), "max zero is +0.0");
        var negativeZeros = ChunkStatistics(Tree(Leaf("f", PhysicalType.Float)), [-0f], [-0f]);
        Assert.False(float.IsNegative(BinaryPrimitives.ReadSingleLittleEndian(negativeZeros.MaxValue)));

        var allNaN = ChunkStatistics(Tree(Leaf("d", PhysicalType.Double)), [double.NaN], [null]);
        Assert.Null(allNaN.MinValue);
        Assert.Null(allNaN.MaxValue);
        Assert.Equal(1, allNaN.NullCount);

        var infinities = ChunkStatistics(Tree(Leaf("d", PhysicalType.Double, Req)), [double.PositiveInfinity], [double.NegativeInfinity], [1.0]);
        Assert.Equal(double.NegativeInfinity, BinaryPrimitives.ReadDoubleLittleEndian(infinities.MinValue));
        Assert.Equal(double.PositiveInfinity, BinaryPrimitives.ReadDoubleLittleEndian(infinities.MaxValue));
    }

    [Fact]
    public void Strings_and_binary_compare_as_unsigned_bytes()
    {
        var s = ChunkStatistics(Tree(Leaf("s", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String))), ["z"], ["é"], ["A"], [""], ["za"]);
        Assert.Equal("", Text.UTF8.GetString(s.MinValue!));
        Assert.Equal("é", Text.UTF8.GetString(s.MaxValue!));   // 0xC3 0xA9 > 'z'

        var b = ChunkStatistics(Tree(Leaf("b", PhysicalType.ByteArray)), [new byte[] { 0x80 }], [new byte[] { 0x7F, 0xFF }]);
        Assert.Equal(new byte[] { 0x7F, 0xFF }, b.MinValue);
        Assert.Equal(new byte[] { 0x80 }, b.MaxValue);

        var uuid = ChunkStatistics(Tree(Leaf("u", PhysicalType.FixedLenByteArray, logical: L(LogicalTypeKind.Uuid), length: 16)),
            [Enumerable.Repeat((byte)0xF0, 16).ToArray()], [Enumerable.Repeat((byte)0x10, 16).ToArray()]);
        Assert.Equal(0x10, uuid.MinValue![0]);
        Assert.Equal(0xF0, uuid.MaxValue![0]);
    }

    [Fact]
    public void Long_strings_get_bounds_that_stay_valid_utf8()
    {
        string longMax = new string('é', 40) + "tail";   // 84 bytes, no ASCII in the first 64
        string longMin = "b" + new string('x', 100);
        var s = ChunkStatistics(Tree(Leaf("s", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String))), [longMin], [longMax]);
        Assert.Equal("b" + new string('x', 63), Text.UTF8.GetString(s.MinValue!));
        Assert.False(s.IsMinValueExact);
        // No ASCII byte to increment in the max's first 64 bytes: the full value is kept, exact.
        Assert.Equal(longMax, Text.UTF8.GetString(s.MaxValue!));
        Assert.True(s.IsMaxValueExact);

        var ascii = ChunkStatistics(Tree(Leaf("s", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String))), ["a" + new string('~', 80)]);
        // '~' is 0x7E: incremented to 0x7F (DEL) at position 63.
        Assert.Equal("a" + new string('~', 62) + "\u007F", Text.UTF8.GetString(ascii.MaxValue!));

        var binary = ChunkStatistics(Tree(Leaf("b", PhysicalType.ByteArray)), [Enumerable.Repeat((byte)0xFF, 70).Prepend((byte)1).ToArray()]);
        Assert.Equal(new byte[] { 2 }, binary.MaxValue);   // 0xFF bytes cannot be incremented: carry to the 0x01
        Assert.False(binary.IsMaxValueExact);
    }

    [Fact]
    public void Decimals_in_bytes_compare_signed()
    {
        // FIXED_LEN_BYTE_ARRAY(2) DECIMAL: 0xFF00 = -256 < 0x0001 = 1 < 0x7F00.
        var fixedDecimal = ChunkStatistics(Tree(Leaf("d", PhysicalType.FixedLenByteArray, logical: Decimal(4, 2), length: 2)),
            [new byte[] { 0x00, 0x01 }], [new byte[] { 0xFF, 0x00 }], [new byte[] { 0x7F, 0x00 }]);
        Assert.Equal(new byte[] { 0xFF, 0x00 }, fixedDecimal.MinValue);
        Assert.Equal(new byte[] { 0x7F, 0x00 }, fixedDecimal.MaxValue);

        // BYTE_ARRAY DECIMAL of different lengths: 0xFF (-1) < 0x05 (5) < 0x0100 (256).
        var varDecimal = ChunkStatistics(Tree(Leaf("d", PhysicalType.ByteArray, logical: Decimal(10, 0))),
            [new byte[] { 0x01, 0x00 }], [new byte[] { 0xFF }], [new byte[] { 0x05 }]);
        Assert.Equal(new byte[] { 0xFF }, varDecimal.MinValue);
        Assert.Equal(new byte[] { 0x01, 0x00 }, varDecimal.MaxValue);
    }

    [Fact]
    public void Float16_orders_as_numbers()
    {
        static byte[] H(float f) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, BitConverter.HalfToUInt16Bits((Half)f)); return b; }
        var stats = ChunkStatistics(Tree(Leaf("h", PhysicalType.FixedLenByteArray, logical: L(LogicalTypeKind.Float16), length: 2)),
            [H(1.5f)], [H(-2f)], [H(float.NaN)], [H(0.25f)]);
        Assert.Equal(H(-2f), stats.MinValue);
        Assert.Equal(H(1.5f), stats.MaxValue);
    }

    [Fact]
    public void Int96_and_interval_have_no_min_max()
    {
        var int96 = ChunkStatistics(Tree(Leaf("t", PhysicalType.Int96)), [new byte[12]], [null]);
        Assert.Null(int96.MinValue);
        Assert.Equal(1, int96.NullCount);
        var interval = ChunkStatistics(Tree(Leaf("i", PhysicalType.FixedLenByteArray, converted: ConvertedType.Interval, length: 12)), [new byte[12]]);
        Assert.Null(interval.MinValue);
    }

    [Fact]
    public void Booleans()
    {
        var both = ChunkStatistics(Tree(Leaf("b", PhysicalType.Boolean)), [true], [false], [null]);
        Assert.Equal(new byte[] { 0 }, both.MinValue);
        Assert.Equal(new byte[] { 1 }, both.MaxValue);
        var onlyTrue = ChunkStatistics(Tree(Leaf("b", PhysicalType.Boolean)), [true], [true]);
        Assert.Equal(new byte[] { 1 }, onlyTrue.MinValue);
    }

    [Fact]
    public void Page_statistics_combine_into_the_chunk_statistics()
    {
        var schema = Tree(Leaf("i", PhysicalType.Int64));
        var records = Enumerable.Range(0, 20_000).Select(i => new object?[] { i % 100 == 0 ? null : (long)((i * 7919L) % 100_003) - 50_000 }).ToArray();
        var file = WriterTest.RoundTrip(schema, new ParquetWriterOptions { PageBytes = 4096, Dictionary = false }, records);
        using var reader = WriterTest.Open(file);
        var meta = reader.Metadata.RowGroups[0].Columns[0].MetaData!;
        var pages = WriterTest.Pages(file, meta);
        Assert.True(pages.Count > 5);
        var pageStats = pages.Select(p => p.Header.DataPageHeader!.Statistics!).ToList();
        Assert.Equal(meta.Statistics!.NullCount, pageStats.Sum(s => s.NullCount));
        Assert.Equal(pageStats.Min(s => BinaryPrimitives.ReadInt64LittleEndian(s.MinValue)), BinaryPrimitives.ReadInt64LittleEndian(meta.Statistics.MinValue));
        Assert.Equal(pageStats.Max(s => BinaryPrimitives.ReadInt64LittleEndian(s.MaxValue)), BinaryPrimitives.ReadInt64LittleEndian(meta.Statistics.MaxValue));
        var values = records.Where(r => r[0] is not null).Select(r => (long)r[0]!).ToList();
        Assert.Equal(values.Min(), BinaryPrimitives.ReadInt64LittleEndian(meta.Statistics.MinValue));
        Assert.Equal(values.Max(), BinaryPrimitives.ReadInt64LittleEndian(meta.Statistics.MaxValue));
    }
}

public class MetadataTests
{
    [Fact]
    public void Logical_types_get_their_legacy_converted_types_and_back()
    {
        var schema = Tree(
            Leaf("s", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String)),
            Leaf("ts_utc", PhysicalType.Int64, logical: Timestamp(TimeUnit.Micros, true)),
            Leaf("ts_local", PhysicalType.Int64, logical: Timestamp(TimeUnit.Micros, false)),
            Leaf("ts_ms", PhysicalType.Int64, logical: Timestamp(TimeUnit.Millis, true)),
            Leaf("ts_ns", PhysicalType.Int64, logical: Timestamp(TimeUnit.Nanos, true)),
            Leaf("dec", PhysicalType.Int64, logical: Decimal(18, 2)),
            Leaf("date", PhysicalType.Int32, logical: L(LogicalTypeKind.Date)),
            Leaf("i8", PhysicalType.Int32, logical: Int(8, true)),
            Leaf("u16", PhysicalType.Int32, logical: Int(16, false)),
            Leaf("time", PhysicalType.Int32, logical: Time(TimeUnit.Millis, true)),
            Leaf("json", PhysicalType.ByteArray, logical: L(LogicalTypeKind.Json)),
            Leaf("uuid", PhysicalType.FixedLenByteArray, logical: L(LogicalTypeKind.Uuid), length: 16),
            Leaf("legacy", PhysicalType.ByteArray, converted: ConvertedType.Utf8),
            Leaf("legacy_dec", PhysicalType.FixedLenByteArray, converted: ConvertedType.Decimal, length: 8, scale: 3, precision: 15),
            List("l", Opt, Leaf("element", PhysicalType.Int32)),
            Map("m", Opt, Leaf("key", PhysicalType.ByteArray, Req, logical: L(LogicalTypeKind.String)), Leaf("value", PhysicalType.Int32)));
        var file = WriterTest.Write(schema, null);
        using var reader = WriterTest.Open(file);
        var byName = reader.Metadata.Schema.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal(ConvertedType.Utf8, byName["s"].ConvertedType);
        Assert.Equal(ConvertedType.TimestampMicros, byName["ts_utc"].ConvertedType);
        Assert.Null(byName["ts_local"].ConvertedType);
        Assert.Equal(ConvertedType.TimestampMillis, byName["ts_ms"].ConvertedType);
        Assert.Null(byName["ts_ns"].ConvertedType);
        Assert.Equal(ConvertedType.Decimal, byName["dec"].ConvertedType);
        Assert.Equal(2, byName["dec"].Scale);
        Assert.Equal(18, byName["dec"].Precision);
        Assert.Equal(ConvertedType.Date, byName["date"].ConvertedType);
        Assert.Equal(ConvertedType.Int8, byName["i8"].ConvertedType);
        Assert.Equal(ConvertedType.Uint16, byName["u16"].ConvertedType);
        Assert.Equal(ConvertedType.TimeMillis, byName["time"].ConvertedType);
        Assert.Equal(ConvertedType.Json, byName["json"].ConvertedType);
        Assert.Null(byName["uuid"].ConvertedType);
        Assert.Equal(LogicalTypeKind.Uuid, byName["uuid"].LogicalType!.Kind);
        Assert.Equal(LogicalTypeKind.String, byName["legacy"].LogicalType!.Kind);
        Assert.Equal(LogicalTypeKind.Decimal, byName["legacy_dec"].LogicalType!.Kind);
        Assert.Equal(3, byName["legacy_dec"].LogicalType!.Scale);
        Assert.Equal(15, byName["legacy_dec"].LogicalType!.Precision);
        Assert.Equal(ConvertedType.List, byName["l"].ConvertedType);
        Assert.Equal(ConvertedType.Map, byName["m"].ConvertedType);
        Assert.Equal(LogicalTypeKind.Map, byName["m"].LogicalType!.Kind);
        Assert.True(schema[1].ConvertedType is null, "the caller's elements are not modified");
    }

    [Fact]
    public void Footer_carries_created_by_key_values_and_row_group_sizes()
    {
        var schema = Tree(Leaf("i", PhysicalType.Int32));
        var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, schema, leaveOpen: true))
        {
            writer.AddKeyValue("origin", "test");
            writer.AddKeyValue("empty", null);
            writer.AddKeyValue("origin", "replaced");
            var batches = writer.CreateBatches();
            batches[0].AppendLevels(1, 0);
            batches[0].AppendInt32(1);
            writer.WriteRowGroup(batches, 1);
            writer.Close();
            Assert.Equal(stream.Length, writer.BytesWritten);
        }
        using var reader = WriterTest.Open(stream.ToArray());
        Assert.Matches(new Regex(@"^agentic-etl version 0\.1\.0 \(build [0-9A-Za-z.\-]+\)$"), reader.Metadata.CreatedBy);
        Assert.Equal([new KeyValue("origin", "replaced"), new KeyValue("empty", null)], reader.Metadata.KeyValueMetadata!);
        var group = reader.Metadata.RowGroups[0];
        Assert.Equal(4, group.FileOffset);
        Assert.Equal(group.Columns[0].MetaData!.TotalCompressedSize, group.TotalCompressedSize);
        Assert.Equal(group.Columns[0].MetaData!.TotalUncompressedSize, group.TotalByteSize);
        Assert.Equal(["i"], group.Columns[0].MetaData!.PathInSchema);
    }

    [Fact]
    public void Created_by_keeps_a_complete_version_string()
    {
        Assert.Equal("my-app version 2.0 (build x)", ParquetFileWriter.FormatCreatedBy("my-app version 2.0 (build x)"));
        Assert.StartsWith("my-app version 0.1.0 (build ", ParquetFileWriter.FormatCreatedBy("my-app"), StringComparison.Ordinal);
    }
}

public class StreamAndLifecycleTests
{
    /// <summary>A write-only, forward-only stream: any seek or position read fails the test.</summary>
    private sealed class ForwardOnlyStream : Stream
    {
        public MemoryStream Inner { get; } = new();
        public bool Disposed { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => Inner.Write(buffer);
        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    private static readonly List<SchemaElement> Schema1 = Tree(Leaf("s", PhysicalType.ByteArray, logical: L(LogicalTypeKind.String)));

    private static void Fill(ColumnBatch batch, int rows)
    {
        for (int i = 0; i < rows; i++)
        {
            batch.AppendLevels(1, 0);
            batch.AppendBytes(Text.UTF8.GetBytes($"value {i % 50}"));
        }
    }

    [Fact]
    public void Writes_to_a_non_seekable_stream_and_closes_it()
    {
        var output = new ForwardOnlyStream();
        var writer = new ParquetFileWriter(output, Schema1);
        var batches = writer.CreateBatches();
        Fill(batches[0], 10_000);
        writer.WriteRowGroup(batches, 10_000);
        writer.Close();
        Assert.True(output.Disposed);
        var bytes = output.Inner.ToArray();
        Assert.Equal(bytes.Length, writer.BytesWritten);
        using var reader = WriterTest.Open(bytes);
        Assert.Equal(10_000, reader.RowCount);
        writer.Close();   // idempotent
        writer.Dispose();
    }

    [Fact]
    public void Dispose_without_close_writes_no_footer()
    {
        var output = new MemoryStream();
        using (var writer = new ParquetFileWriter(output, Schema1, leaveOpen: true))
        {
            var batches = writer.CreateBatches();
            Fill(batches[0], 100);
            writer.WriteRowGroup(batches, 100);
        }
        var bytes = output.ToArray();
        Assert.True(bytes.Length > 4);
        Assert.False(bytes.AsSpan(bytes.Length - 4).SequenceEqual("PAR1"u8), "no closing magic");
        Assert.ThrowsAny<ParquetFormatException>(() => WriterTest.Open(bytes));
    }

    [Fact]
    public void Closed_writer_refuses_more_work()
    {
        var writer = new ParquetFileWriter(new MemoryStream(), Schema1);
        writer.Close();
        Assert.Throws<InvalidOperationException>(() => writer.WriteRowGroup(writer.CreateBatches(), 0));
        Assert.Throws<InvalidOperationException>(() => writer.AddKeyValue("k", "v"));
    }

    [Fact]
    public void A_failed_write_poisons_the_writer()
    {
        var output = new FailingStream(failAfter: 100);
        var writer = new ParquetFileWriter(output, Schema1);
        var batches = writer.CreateBatches();
        Fill(batches[0], 1000);
        Assert.Throws<IOException>(() => writer.WriteRowGroup(batches, 1000));
        Assert.Throws<InvalidOperationException>(() => writer.WriteRowGroup(batches, 1000));
        Assert.Throws<InvalidOperationException>(() => writer.Close());
        writer.Dispose();
    }

    private sealed class FailingStream(int failAfter) : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Length + buffer.Length > failAfter) throw new IOException("disk full");
            base.Write(buffer);
        }
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentException>(() => new ParquetFileWriter(new MemoryStream(), Schema1, new ParquetWriterOptions { Compression = CompressionCodec.Lzo }));
        Assert.Throws<ArgumentException>(() => new ParquetFileWriter(new MemoryStream(), Schema1, new ParquetWriterOptions { PageBytes = 0 }));
        Assert.Throws<ArgumentException>(() => new ParquetFileWriter(new MemoryStream(), Schema1, new ParquetWriterOptions { DataPageVersion = 3 }));
        Assert.ThrowsAny<ParquetFormatException>(() => new ParquetFileWriter(new MemoryStream(), [new SchemaElement { Name = "root", NumChildren = 2 }]));
    }

    [Fact]
    public void Estimated_buffered_bytes_grow_with_the_data()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), Tree(Leaf("i", PhysicalType.Int64, Req), Leaf("s", PhysicalType.ByteArray)));
        var batches = writer.CreateBatches();
        Assert.Equal(0, writer.EstimatedBufferedBytes(batches));
        for (int i = 0; i < 1000; i++)
        {
            batches[0].AppendInt64(i);
            batches[1].AppendLevels(1, 0);
            batches[1].AppendBytes("0123456789"u8);
        }
        long estimate = writer.EstimatedBufferedBytes(batches);
        Assert.InRange(estimate, 8000 + 14_000, 8000 + 14_000 + 200);
    }
}

public class ValidationTests
{
    private static readonly List<SchemaElement> ListSchema = Tree(List("l", Opt, Leaf("element", PhysicalType.Int32)));

    [Fact]
    public void Append_api_checks_types_and_ranges()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), Tree(
            Leaf("i", PhysicalType.Int32), Leaf("f", PhysicalType.FixedLenByteArray, length: 4), Leaf("t", PhysicalType.Int96)));
        var batches = writer.CreateBatches();
        Assert.Throws<ArgumentOutOfRangeException>(() => batches[0].AppendLevels(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => batches[0].AppendLevels(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => batches[0].AppendLevels(-1, 0));
        Assert.Throws<InvalidOperationException>(() => batches[0].AppendInt64(1));
        Assert.Throws<InvalidOperationException>(() => batches[0].AppendBytes([1]));
        Assert.Throws<ArgumentException>(() => batches[1].AppendFixed([1, 2, 3]));
        Assert.Throws<InvalidOperationException>(() => batches[0].AppendFixed([1, 2, 3, 4]));
        batches[1].AppendFixed([1, 2, 3, 4]);
        batches[2].AppendFixed(new byte[12]);
        Assert.Equal(1, batches[1].ValueCount);
        Assert.Equal(0, batches[0].LevelCount);
    }

    [Fact]
    public void Row_count_mismatch_is_refused_and_the_writer_stays_usable()
    {
        var stream = new MemoryStream();
        using var writer = new ParquetFileWriter(stream, ListSchema, leaveOpen: true);
        var batches = writer.CreateBatches();
        batches[0].AppendLevels(0, 0);   // null list
        batches[0].AppendLevels(3, 0);
        batches[0].AppendInt32(5);
        batches[0].AppendLevels(3, 1);
        batches[0].AppendInt32(6);
        var error = Assert.Throws<ArgumentException>(() => writer.WriteRowGroup(batches, 3));
        Assert.Contains("'l.list.element'", error.Message, StringComparison.Ordinal);
        Assert.Contains("2 rows", error.Message, StringComparison.Ordinal);
        long before = writer.BytesWritten;
        Assert.Equal(4, before);
        writer.WriteRowGroup(batches, 2);
        writer.Close();
        using var reader = WriterTest.Open(stream.ToArray());
        Assert.Equal(2, reader.RowCount);
    }

    [Fact]
    public void Inconsistent_batches_are_refused()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), ListSchema);
        var batches = writer.CreateBatches();

        batches[0].AppendLevels(3, 0);   // a value entry without a value
        Assert.Contains("values", Assert.Throws<ArgumentException>(() => writer.WriteRowGroup(batches, 1)).Message, StringComparison.Ordinal);

        batches[0].Clear();
        batches[0].AppendLevels(1, 0);   // an empty list…
        batches[0].AppendLevels(3, 1);   // …continued: impossible
        batches[0].AppendInt32(1);
        Assert.Contains("empty or null list", Assert.Throws<ArgumentException>(() => writer.WriteRowGroup(batches, 1)).Message, StringComparison.Ordinal);

        batches[0].Clear();
        batches[0].AppendLevels(3, 1);   // starts mid-row
        batches[0].AppendInt32(1);
        Assert.Contains("must start a row", Assert.Throws<ArgumentException>(() => writer.WriteRowGroup(batches, 0)).Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => writer.WriteRowGroup([], 0));

        using var other = new ParquetFileWriter(new MemoryStream(), Tree(Leaf("x", PhysicalType.Int64)));
        Assert.Throws<ArgumentException>(() => writer.WriteRowGroup(other.CreateBatches(), 0));
    }

    [Fact]
    public void Required_top_level_columns_check_levels_against_values()
    {
        using var writer = new ParquetFileWriter(new MemoryStream(), Tree(Leaf("i", PhysicalType.Int32, Req)));
        var batches = writer.CreateBatches();
        batches[0].AppendLevels(0, 0);
        batches[0].AppendLevels(0, 0);
        batches[0].AppendInt32(1);
        Assert.Throws<ArgumentException>(() => writer.WriteRowGroup(batches, 2));
    }
}
