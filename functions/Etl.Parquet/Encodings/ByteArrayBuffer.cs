using System.Runtime.CompilerServices;

namespace Etl.Parquet.Encodings;

/// <summary>
/// Many variable-length values in one contiguous byte array plus an offsets array, so a page of strings
/// costs two allocations (amortized to zero when the buffer is reused) instead of one per value.
/// Value <c>i</c> is <c>Data[Offsets[i]..Offsets[i + 1]]</c>.
/// </summary>
public sealed class ByteArrayBuffer
{
    private byte[] _data;
    private int[] _offsets;

    public ByteArrayBuffer(int valueCapacity = 256, int byteCapacity = 4096)
    {
        _data = new byte[Math.Max(16, byteCapacity)];
        _offsets = new int[Math.Max(2, valueCapacity + 1)];
    }

    /// <summary>Number of values held.</summary>
    public int Count { get; private set; }

    /// <summary>Total bytes of all values.</summary>
    public int ByteLength => _offsets[Count];

    /// <summary>The backing bytes; only the first <see cref="ByteLength"/> are meaningful.</summary>
    public byte[] Data => _data;

    /// <summary>Count + 1 meaningful entries; <c>Offsets[0] == 0</c>.</summary>
    public int[] Offsets => _offsets;

    public ReadOnlySpan<byte> this[int index]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            var start = _offsets[index];
            return new ReadOnlySpan<byte>(_data, start, _offsets[index + 1] - start);
        }
    }

    public void Clear() => Count = 0;

    /// <summary>While a reader fills the buffer: the row group's budget that reservations are charged to.</summary>
    internal File.DecodeBudget? Budget { get; set; }

    /// <summary>Bytes of offsets and data charged to <see cref="Budget"/> since <see cref="ResetCharge"/>.</summary>
    internal long Charged { get; private set; }

    internal void ResetCharge() => Charged = 0;

    /// <summary>Charges the offsets of <paramref name="values"/> values that are certain to come (declared by the footer).</summary>
    internal void ChargeOffsets(long values) => Charge(values > long.MaxValue / sizeof(int) - 1 ? long.MaxValue : (values + 1) * sizeof(int));

    private void Charge(long content)
    {
        if (content <= Charged) return;
        Budget!.Charge(content - Charged);
        Charged = content;
    }

    /// <summary>Makes room for <paramref name="values"/> more values and <paramref name="bytes"/> more bytes.</summary>
    public void Reserve(int values, long bytes)
    {
        if (values < 0 || bytes < 0) throw new ArgumentOutOfRangeException(nameof(values));
        long needOffsets = (long)Count + values + 1;
        if (Budget is not null)
        {
            var held = needOffsets * sizeof(int) + ByteLength;
            Charge(bytes > long.MaxValue - held ? long.MaxValue : held + bytes);
        }
        if (needOffsets > _offsets.Length) Array.Resize(ref _offsets, (int)Math.Min(Array.MaxLength, Math.Max(needOffsets, _offsets.Length * 2L)));
        long needBytes = (long)ByteLength + bytes;
        if (needBytes > Array.MaxLength) throw new ParquetFormatException($"byte array data exceeds {Array.MaxLength} bytes in one page or batch");
        if (needBytes > _data.Length) Array.Resize(ref _data, (int)Math.Min(Array.MaxLength, Math.Max(needBytes, _data.Length * 2L)));
    }

    /// <summary>
    /// Counts <paramref name="values"/> more values whose offsets a decoder already wrote into
    /// <c>Offsets[Count + 1 .. Count + values]</c> and whose bytes it copied into <see cref="Data"/>, after a
    /// <see cref="Reserve"/> that made room for both. Lets bulk decoders skip the per-value bookkeeping of
    /// <see cref="Append"/>.
    /// </summary>
    internal void CommitPrepared(int values)
    {
        if (values < 0 || (long)Count + values + 1 > _offsets.Length) throw new ArgumentOutOfRangeException(nameof(values));
        Count += values;
    }

    /// <summary>
    /// Appends copies of values <paramref name="start"/>..<paramref name="start"/>+<paramref name="count"/>-1 of
    /// <paramref name="source"/> (another buffer): their bytes in one copy, their offsets moved, no per-value work.
    /// </summary>
    public void AddRange(ByteArrayBuffer source, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (ReferenceEquals(source, this)) throw new ArgumentException("a buffer cannot append a range of itself", nameof(source));
        if (start < 0 || count < 0 || (long)start + count > source.Count) throw new ArgumentOutOfRangeException(nameof(count));
        if (count == 0) return;
        var offsets = source._offsets;
        var first = offsets[start];
        var bytes = offsets[start + count] - first;
        Reserve(count, bytes);
        var shift = ByteLength - first;
        source._data.AsSpan(first, bytes).CopyTo(_data.AsSpan(ByteLength));
        var target = _offsets.AsSpan(Count + 1, count);
        var ends = offsets.AsSpan(start + 1, count);
        for (var i = 0; i < target.Length; i++) target[i] = ends[i] + shift;
        Count += count;
    }

    /// <summary>Appends a copy of <paramref name="value"/>.</summary>
    public void Add(ReadOnlySpan<byte> value)
    {
        var dest = Append(value.Length);
        value.CopyTo(dest);
    }

    /// <summary>Appends a value of <paramref name="length"/> bytes and returns its storage for the caller to fill.</summary>
    public Span<byte> Append(int length)
    {
        if (length < 0) throw new ParquetFormatException($"negative byte array length {length}");
        if (Count + 2 > _offsets.Length || (long)ByteLength + length > _data.Length) Reserve(1, length);
        var start = _offsets[Count];
        _offsets[++Count] = start + length;
        return new Span<byte>(_data, start, length);
    }
}
