using System.Runtime.CompilerServices;

namespace Etl.Core.Convert;

/// <summary>
/// A growable UTF-8 output buffer. Formatting writes straight into its spare capacity, so producing JSON costs
/// no allocation once the buffer has grown to a slice's size.
/// </summary>
internal sealed class JsonBuffer
{
    private byte[] _data;

    public JsonBuffer(int capacity = 1 << 16) => _data = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => new(_data, 0, Length);

    public void Clear() => Length = 0;

    /// <summary>Returns at least <paramref name="size"/> writable bytes; call <see cref="Advance"/> with what was used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int size)
    {
        if (_data.Length - Length < size) Grow(size);
        return new Span<byte>(_data, Length, _data.Length - Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count) => Length += count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(byte b)
    {
        if (Length == _data.Length) Grow(1);
        _data[Length++] = b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_data.Length - Length < bytes.Length) Grow(bytes.Length);
        bytes.CopyTo(new Span<byte>(_data, Length, bytes.Length));
        Length += bytes.Length;
    }

    private void Grow(int size)
    {
        var need = (long)Length + size;
        var next = Math.Max(need, _data.Length * 2L);
        if (next > Array.MaxLength) next = Math.Max(need, Array.MaxLength);
        if (need > Array.MaxLength) throw new InvalidOperationException("a single JSON slice exceeded 2 GiB");
        Array.Resize(ref _data, (int)next);
    }
}
