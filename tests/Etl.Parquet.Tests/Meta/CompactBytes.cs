using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Meta;

/// <summary>
/// Hand-rolled compact-protocol byte builder for tests, independent of the codec's own writer so the reader is
/// not checked against itself. Field headers are written literally (the caller chooses short or long form).
/// </summary>
internal sealed class CompactBytes
{
    private readonly List<byte> _bytes = [];

    public byte[] ToArray() => [.. _bytes];

    public int Length => _bytes.Count;

    public CompactBytes Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>Short-form field header: delta from the previous field id in the high nibble.</summary>
    public CompactBytes Field(int delta, ThriftType type) => Raw((byte)((delta << 4) | (int)type));

    /// <summary>Long-form field header: type nibble with zero delta, then the id as a zigzag varint.</summary>
    public CompactBytes LongField(short id, ThriftType type) => Raw((byte)type).ZigZag(id);

    public CompactBytes Stop() => Raw(0);

    public CompactBytes Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        _bytes.Add((byte)value);
        return this;
    }

    public CompactBytes ZigZag(long value) => Varint((ulong)((value << 1) ^ (value >> 63)));

    public CompactBytes Binary(byte[] value) => Varint((ulong)value.Length).Raw(value);

    public CompactBytes String(string value) => Binary(System.Text.Encoding.UTF8.GetBytes(value));

    public CompactBytes ListHeader(int count, ThriftType elementType) =>
        count < 15
            ? Raw((byte)((count << 4) | (int)elementType))
            : Raw((byte)(0xF0 | (int)elementType)).Varint((ulong)count);

    public CompactBytes I32Field(int delta, int value) => Field(delta, ThriftType.I32).ZigZag(value);

    public CompactBytes I64Field(int delta, long value) => Field(delta, ThriftType.I64).ZigZag(value);

    public CompactBytes I16FieldLong(short id, short value) => LongField(id, ThriftType.I16).ZigZag(value);

    public CompactBytes StringField(int delta, string value) => Field(delta, ThriftType.Binary).String(value);
}
