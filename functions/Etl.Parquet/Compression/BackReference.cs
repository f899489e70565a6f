using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Etl.Parquet.Compression;

/// <summary>
/// The LZ77 copy shared by the snappy and LZ4 decoders: repeat bytes that are already in the output,
/// where a distance shorter than the length means the copy overlaps itself and repeats a pattern.
/// </summary>
internal static unsafe class BackReference
{
    /// <summary>Wide moves may run this far past the copy's end; that tail is overwritten by what follows.</summary>
    private const int Slack = 16;

    /// <summary>
    /// Copies <paramref name="length"/> bytes from <paramref name="distance"/> bytes behind <paramref name="op"/>.
    /// The caller has checked that the source starts inside the output and that <c>op + length &lt;= opEnd</c>;
    /// nothing at or after <paramref name="opEnd"/> is touched.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(byte* op, nuint distance, nuint length, byte* opEnd)
    {
        byte* end = op + length;
        if (opEnd - end >= Slack)
        {
            CopyWide(op, op - distance, end);
            return;
        }
        CopyNearEnd(op, distance, end, opEnd);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CopyNearEnd(byte* op, nuint distance, byte* end, byte* opEnd)
    {
        // Only the last few bytes of the output need single-byte moves; long runs ending there still go wide.
        byte* wideEnd = opEnd - Slack;
        if (wideEnd > op)
        {
            CopyWide(op, op - distance, wideEnd);
            op = wideEnd;
        }
        byte* src = op - distance;
        while (op < end) *op++ = *src++;
    }

    /// <summary>Copies up to at least <paramref name="target"/>, writing at most <see cref="Slack"/> - 1 bytes past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyWide(byte* op, byte* src, byte* target)
    {
        // A short pattern is doubled in place until a 16-byte move no longer reads bytes it has not written yet;
        // the distance stays a multiple of the pattern length, so the bytes stay right.
        while (op - src < Slack && op < target)
        {
            Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<Vector128<byte>>(src));
            op += op - src;
        }
        while (op < target)
        {
            Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<Vector128<byte>>(src));
            src += Slack;
            op += Slack;
        }
    }
}
