using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Etl.Core.Json;

/// <summary>
/// The named children of an object node in first-appearance order, found from a property-name token without
/// allocating: records usually repeat their keys in the same order, so the child after the previous match is tried
/// first, then (for small objects) each child, then a hash lookup on the decoded name.
/// </summary>
internal sealed class FieldTable<T> where T : class
{
    private const int LinearLimit = 8;
    private readonly List<T> _items = [];
    private readonly List<byte[]> _names = [];
    private readonly List<string> _strings = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public FieldTable() => _lookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _items.Count;

    public T this[int index] => _items[index];

    public string NameAt(int index) => _strings[index];

    public void Clear()
    {
        _items.Clear();
        _names.Clear();
        _strings.Clear();
        _index.Clear();
    }

    public int Add(string name, T item)
    {
        var index = _items.Count;
        _items.Add(item);
        _names.Add(Encoding.UTF8.GetBytes(name));
        _strings.Add(name);
        _index.Add(name, index);
        return index;
    }

    /// <summary>
    /// The index of the child named by the property-name token the reader is on, or -1 with the decoded name in
    /// <paramref name="unknownName"/>. <paramref name="guess"/> is the index expected (the one after the last match).
    /// Throws <see cref="RecordProblemException"/> for a name that is not valid UTF-8 text.
    /// </summary>
    public int Find(ref Utf8JsonReader reader, int guess, out string? unknownName)
    {
        unknownName = null;
        if (!reader.ValueIsEscaped)
        {
            // Unescaped: the token's bytes are the name's UTF-8 (a name that is not valid UTF-8 equals no name here
            // and is reported by FindSlow).
            var raw = reader.ValueSpan;
            var names = _names;
            if ((uint)guess < (uint)names.Count && raw.SequenceEqual(names[guess])) return guess;
            if (names.Count <= LinearLimit)
            {
                for (var i = 0; i < names.Count; i++)
                {
                    if (i != guess && raw.SequenceEqual(names[i])) return i;
                }
            }
            return FindSlow(ref reader, out unknownName);
        }
        try
        {
            if ((uint)guess < (uint)_names.Count && reader.ValueTextEquals(_names[guess])) return guess;
            if (_names.Count <= LinearLimit)
            {
                for (var i = 0; i < _names.Count; i++)
                {
                    if (i != guess && reader.ValueTextEquals(_names[i])) return i;
                }
            }
            return FindSlow(ref reader, out unknownName);
        }
        catch (InvalidOperationException)
        {
            throw new RecordProblemException(reader.TokenStartIndex, JsonInputErrorKind.Encoding, RecordProblemException.LoneSurrogate);
        }
    }

    private int FindSlow(ref Utf8JsonReader reader, out string? unknownName)
    {
        unknownName = null;
        var raw = reader.ValueSpan;
        if (!Utf8.IsValid(raw))
        {
            var bad = JsonRecordReader.FirstInvalidUtf8(raw);
            throw new RecordProblemException(reader.TokenStartIndex + 1 + bad, JsonInputErrorKind.Encoding,
                $"a property name holds the invalid UTF-8 byte 0x{raw[Math.Min(bad, raw.Length - 1)]:X2}");
        }
        char[]? rented = null;
        var chars = raw.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        try
        {
            var length = reader.ValueIsEscaped ? reader.CopyString(chars) : Encoding.UTF8.GetChars(raw, chars);
            var name = chars[..length];
            if (_lookup.TryGetValue(name, out var index)) return index;
            unknownName = new string(name);
            return -1;
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }
}
