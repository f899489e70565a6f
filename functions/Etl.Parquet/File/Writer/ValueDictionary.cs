using System.Runtime.CompilerServices;
using Etl.Parquet.Encodings;

namespace Etl.Parquet.File.Writer;

/// <summary>
/// Dictionary of 4- or 8-byte values (INT32 and FLOAT by bits, INT64 and DOUBLE by bits) for one column chunk:
/// an open-addressing hash table (linear probing, load at most 1/2) of indices into the value array, so values
/// keep their order of first appearance, which is the dictionary page's order.
/// </summary>
/// <remarks>Floating-point values are keyed by their bits: -0.0 and +0.0, and NaNs with different payloads, stay distinct.</remarks>
internal sealed class PrimitiveDictionary<T> where T : unmanaged, IEquatable<T>
{
    // Random per process, so crafted input cannot aim at one hash chain.
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64() | 1;

    private T[] _values = new T[1024];
    private int[] _slots = new int[2048];    // entry index + 1; 0 = empty
    private int _shift = 64 - 11;
    private int _count;

    public int Count => _count;

    public ReadOnlySpan<T> Values => _values.AsSpan(0, _count);

    public void Clear()
    {
        if (_count > 0) Array.Clear(_slots);
        _count = 0;
    }

    /// <summary>
    /// Looks up or adds each value, writing its dictionary index to <paramref name="indices"/>; stops before the
    /// first value that would make the dictionary hold more than <paramref name="maxEntries"/> entries and returns
    /// how many values were indexed.
    /// </summary>
    public int Add(ReadOnlySpan<T> values, Span<int> indices, int maxEntries)
    {
        int[] slots = _slots;
        int mask = slots.Length - 1;
        int shift = _shift;
        for (int i = 0; i < values.Length; i++)
        {
            T value = values[i];
            int slot = Slot(value, shift);
            while (true)
            {
                int entry = slots[slot];
                if (entry == 0)
                {
                    if (_count >= maxEntries) return i;
                    int index = _count;
                    if (index == _values.Length) Array.Resize(ref _values, index * 2);
                    _values[index] = value;
                    slots[slot] = index + 1;
                    _count = index + 1;
                    indices[i] = index;
                    if (_count * 2 > slots.Length)
                    {
                        Rehash();
                        slots = _slots;
                        mask = slots.Length - 1;
                        shift = _shift;
                    }
                    break;
                }
                if (_values[entry - 1].Equals(value))
                {
                    indices[i] = entry - 1;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        return values.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Slot(T value, int shift)
    {
        ulong key = Unsafe.SizeOf<T>() == 4 ? Unsafe.As<T, uint>(ref value) : Unsafe.As<T, ulong>(ref value);
        // Fibonacci hashing: the top bits of the product spread sequential keys evenly.
        return (int)(((key ^ Seed) * 0x9E3779B97F4A7C15UL) >> shift);
    }

    private void Rehash()
    {
        var slots = new int[_slots.Length * 2];
        _shift--;
        int mask = slots.Length - 1;
        for (int i = 0; i < _count; i++)
        {
            int slot = Slot(_values[i], _shift);
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = i + 1;
        }
        _slots = slots;
    }
}

/// <summary>
/// Dictionary of byte strings (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY, INT96): the entries live in one
/// <see cref="ByteArrayBuffer"/>, the hash table maps a hash of the bytes to an entry index. No value allocates.
/// </summary>
internal sealed class BytesDictionary
{
    private readonly ByteArrayBuffer _entries = new(1024, 64 * 1024);
    private int[] _hashes = new int[1024];
    private int[] _slots = new int[2048];
    private long _plainBytes;

    public int Count => _entries.Count;

    /// <summary>The entries in index order.</summary>
    public ByteArrayBuffer Entries => _entries;

    /// <summary>Size of the entries PLAIN-encoded (with the 4-byte length prefixes when they apply).</summary>
    public long PlainBytes => _plainBytes;

    public void Clear()
    {
        if (_entries.Count > 0) Array.Clear(_slots);
        _entries.Clear();
        _plainBytes = 0;
    }

    /// <summary>
    /// The index of <paramref name="value"/>, added if new; -1 when adding it would make the PLAIN-encoded
    /// dictionary larger than <paramref name="limit"/> bytes. <paramref name="prefix"/> is 4 for BYTE_ARRAY
    /// (length prefix), 0 for fixed-width values.
    /// </summary>
    public int Add(ReadOnlySpan<byte> value, long limit, int prefix)
    {
        int hash = Hash(value);
        int[] slots = _slots;
        int mask = slots.Length - 1;
        int slot = hash & mask;
        while (true)
        {
            int entry = slots[slot];
            if (entry == 0) break;
            if (_hashes[entry - 1] == hash)
            {
                int[] offsets = _entries.Offsets;
                int from = offsets[entry - 1];
                if (new ReadOnlySpan<byte>(_entries.Data, from, offsets[entry] - from).SequenceEqual(value)) return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
        long size = prefix + value.Length;
        if (_plainBytes + size > limit) return -1;
        int index = _entries.Count;
        _entries.Add(value);
        if (index == _hashes.Length) Array.Resize(ref _hashes, index * 2);
        _hashes[index] = hash;
        slots[slot] = index + 1;
        _plainBytes += size;
        if ((index + 1) * 2 > slots.Length) Rehash();
        return index;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> value)
    {
        // HashCode is seeded randomly per process; AddBytes consumes the span without allocating.
        var hasher = new HashCode();
        hasher.AddBytes(value);
        int h = hasher.ToHashCode();
        // Spread the high bits into the low bits the mask keeps.
        return h ^ (h >>> 15);
    }

    private void Rehash()
    {
        var slots = new int[_slots.Length * 2];
        int mask = slots.Length - 1;
        for (int i = 0; i < _entries.Count; i++)
        {
            int slot = _hashes[i] & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = i + 1;
        }
        _slots = slots;
    }
}
