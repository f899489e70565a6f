using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Etl.Parquet.Encodings;

/// <summary>
/// Copies the short byte strings that dominate string columns with one 16-byte vector move instead of a memmove
/// call, when both buffers have 16 bytes to spare at the given positions.
/// </summary>
internal static class ShortCopy
{
    /// <summary>
    /// Copies <paramref name="length"/> bytes from <c>source[sourceStart..]</c> to <c>destination[destinationStart..]</c>.
    /// May overwrite up to 16 bytes of <paramref name="destination"/> past the copy; callers only use it where those
    /// bytes are free. The regions may overlap only when the source lies entirely before the destination start.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(ReadOnlySpan<byte> source, int sourceStart, Span<byte> destination, int destinationStart, int length)
    {
        if (length <= 16 && source.Length - sourceStart >= 16 && destination.Length - destinationStart >= 16)
        {
            // The whole vector is loaded before it is stored, so a source just before the destination is safe.
            var block = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)sourceStart);
            block.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)destinationStart);
            return;
        }
        source.Slice(sourceStart, length).CopyTo(destination.Slice(destinationStart, length));
    }
}
