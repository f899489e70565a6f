using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Meta;

public class ThriftCompactReaderTests
{
    [Theory]
    [InlineData(new byte[] { 0x00 }, 0)]
    [InlineData(new byte[] { 0x01 }, -1)]
    [InlineData(new byte[] { 0x02 }, 1)]
    [InlineData(new byte[] { 0x7F }, -64)]
    [InlineData(new byte[] { 0x80, 0x01 }, 64)]
    [InlineData(new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0x0F }, int.MaxValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, int.MinValue)]
    public void I32_zigzag_varint_edges(byte[] bytes, int expected)
    {
        var reader = new ThriftCompactReader(bytes);
        Assert.Equal(expected, reader.ReadI32());
        Assert.Equal(bytes.Length, reader.Position);
    }

    [Theory]
    [InlineData(new byte[] { 0x00 }, 0L)]
    [InlineData(new byte[] { 0x01 }, -1L)]
    [InlineData(new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0x0F }, (long)int.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x10 }, 1L << 31)]
    [InlineData(new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, long.MaxValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, long.MinValue)]
    public void I64_zigzag_varint_edges(byte[] bytes, long expected)
    {
        var reader = new ThriftCompactReader(bytes);
        Assert.Equal(expected, reader.ReadI64());
        Assert.Equal(bytes.Length, reader.Position);
    }

    [Theory]
    [InlineData(new byte[] { 0xFE, 0xFF, 0x03 }, short.MaxValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0x03 }, short.MinValue)]
    [InlineData(new byte[] { 0x01 }, (short)-1)]
    public void I16_zigzag_varint_edges(byte[] bytes, short expected)
    {
        var reader = new ThriftCompactReader(bytes);
        Assert.Equal(expected, reader.ReadI16());
    }

    [Fact]
    public void Builder_round_trips_every_integer_edge()
    {
        long[] values = [0, 1, -1, 63, -64, 64, -65, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue];
        var bytes = new CompactBytes();
        foreach (long v in values) bytes.ZigZag(v);
        var reader = new ThriftCompactReader(bytes.ToArray());
        foreach (long v in values) Assert.Equal(v, reader.ReadI64());
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void I32_wider_than_32_bits_is_rejected()
    {
        byte[] bytes = new CompactBytes().ZigZag(1L << 40).ToArray();
        var ex = ThrowsFormat(bytes, static (ref ThriftCompactReader r) => r.ReadI32());
        Assert.IsNotType<ThriftTruncatedException>(ex);
        Assert.Contains("i32", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void I16_wider_than_16_bits_is_rejected()
    {
        byte[] bytes = new CompactBytes().ZigZag(40_000).ToArray();
        Assert.IsNotType<ThriftTruncatedException>(ThrowsFormat(bytes, static (ref ThriftCompactReader r) => r.ReadI16()));
    }

    [Fact]
    public void Varint_longer_than_ten_bytes_is_rejected_as_malformed()
    {
        byte[] bytes = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
        var ex = ThrowsFormat(bytes, static (ref ThriftCompactReader r) => r.ReadI64());
        Assert.IsNotType<ThriftTruncatedException>(ex);
        Assert.Contains("10 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, ex.Position);
    }

    [Fact]
    public void Tenth_varint_byte_above_one_overflows_64_bits()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02];
        Assert.IsNotType<ThriftTruncatedException>(ThrowsFormat(bytes, static (ref ThriftCompactReader r) => r.ReadI64()));
    }

    [Fact]
    public void Varint_cut_short_is_truncation()
    {
        byte[] bytes = [0x02, 0x80, 0x80];
        var ex = ThrowsFormat(bytes, static (ref ThriftCompactReader r) =>
        {
            r.ReadI32();
            r.ReadI32();
        });
        Assert.IsType<ThriftTruncatedException>(ex);
        Assert.Equal(1, ex.Position);
        Assert.Contains("Thrift byte 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Double_is_little_endian_ieee()
    {
        byte[] bytes = BitConverter.GetBytes(-1234.5625);
        if (!BitConverter.IsLittleEndian) Array.Reverse(bytes);
        var reader = new ThriftCompactReader(bytes);
        Assert.Equal(-1234.5625, reader.ReadDouble());
        Assert.IsType<ThriftTruncatedException>(
            ThrowsFormat(bytes.AsSpan(0, 7).ToArray(), static (ref ThriftCompactReader r) => r.ReadDouble()));
    }

    [Fact]
    public void Binary_and_string_are_length_prefixed()
    {
        byte[] bytes = new CompactBytes().String("héllo").Binary([]).Binary([1, 2, 3]).ToArray();
        var reader = new ThriftCompactReader(bytes);
        Assert.Equal("héllo", reader.ReadString());
        Assert.Equal(0, reader.ReadBinary().Length);
        Assert.Equal(new byte[] { 1, 2, 3 }, reader.ReadBinaryToArray());
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Field_headers_use_deltas_long_form_and_per_struct_state()
    {
        byte[] bytes = new CompactBytes()
            .I32Field(1, 10)                         // id 1
            .Field(4, ThriftType.Struct)             // id 5: nested struct
                .I32Field(2, 20)                     // nested id 2
                .LongField(300, ThriftType.I64).ZigZag(-7)
                .Field(1, ThriftType.BooleanTrue)    // nested id 301
                .Stop()
            .Field(1, ThriftType.BooleanFalse)       // id 6: the outer delta resumes from 5, not 301
            .LongField(-3, ThriftType.Binary).String("neg")
            .Field(15, ThriftType.I32).ZigZag(1)     // id 12 (-3 + 15)
            .Stop()
            .ToArray();

        var r = new ThriftCompactReader(bytes);
        r.BeginStruct();
        Assert.True(r.ReadFieldHeader(out short id, out ThriftType type));
        Assert.Equal((1, ThriftType.I32), (id, type));
        Assert.Equal(10, r.ReadI32());
        Assert.True(r.ReadFieldHeader(out id, out type));
        Assert.Equal((5, ThriftType.Struct), (id, type));
        r.BeginStruct();
        Assert.True(r.ReadFieldHeader(out id, out _));
        Assert.Equal(2, id);
        Assert.Equal(20, r.ReadI32());
        Assert.True(r.ReadFieldHeader(out id, out type));
        Assert.Equal((300, ThriftType.I64), (id, type));
        Assert.Equal(-7, r.ReadI64());
        Assert.True(r.ReadFieldHeader(out id, out type));
        Assert.Equal(301, id);
        Assert.True(r.ReadBool());
        Assert.False(r.ReadFieldHeader(out _, out _));
        r.EndStruct();
        Assert.True(r.ReadFieldHeader(out id, out _));
        Assert.Equal(6, id);
        Assert.False(r.ReadBool());
        Assert.True(r.ReadFieldHeader(out id, out _));
        Assert.Equal(-3, id);
        Assert.Equal("neg", r.ReadString());
        Assert.True(r.ReadFieldHeader(out id, out _));
        Assert.Equal(12, id);
        Assert.Equal(1, r.ReadI32());
        Assert.False(r.ReadFieldHeader(out _, out _));
        r.EndStruct();
        Assert.Equal(bytes.Length, r.Position);
    }

    [Fact]
    public void Lists_use_short_and_long_size_forms_and_bool_elements_are_bytes()
    {
        var bytes = new CompactBytes().ListHeader(3, ThriftType.I32).ZigZag(1).ZigZag(-2).ZigZag(3);
        bytes.ListHeader(20, ThriftType.I64);
        for (int i = 0; i < 20; i++) bytes.ZigZag(i);
        bytes.ListHeader(3, ThriftType.BooleanTrue).Raw(1, 0, 2);
        bytes.Raw(0x0C); // empty list<struct>
        var r = new ThriftCompactReader(bytes.ToArray());

        Assert.Equal(3, r.ReadListHeader(out ThriftType elementType));
        Assert.Equal(ThriftType.I32, elementType);
        Assert.Equal((1, -2, 3), (r.ReadI32(), r.ReadI32(), r.ReadI32()));
        Assert.Equal(20, r.ReadListHeader(ThriftType.I64, "numbers"));
        for (int i = 0; i < 20; i++) Assert.Equal(i, r.ReadI64());
        Assert.Equal(3, r.ReadListHeader(ThriftType.BooleanFalse, "flags"));
        Assert.Equal((true, false, false), (r.ReadBool(), r.ReadBool(), r.ReadBool()));
        Assert.Equal(0, r.ReadListHeader(ThriftType.Struct, "empty"));
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void List_of_unexpected_element_type_is_rejected()
    {
        byte[] bytes = new CompactBytes().ListHeader(1, ThriftType.Binary).String("x").ToArray();
        var ex = ThrowsFormat(bytes, static (ref ThriftCompactReader r) => r.ReadListHeader(ThriftType.I32, "encodings"));
        Assert.Contains("encodings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_header_reads_size_and_key_value_types()
    {
        byte[] bytes = new CompactBytes().Varint(2).Raw(0x85).String("a").ZigZag(1).String("b").ZigZag(2).Varint(0).ToArray();
        var r = new ThriftCompactReader(bytes);
        Assert.Equal(2, r.ReadMapHeader(out ThriftType key, out ThriftType value));
        Assert.Equal((ThriftType.Binary, ThriftType.I32), (key, value));
        Assert.Equal(("a", 1, "b", 2), (r.ReadString(), r.ReadI32(), r.ReadString(), r.ReadI32()));
        Assert.Equal(0, r.ReadMapHeader(out _, out _));
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void Skip_passes_over_arbitrarily_nested_unknown_fields()
    {
        var bytes = new CompactBytes()
            .Field(1, ThriftType.I32).ZigZag(7)
            // Unknown field 2: struct { list<map<string, struct{list<list<i64>>, double, bool}>>, uuid, set<bool> }
            .Field(1, ThriftType.Struct)
                .Field(1, ThriftType.List).ListHeader(2, ThriftType.Map)
                    .Varint(1).Raw(0x8C).String("k")
                        .Field(1, ThriftType.List).ListHeader(2, ThriftType.List)
                            .ListHeader(1, ThriftType.I64).ZigZag(long.MinValue)
                            .ListHeader(0, ThriftType.I64)
                        .Field(1, ThriftType.Double).Raw(new byte[8])
                        .Field(1, ThriftType.BooleanTrue)
                        .LongField(1000, ThriftType.Byte).Raw(0xFF)
                        .Stop()
                    .Varint(0)
                .Field(1, ThriftType.Uuid).Raw(new byte[16])
                .Field(1, ThriftType.Set).ListHeader(2, ThriftType.BooleanTrue).Raw(1, 2)
                .Stop()
            .Field(1, ThriftType.BooleanTrue)                        // unknown bool field 3
            .Field(1, ThriftType.Binary).String("after")             // field 4
            .Stop();
        var r = new ThriftCompactReader(bytes.ToArray());
        r.BeginStruct();
        string? after = null;
        int seen = 0;
        while (r.ReadFieldHeader(out short id, out ThriftType type))
        {
            seen++;
            if (id == 4) after = r.ReadString();
            else r.Skip(type);
        }
        r.EndStruct();
        Assert.Equal("after", after);
        Assert.Equal(4, seen);
        Assert.Equal(0, r.Remaining);
    }

    [Theory]
    [InlineData(0xFC)] // list<struct>, size in the long form
    [InlineData(0xF8)] // list<binary>
    [InlineData(0xF1)] // list<bool>
    public void Absurd_collection_size_is_rejected_before_allocating(byte listHeader)
    {
        byte[] bytes = new CompactBytes().Raw(listHeader).Varint(int.MaxValue).Raw(0, 0, 0).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = ThrowsFormat(bytes, static (ref ThriftCompactReader r) => r.Skip(ThriftType.List));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("2147483647 elements", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Collection_sizes_beyond_int_range_are_malformed()
    {
        byte[] bytes = new CompactBytes().Raw(0xF5).Varint(1UL << 40).ToArray();
        Assert.IsNotType<ThriftTruncatedException>(
            ThrowsFormat(bytes, static (ref ThriftCompactReader r) => r.ReadListHeader(out _)));
    }

    [Fact]
    public void Absurd_binary_and_map_sizes_are_rejected()
    {
        byte[] binary = new CompactBytes().Varint(int.MaxValue).Raw(1, 2).ToArray();
        Assert.Contains("2147483647 bytes", ThrowsFormat(binary, static (ref ThriftCompactReader r) => r.ReadBinary()).Message,
            StringComparison.Ordinal);
        byte[] binaryTooLong = new CompactBytes().Varint(uint.MaxValue + 1UL).ToArray();
        Assert.IsNotType<ThriftTruncatedException>(
            ThrowsFormat(binaryTooLong, static (ref ThriftCompactReader r) => r.ReadBinary()));
        // 3 entries need at least 6 bytes; only 5 follow the header.
        byte[] map = new CompactBytes().Varint(3).Raw(0x55, 1, 1, 1, 1, 1).ToArray();
        Assert.IsType<ThriftTruncatedException>(ThrowsFormat(map, static (ref ThriftCompactReader r) => r.ReadMapHeader(out _, out _)));
    }

    [Fact]
    public void Unknown_type_ids_are_malformed()
    {
        Assert.Contains("type id 14", ThrowsFormat([0x1E], static (ref ThriftCompactReader r) => r.ReadFieldHeader(out _, out _)).Message,
            StringComparison.Ordinal);
        Assert.IsNotType<ThriftTruncatedException>(
            ThrowsFormat([0x1F, 0x00], static (ref ThriftCompactReader r) => r.ReadListHeader(out _)));
        Assert.IsNotType<ThriftTruncatedException>(
            ThrowsFormat([0x01, 0xF5], static (ref ThriftCompactReader r) => r.ReadMapHeader(out _, out _)));
    }

    [Fact]
    public void Skip_rejects_nesting_deeper_than_the_limit()
    {
        // 100 structs, each holding the next as field 1: fine byte-wise, hostile depth-wise.
        var bytes = new CompactBytes();
        for (int i = 0; i < 100; i++) bytes.Field(1, ThriftType.Struct);
        for (int i = 0; i < 101; i++) bytes.Stop();
        var ex = ThrowsFormat(bytes.ToArray(), static (ref ThriftCompactReader r) => r.Skip(ThriftType.Struct));
        Assert.IsNotType<ThriftTruncatedException>(ex);
        Assert.Contains("nested deeper than 64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Skip_rejects_deeply_nested_lists()
    {
        var bytes = new CompactBytes();
        for (int i = 0; i < 10_000; i++) bytes.ListHeader(1, ThriftType.List);
        bytes.ListHeader(0, ThriftType.I32);
        Assert.Contains("nested deeper", ThrowsFormat(bytes.ToArray(), static (ref ThriftCompactReader r) => r.Skip(ThriftType.List)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Skip_accepts_nesting_at_the_limit()
    {
        var bytes = new CompactBytes();
        for (int i = 0; i < ThriftCompactReader.MaxDepth - 1; i++) bytes.Field(1, ThriftType.Struct);
        for (int i = 0; i < ThriftCompactReader.MaxDepth; i++) bytes.Stop();
        var r = new ThriftCompactReader(bytes.ToArray());
        r.Skip(ThriftType.Struct);
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void BeginStruct_rejects_nesting_deeper_than_the_limit()
    {
        var ex = ThrowsFormat(new byte[1], static (ref ThriftCompactReader r) =>
        {
            for (int i = 0; i <= ThriftCompactReader.MaxDepth; i++) r.BeginStruct();
        });
        Assert.Contains("nested deeper", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_past_the_end_is_truncation_not_an_index_error()
    {
        var ex = ThrowsFormat([], static (ref ThriftCompactReader r) => r.ReadFieldHeader(out _, out _));
        Assert.IsType<ThriftTruncatedException>(ex);
        Assert.IsType<ThriftTruncatedException>(ThrowsFormat([0x05], static (ref ThriftCompactReader r) => r.ReadBinary()));
        Assert.IsType<ThriftTruncatedException>(ThrowsFormat([], static (ref ThriftCompactReader r) => r.ReadI8()));
        Assert.IsType<ThriftTruncatedException>(ThrowsFormat([0x01], static (ref ThriftCompactReader r) => r.Skip(ThriftType.Uuid)));
    }

    private delegate void ReaderAction(ref ThriftCompactReader reader);

    private static ThriftFormatException ThrowsFormat(byte[] bytes, ReaderAction action)
    {
        try
        {
            var reader = new ThriftCompactReader(bytes);
            action(ref reader);
        }
        catch (ThriftFormatException e)
        {
            return e;
        }
        throw new Xunit.Sdk.XunitException("Expected a ThriftFormatException.");
    }
}
