using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

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

    /// <summary>Row d (16 bytes each) picks byte i % d: a pattern of length d repeated across a vector.</summary>
    private static ReadOnlySpan<byte> PatternIndices =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1,
        0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0,
        0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3,
        0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0,
        0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3,
        0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1,
        0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 6,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 1, 2, 3, 4,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 1, 2,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0, 1,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0,
    ];

    /// <summary>Entry d is d * (16 / d): how far a vector holding a pattern of length d can advance.</summary>
    private static ReadOnlySpan<byte> PatternSteps => [16, 16, 16, 15, 16, 15, 12, 14, 16, 9, 10, 11, 12, 13, 14, 15];

    /// <summary>Copies up to at least <paramref name="target"/>, writing at most <see cref="Slack"/> - 1 bytes past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyWide(byte* op, byte* src, byte* target)
    {
        nint distance = (nint)(op - src);
        if (distance < Slack && (Ssse3.IsSupported || AdvSimd.Arm64.IsSupported))
        {
            // Short patterns (runs, repeated small values) are spread over a whole vector by one shuffle and
            // stored every `step` bytes, step being the largest multiple of the pattern length that fits.
            Vector128<byte> indices = Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref MemoryMarshal.GetReference(PatternIndices), distance * Slack));
            Vector128<byte> source = Unsafe.ReadUnaligned<Vector128<byte>>(src);
            Vector128<byte> pattern = Ssse3.IsSupported ? Ssse3.Shuffle(source, indices) : AdvSimd.Arm64.VectorTableLookup(source, indices);
            nint step = Unsafe.Add(ref MemoryMarshal.GetReference(PatternSteps), distance);
            do
            {
                Unsafe.WriteUnaligned(op, pattern);
                op += step;
            }
            while (op < target);
            return;
        }

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
