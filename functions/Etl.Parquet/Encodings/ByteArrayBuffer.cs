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

    /// <summary>While a reader fills the buffer: the row group's budget, charged with its arrays and their growth.</summary>
    internal File.DecodeBudget? Budget { get; set; }

    /// <summary>Bytes of offsets and data charged to <see cref="Budget"/> since <see cref="ChargeHeld"/>.</summary>
    internal long Charged { get; private set; }

    /// <summary>Charges the arrays the buffer holds now, when a read starts.</summary>
    internal void ChargeHeld()
    {
        Charged = 0;
        Charge((long)_offsets.Length * sizeof(int) + _data.Length);
    }

    private void Charge(long bytes)
    {
        Budget!.Charge(bytes);
        Charged += bytes;
    }

    /// <summary>Makes room for <paramref name="values"/> more values and <paramref name="bytes"/> more bytes.</summary>
    public void Reserve(int values, long bytes)
    {
        if (values < 0 || bytes < 0) throw new ArgumentOutOfRangeException(nameof(values));
        long needOffsets = (long)Count + values + 1;
        if (needOffsets > _offsets.Length) _offsets = Grow(_offsets, needOffsets);
        long needBytes = (long)ByteLength + bytes;
        if (needBytes > Array.MaxLength) throw new ParquetFormatException($"byte array data exceeds {Array.MaxLength} bytes in one page or batch");
        if (needBytes > _data.Length) _data = Grow(_data, needBytes);
    }

    /// <summary>
    /// Grows the arrays to exactly <paramref name="values"/> values and <paramref name="bytes"/> bytes when the budget
    /// affords it, and does nothing otherwise (sizing ahead is an optimisation, never a reason to fail).
    /// </summary>
    internal void Presize(long values, long bytes)
    {
        var offsets = values + 1 > _offsets.Length && values < Array.MaxLength ? values + 1 : 0;
        var data = bytes > _data.Length && bytes <= Array.MaxLength ? bytes : 0;
        if (offsets + data == 0 || Budget is null || !Budget.Affords(offsets * sizeof(int) + data)) return;
        if (offsets > 0) _offsets = Grow(_offsets, offsets, exact: true);
        if (data > 0) _data = Grow(_data, data, exact: true);
    }

    private T[] Grow<T>(T[] array, long need, bool exact = false)
    {
        int size;
        if (Budget is null)
        {
            size = (int)Math.Min(Array.MaxLength, Math.Max(need, array.Length * 2L));
        }
        else
        {
            var elementBytes = Unsafe.SizeOf<T>();
            size = Budget.GrowthSize(array.Length, need, elementBytes, exact);
            Charge((long)size * elementBytes);
        }
        var grown = new T[size];
        array.CopyTo(grown, 0);
        return grown;
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
