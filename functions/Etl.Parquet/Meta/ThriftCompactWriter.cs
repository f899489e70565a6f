using System.Buffers;
using System.Buffers.Binary;

namespace Etl.Parquet.Meta;

/// <summary>
/// Writer of the Thrift compact protocol into an <see cref="IBufferWriter{T}"/>. Field ids must ascend within a
/// struct only for compactness (short-form headers), not for correctness; any order is encoded faithfully.
/// </summary>
/// <remarks>
/// Usage per struct: <see cref="BeginStruct"/>, one Write…Field call (or <see cref="WriteFieldHeader"/> followed by
/// the value) per present field, then <see cref="EndStruct"/>, which writes the STOP marker.
/// </remarks>
internal sealed class ThriftCompactWriter
{
    private const int MaxVarintBytes = 10;

    private readonly IBufferWriter<byte> _output;
    private readonly Stack<short> _enclosingLastFieldIds = new();
    private short _lastFieldId;

    public ThriftCompactWriter(IBufferWriter<byte> output) => _output = output;

    public void BeginStruct()
    {
        _enclosingLastFieldIds.Push(_lastFieldId);
        _lastFieldId = 0;
    }

    public void EndStruct()
    {
        WriteRawByte((byte)ThriftType.Stop);
        _lastFieldId = _enclosingLastFieldIds.Pop();
    }

    /// <summary>Writes a field header; for bool fields use <see cref="WriteBoolField"/>, which carries the value.</summary>
    public void WriteFieldHeader(short fieldId, ThriftType type)
    {
        int delta = fieldId - _lastFieldId;
        if (delta is > 0 and <= 15)
        {
            WriteRawByte((byte)((delta << 4) | (int)type));
        }
        else
        {
            WriteRawByte((byte)type);
            WriteI16(fieldId);
        }
        _lastFieldId = fieldId;
    }

    public void WriteBoolField(short fieldId, bool value) =>
        WriteFieldHeader(fieldId, value ? ThriftType.BooleanTrue : ThriftType.BooleanFalse);

    public void WriteI8Field(short fieldId, sbyte value)
    {
        WriteFieldHeader(fieldId, ThriftType.Byte);
        WriteRawByte((byte)value);
    }

    public void WriteI16Field(short fieldId, short value)
    {
        WriteFieldHeader(fieldId, ThriftType.I16);
        WriteI16(value);
    }

    public void WriteI32Field(short fieldId, int value)
    {
        WriteFieldHeader(fieldId, ThriftType.I32);
        WriteI32(value);
    }

    public void WriteI64Field(short fieldId, long value)
    {
        WriteFieldHeader(fieldId, ThriftType.I64);
        WriteI64(value);
    }

    public void WriteBinaryField(short fieldId, ReadOnlySpan<byte> value)
    {
        WriteFieldHeader(fieldId, ThriftType.Binary);
        WriteBinary(value);
    }

    public void WriteStringField(short fieldId, string value)
    {
        WriteFieldHeader(fieldId, ThriftType.Binary);
        WriteString(value);
    }

    /// <summary>Writes the header of a struct-typed field and opens the struct; close it with <see cref="EndStruct"/>.</summary>
    public void BeginStructField(short fieldId)
    {
        WriteFieldHeader(fieldId, ThriftType.Struct);
        BeginStruct();
    }

    /// <summary>Writes a field holding an empty struct (the parameterless members of parquet.thrift unions).</summary>
    public void WriteEmptyStructField(short fieldId)
    {
        BeginStructField(fieldId);
        EndStruct();
    }

    public void WriteListFieldHeader(short fieldId, ThriftType elementType, int count)
    {
        WriteFieldHeader(fieldId, ThriftType.List);
        WriteListHeader(elementType, count);
    }

    public void WriteListHeader(ThriftType elementType, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count < 15)
        {
            WriteRawByte((byte)((count << 4) | (int)elementType));
        }
        else
        {
            WriteRawByte((byte)(0xF0 | (int)elementType));
            WriteVarint((uint)count);
        }
    }

    public void WriteI16(short value) => WriteVarint(ZigZag(value));

    public void WriteI32(int value) => WriteVarint(ZigZag(value));

    public void WriteI64(long value) => WriteVarint(ZigZag(value));

    public void WriteDouble(double value)
    {
        Span<byte> destination = _output.GetSpan(sizeof(double));
        BinaryPrimitives.WriteDoubleLittleEndian(destination, value);
        _output.Advance(sizeof(double));
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        WriteVarint((uint)value.Length);
        value.CopyTo(_output.GetSpan(value.Length));
        _output.Advance(value.Length);
    }

    public void WriteString(string value)
    {
        var utf8 = System.Text.Encoding.UTF8;
        int length = utf8.GetByteCount(value);
        WriteVarint((uint)length);
        int written = utf8.GetBytes(value, _output.GetSpan(length));
        _output.Advance(written);
    }

    private void WriteVarint(ulong value)
    {
        Span<byte> destination = _output.GetSpan(MaxVarintBytes);
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        _output.Advance(i);
    }

    private void WriteRawByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}
