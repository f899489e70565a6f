using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Etl.Parquet.Meta;

/// <summary>
/// Forward-only reader of the Thrift compact protocol over an in-memory span, hardened for hostile input:
/// every read is bounds-checked, declared sizes are checked against the bytes left before anything is allocated,
/// nesting is capped at <see cref="MaxDepth"/>, and any failure is a <see cref="ThriftFormatException"/>
/// (<see cref="ThriftTruncatedException"/> when the data simply ended too early).
/// </summary>
/// <remarks>
/// Usage per struct: <see cref="BeginStruct"/>, then <see cref="ReadFieldHeader"/> until it returns false, reading
/// or <see cref="Skip"/>ping each field's value, then <see cref="EndStruct"/>.
/// </remarks>
internal ref struct ThriftCompactReader
{
    /// <summary>Deepest struct/collection nesting accepted; real parquet metadata needs fewer than 10 levels.</summary>
    public const int MaxDepth = 64;

    private const int MaxVarintBytes = 10;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _depth;
    // Field ids are delta-encoded against the previous field of the same struct, so each open struct keeps its own.
    private short _lastFieldId;
    private FieldIdStack _enclosingLastFieldIds;
    // A bool field carries its value in the field header's type; it is held here until ReadBool/Skip takes it.
    private ThriftType _pendingBool;

    public ThriftCompactReader(ReadOnlySpan<byte> data) => _data = data;

    /// <summary>Bytes consumed so far, i.e. the offset of the next byte relative to the span start.</summary>
    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public void BeginStruct()
    {
        if (_depth >= MaxDepth)
            throw Malformed($"metadata is nested deeper than {MaxDepth} levels", _position);
        _enclosingLastFieldIds[_depth++] = _lastFieldId;
        _lastFieldId = 0;
    }

    public void EndStruct()
    {
        if (_depth == 0) throw new InvalidOperationException("EndStruct without a matching BeginStruct.");
        _lastFieldId = _enclosingLastFieldIds[--_depth];
    }

    /// <summary>Reads the next field header of the current struct; false at the struct's STOP marker.</summary>
    public bool ReadFieldHeader(out short fieldId, out ThriftType type)
    {
        _pendingBool = ThriftType.Stop;
        int start = _position;
        byte header = ReadRawByte();
        type = (ThriftType)(header & 0x0F);
        if (type == ThriftType.Stop)
        {
            fieldId = 0;
            return false;
        }
        CheckValueType(type, start);

        int delta = header >> 4;
        int id = delta == 0 ? ReadI16() : _lastFieldId + delta;
        if (id > short.MaxValue) throw Malformed($"field id {id} is out of range", start);
        _lastFieldId = fieldId = (short)id;

        if (type is ThriftType.BooleanTrue or ThriftType.BooleanFalse) _pendingBool = type;
        return true;
    }

    public bool ReadBool()
    {
        if (_pendingBool != ThriftType.Stop)
        {
            bool fieldValue = _pendingBool == ThriftType.BooleanTrue;
            _pendingBool = ThriftType.Stop;
            return fieldValue;
        }
        // Collection elements: writers disagree on 0 or 2 for false, so anything but 1 is false.
        return ReadRawByte() == 1;
    }

    public sbyte ReadI8() => (sbyte)ReadRawByte();

    public short ReadI16()
    {
        int start = _position;
        ulong raw = ReadVarint();
        if (raw > ushort.MaxValue) throw Malformed("i16 varint is out of range", start);
        return (short)ZigZag(raw);
    }

    public int ReadI32()
    {
        int start = _position;
        ulong raw = ReadVarint();
        if (raw > uint.MaxValue) throw Malformed("i32 varint is out of range", start);
        return (int)ZigZag(raw);
    }

    public long ReadI64() => ZigZag(ReadVarint());

    public double ReadDouble()
    {
        Require(sizeof(double), "double");
        double value = BinaryPrimitives.ReadDoubleLittleEndian(_data.Slice(_position, sizeof(double)));
        _position += sizeof(double);
        return value;
    }

    /// <summary>A binary/string value as a slice of the input; valid as long as the input is.</summary>
    public ReadOnlySpan<byte> ReadBinary()
    {
        int start = _position;
        ulong length = ReadVarint();
        if (length > int.MaxValue) throw Malformed($"binary length {length} is not a valid size", start);
        if ((int)length > Remaining)
            throw Truncated($"binary value of {length} bytes declared but only {Remaining} bytes remain", start);
        ReadOnlySpan<byte> value = _data.Slice(_position, (int)length);
        _position += (int)length;
        return value;
    }

    public byte[] ReadBinaryToArray() => ReadBinary().ToArray();

    // Invalid UTF-8 becomes U+FFFD rather than an error: names and created_by are informational.
    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBinary());

    /// <summary>Reads a list or set header; the returned count is guaranteed not to exceed the bytes left.</summary>
    public int ReadListHeader(out ThriftType elementType)
    {
        int start = _position;
        byte header = ReadRawByte();
        elementType = (ThriftType)(header & 0x0F);
        ulong count = (uint)header >> 4;
        if (count == 15) count = ReadVarint();
        if (count == 0) return 0;
        CheckValueType(elementType, start);
        return CheckCount(count, 1, "list", start);
    }

    /// <summary>Reads a list header whose elements must be of <paramref name="expected"/> type.</summary>
    public int ReadListHeader(ThriftType expected, string listName)
    {
        int start = _position;
        int count = ReadListHeader(out ThriftType actual);
        if (count > 0 && actual != expected && !(IsBool(actual) && IsBool(expected)))
            throw Malformed($"{listName} holds elements of Thrift type {actual}, expected {expected}", start);
        return count;
    }

    public static bool IsBool(ThriftType type) => type is ThriftType.BooleanTrue or ThriftType.BooleanFalse;

    /// <summary>Reads a map header; the returned count is guaranteed not to exceed what the bytes left can hold.</summary>
    public int ReadMapHeader(out ThriftType keyType, out ThriftType valueType)
    {
        int start = _position;
        ulong count = ReadVarint();
        if (count == 0)
        {
            keyType = valueType = ThriftType.Stop;
            return 0;
        }
        byte types = ReadRawByte();
        keyType = (ThriftType)(types >> 4);
        valueType = (ThriftType)(types & 0x0F);
        CheckValueType(keyType, start);
        CheckValueType(valueType, start);
        return CheckCount(count, 2, "map", start);
    }

    /// <summary>
    /// Skips a value of the given type, including arbitrarily nested containers, so fields added by newer
    /// writers are ignored. After a bool field header, skips nothing (the value was in the header).
    /// </summary>
    public void Skip(ThriftType type)
    {
        if (_pendingBool != ThriftType.Stop && type is ThriftType.BooleanTrue or ThriftType.BooleanFalse)
        {
            _pendingBool = ThriftType.Stop;
            return;
        }
        SkipValue(type, _depth);
    }

    private void SkipValue(ThriftType type, int depth)
    {
        int start = _position;
        switch (type)
        {
            case ThriftType.BooleanTrue or ThriftType.BooleanFalse or ThriftType.Byte:
                Advance(1, "byte");
                break;
            case ThriftType.I16 or ThriftType.I32 or ThriftType.I64:
                ReadVarint();
                break;
            case ThriftType.Double:
                Advance(sizeof(double), "double");
                break;
            case ThriftType.Uuid:
                Advance(16, "uuid");
                break;
            case ThriftType.Binary:
                ReadBinary();
                break;
            case ThriftType.List or ThriftType.Set:
            {
                int count = ReadListHeader(out ThriftType elementType);
                depth = Nest(depth, start);
                for (int i = 0; i < count; i++) SkipValue(elementType, depth);
                break;
            }
            case ThriftType.Map:
            {
                int count = ReadMapHeader(out ThriftType keyType, out ThriftType valueType);
                depth = Nest(depth, start);
                for (int i = 0; i < count; i++)
                {
                    SkipValue(keyType, depth);
                    SkipValue(valueType, depth);
                }
                break;
            }
            case ThriftType.Struct:
                depth = Nest(depth, start);
                SkipStructBody(depth);
                break;
            default:
                throw Malformed($"cannot skip a value of unknown Thrift type {(int)type}", start);
        }
    }

    // Field ids do not matter when skipping, so the delta bookkeeping of ReadFieldHeader is not needed.
    private void SkipStructBody(int depth)
    {
        while (true)
        {
            int start = _position;
            byte header = ReadRawByte();
            var type = (ThriftType)(header & 0x0F);
            if (type == ThriftType.Stop) return;
            CheckValueType(type, start);
            if (header >> 4 == 0) ReadI16();
            if (type is not (ThriftType.BooleanTrue or ThriftType.BooleanFalse)) SkipValue(type, depth);
        }
    }

    private static int Nest(int depth, int position)
    {
        if (++depth > MaxDepth) throw Malformed($"metadata is nested deeper than {MaxDepth} levels", position);
        return depth;
    }

    private readonly int CheckCount(ulong count, int minBytesPerElement, string kind, int start)
    {
        if (count > int.MaxValue) throw Malformed($"{kind} size {count} is not a valid size", start);
        // Every element occupies at least minBytesPerElement, so a larger count cannot be genuine here.
        if (count > (ulong)(Remaining / minBytesPerElement))
            throw Truncated($"{kind} of {count} elements declared but only {Remaining} bytes remain", start);
        return (int)count;
    }

    private static void CheckValueType(ThriftType type, int position)
    {
        if (type is ThriftType.Stop or > ThriftType.Uuid)
            throw Malformed($"invalid Thrift compact type id {(int)type}", position);
    }

    private ulong ReadVarint()
    {
        int start = _position;
        ulong result = 0;
        for (int i = 0, shift = 0; i < MaxVarintBytes; i++, shift += 7)
        {
            if (_position >= _data.Length) throw Truncated("data ended inside a varint", start);
            byte b = _data[_position++];
            // The 10th byte may only contribute the 64th bit; more means the value cannot fit in 64 bits.
            if (i == MaxVarintBytes - 1 && b > 1) throw Malformed("varint is longer than 10 bytes", start);
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw Malformed("varint is longer than 10 bytes", start);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte ReadRawByte()
    {
        if (_position >= _data.Length) throw Truncated("data ended where another byte was expected", _position);
        return _data[_position++];
    }

    private void Advance(int count, string what)
    {
        Require(count, what);
        _position += count;
    }

    private readonly void Require(int count, string what)
    {
        if (Remaining < count)
            throw Truncated($"data ended inside a {what} value ({count} bytes needed, {Remaining} remain)", _position);
    }

    private static long ZigZag(ulong raw) => (long)(raw >> 1) ^ -(long)(raw & 1);

    private static ThriftFormatException Malformed(string problem, int position) =>
        new($"malformed Thrift encoding: {problem}", position);

    private static ThriftTruncatedException Truncated(string problem, int position) =>
        new($"Truncated Thrift metadata: {problem}", position);

    [InlineArray(MaxDepth)]
    private struct FieldIdStack
    {
        private short _element0;
    }
}
