namespace Etl.Core.Datasets.Keys;

/// <summary>
/// The 64-bit hashes of a key column's values, in one open-addressing array sized once (at most half full), so
/// adding and probing allocate nothing. Hash 0 marks an empty slot; a value hashing to 0 is stored as 1, one more
/// collision among 2^64.
/// </summary>
internal sealed class KeyValueSet
{
    private readonly ulong[] _slots;
    private readonly int _mask;

    /// <param name="values">The most values that will be added.</param>
    public KeyValueSet(long values)
    {
        var size = 16;
        while (size < values * 2) size *= 2;
        _slots = new ulong[size];
        _mask = size - 1;
    }

    /// <summary>Values held.</summary>
    public int Count { get; private set; }

    public void Add(ulong hash)
    {
        if (hash == 0) hash = 1;
        var slot = (int)hash & _mask;
        while (true)
        {
            var held = _slots[slot];
            if (held == hash) return;
            if (held == 0)
            {
                if (Count * 2L >= _slots.Length) throw new InvalidOperationException("more key values than the set was sized for");
                _slots[slot] = hash;
                Count++;
                return;
            }
            slot = (slot + 1) & _mask;
        }
    }

    public bool Contains(ulong hash)
    {
        if (hash == 0) hash = 1;
        var slot = (int)hash & _mask;
        while (true)
        {
            var held = _slots[slot];
            if (held == hash) return true;
            if (held == 0) return false;
            slot = (slot + 1) & _mask;
        }
    }
}
