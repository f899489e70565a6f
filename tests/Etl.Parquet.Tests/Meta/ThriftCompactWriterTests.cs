using System.Buffers;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Meta;

public class ThriftCompactWriterTests
{
    [Fact]
    public void Everything_written_reads_back()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new ThriftCompactWriter(output);
        writer.BeginStruct();
        writer.WriteI32Field(1, int.MinValue);
        writer.WriteI64Field(2, long.MaxValue);
        writer.WriteBoolField(3, true);
        writer.WriteI16Field(40, short.MinValue);   // long-form header (delta > 15)
        writer.WriteI8Field(41, -5);
        writer.BeginStructField(30);                // long-form header (id below the previous)
        writer.WriteStringField(1, "nested");
        writer.WriteBoolField(2, false);
        writer.EndStruct();
        writer.WriteListFieldHeader(31, ThriftType.I64, 20);
        for (int i = 0; i < 20; i++) writer.WriteI64(-i);
        writer.WriteFieldHeader(32, ThriftType.Double);
        writer.WriteDouble(2.5);
        writer.WriteBinaryField(33, [9, 8, 7]);
        writer.EndStruct();

        var r = new ThriftCompactReader(output.WrittenSpan);
        r.BeginStruct();
        Assert.True(r.ReadFieldHeader(out short id, out _));
        Assert.Equal((1, int.MinValue), (id, r.ReadI32()));
        Assert.True(r.ReadFieldHeader(out id, out _));
        Assert.Equal((2, long.MaxValue), (id, r.ReadI64()));
        Assert.True(r.ReadFieldHeader(out id, out _));
        Assert.Equal((3, true), (id, r.ReadBool()));
        Assert.True(r.ReadFieldHeader(out id, out _));
        Assert.Equal((40, short.MinValue), (id, r.ReadI16()));
        Assert.True(r.ReadFieldHeader(out id, out _));
        Assert.Equal((41, (sbyte)-5), (id, r.ReadI8()));
        Assert.True(r.ReadFieldHeader(out id, out ThriftType type));
        Assert.Equal((30, ThriftType.Struct), (id, type));
        r.BeginStruct();
        Assert.True(r.ReadFieldHeader(out _, out _));
        Assert.Equal("nested", r.ReadString());
        Assert.True(r.ReadFieldHeader(out _, out _));
        Assert.False(r.ReadBool());
        Assert.False(r.ReadFieldHeader(out _, out _));
        r.EndStruct();
        Assert.True(r.ReadFieldHeader(out id, out _));
        Assert.Equal(31, id);
        Assert.Equal(20, r.ReadListHeader(ThriftType.I64, "values"));
        for (int i = 0; i < 20; i++) Assert.Equal(-i, r.ReadI64());
        Assert.True(r.ReadFieldHeader(out id, out _));
        Assert.Equal((32, 2.5), (id, r.ReadDouble()));
        Assert.True(r.ReadFieldHeader(out id, out _));
        Assert.Equal(33, id);
        Assert.Equal(new byte[] { 9, 8, 7 }, r.ReadBinaryToArray());
        Assert.False(r.ReadFieldHeader(out _, out _));
        r.EndStruct();
        Assert.Equal(0, r.Remaining);
    }
}
