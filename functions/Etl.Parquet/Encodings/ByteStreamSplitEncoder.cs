using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Etl.Parquet.Encodings;

/// <summary>
/// Encodes BYTE_STREAM_SPLIT: scatters byte k of every fixed-width value into stream k, the streams back to back,
/// the inverse of <see cref="ByteStreamSplitDecoder"/>.
/// </summary>
public static class ByteStreamSplitEncoder
{
    /// <summary>
    /// Splits <paramref name="values"/> (little-endian values of <paramref name="width"/> bytes, back to back) into
    /// <paramref name="destination"/>, which must hold <c>values.Length</c> bytes.
    /// </summary>
    /// <exception cref="ArgumentException">The values are not whole, or the destination is too small.</exception>
    public static void Encode(ReadOnlySpan<byte> values, int width, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (values.Length % width != 0) throw new ArgumentException($"{values.Length} bytes are not whole values of {width} bytes", nameof(values));
        if (destination.Length < values.Length) throw new ArgumentException($"destination holds {destination.Length} bytes, {values.Length} needed", nameof(destination));
        int count = values.Length / width;
        if (count == 0) return;
        switch (width)
        {
            case 1:
                values.CopyTo(destination);
                break;
            case 4:
                Encode4(values, count, destination);
                break;
            case 8:
                Encode8(values, count, destination);
                break;
            default:
                for (int k = 0; k < width; k++)
                {
                    Span<byte> stream = destination.Slice(k * count, count);
                    ReadOnlySpan<byte> lane = values[k..];
                    for (int i = 0; i < stream.Length; i++) stream[i] = lane[i * width];
                }
                break;
        }
    }

    /// <summary>Appends the split form of <paramref name="values"/> to <paramref name="output"/>.</summary>
    public static void Encode(ReadOnlySpan<byte> values, int width, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (values.IsEmpty) return;
        Encode(values, width, output.GetSpan(values.Length));
        output.Advance(values.Length);
    }

    private static bool Accelerated => Vector128.IsHardwareAccelerated && (Sse2.IsSupported || AdvSimd.Arm64.IsSupported);

    private static void Encode4(ReadOnlySpan<byte> values, int count, Span<byte> destination)
    {
        ref byte s = ref MemoryMarshal.GetReference(values);
        ref byte d = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Accelerated)
        {
            // Within each 16-byte vector, gather byte k of its 4 values into lane k (a 4x4 byte transpose); then a
            // 4x4 transpose of 32-bit lanes across the 4 vectors yields 16 bytes of each stream.
            var gather = Vector128.Create((byte)0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
            for (; i <= count - 16; i += 16)
            {
                ref byte at = ref Unsafe.Add(ref s, i * 4);
                var v0 = Vector128.Shuffle(Vector128.LoadUnsafe(ref at), gather).AsUInt32();
                var v1 = Vector128.Shuffle(Vector128.LoadUnsafe(ref at, 16), gather).AsUInt32();
                var v2 = Vector128.Shuffle(Vector128.LoadUnsafe(ref at, 32), gather).AsUInt32();
                var v3 = Vector128.Shuffle(Vector128.LoadUnsafe(ref at, 48), gather).AsUInt32();
                var t0 = ZipLow(v0, v1).AsUInt64();
                var t1 = ZipHigh(v0, v1).AsUInt64();
                var t2 = ZipLow(v2, v3).AsUInt64();
                var t3 = ZipHigh(v2, v3).AsUInt64();
                ZipLow(t0, t2).AsByte().StoreUnsafe(ref d, (nuint)i);
                ZipHigh(t0, t2).AsByte().StoreUnsafe(ref d, (nuint)(count + i));
                ZipLow(t1, t3).AsByte().StoreUnsafe(ref d, (nuint)(2 * count + i));
                ZipHigh(t1, t3).AsByte().StoreUnsafe(ref d, (nuint)(3 * count + i));
            }
        }
        for (; i < count; i++)
        {
            ref byte v = ref Unsafe.Add(ref s, i * 4);
            for (int k = 0; k < 4; k++) Unsafe.Add(ref d, k * count + i) = Unsafe.Add(ref v, k);
        }
    }

    private static void Encode8(ReadOnlySpan<byte> values, int count, Span<byte> destination)
    {
        ref byte s = ref MemoryMarshal.GetReference(values);
        ref byte d = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Accelerated)
        {
            // Each vector holds 2 values; gathering byte k of both into 16-bit lane k leaves an 8x8 transpose of
            // 16-bit lanes across 8 vectors, done in three rounds of interleaving.
            var gather = Vector128.Create((byte)0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
            for (; i <= count - 16; i += 16)
            {
                ref byte at = ref Unsafe.Add(ref s, i * 8);
                var v0 = Vector128.Shuffle(Vector128.LoadUnsafe(ref at), gather).AsUInt16();
                var v1 = Vector128.Shuffle(Vector128.LoadUnsafe(ref at, 16), gather).AsUInt16();
                var v2 = Vector128.Shuffle(Vector128.LoadUnsafe(ref at, 32), gather).AsUInt16();
                var v3 = Vector128.Shuffle(Vector128.LoadUnsafe(ref at, 48), gather).AsUInt16();
                var v4 = Vector128.Shuffle(Vector128.LoadUnsafe(ref at, 64), gather).AsUInt16();
                var v5 = Vector128.Shuffle(Vector128.LoadUnsafe(ref at, 80), gather).AsUInt16();
                var v6 = Vector128.Shuffle(Vector128.LoadUnsafe(ref at, 96), gather).AsUInt16();
                var v7 = Vector128.Shuffle(Vector128.LoadUnsafe(ref at, 112), gather).AsUInt16();
                var t0 = ZipLow(v0, v1).AsUInt32(); var t1 = ZipHigh(v0, v1).AsUInt32();
                var t2 = ZipLow(v2, v3).AsUInt32(); var t3 = ZipHigh(v2, v3).AsUInt32();
                var t4 = ZipLow(v4, v5).AsUInt32(); var t5 = ZipHigh(v4, v5).AsUInt32();
                var t6 = ZipLow(v6, v7).AsUInt32(); var t7 = ZipHigh(v6, v7).AsUInt32();
                var u0 = ZipLow(t0, t2).AsUInt64(); var u1 = ZipHigh(t0, t2).AsUInt64();
                var u2 = ZipLow(t1, t3).AsUInt64(); var u3 = ZipHigh(t1, t3).AsUInt64();
                var u4 = ZipLow(t4, t6).AsUInt64(); var u5 = ZipHigh(t4, t6).AsUInt64();
                var u6 = ZipLow(t5, t7).AsUInt64(); var u7 = ZipHigh(t5, t7).AsUInt64();
                ZipLow(u0, u4).AsByte().StoreUnsafe(ref d, (nuint)i);
                ZipHigh(u0, u4).AsByte().StoreUnsafe(ref d, (nuint)(count + i));
                ZipLow(u1, u5).AsByte().StoreUnsafe(ref d, (nuint)(2 * count + i));
                ZipHigh(u1, u5).AsByte().StoreUnsafe(ref d, (nuint)(3 * count + i));
                ZipLow(u2, u6).AsByte().StoreUnsafe(ref d, (nuint)(4 * count + i));
                ZipHigh(u2, u6).AsByte().StoreUnsafe(ref d, (nuint)(5 * count + i));
                ZipLow(u3, u7).AsByte().StoreUnsafe(ref d, (nuint)(6 * count + i));
                ZipHigh(u3, u7).AsByte().StoreUnsafe(ref d, (nuint)(7 * count + i));
            }
        }
        for (; i < count; i++)
        {
            ref byte v = ref Unsafe.Add(ref s, i * 8);
            for (int k = 0; k < 8; k++) Unsafe.Add(ref d, k * count + i) = Unsafe.Add(ref v, k);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> ZipLow(Vector128<ushort> a, Vector128<ushort> b) => Sse2.IsSupported ? Sse2.UnpackLow(a, b) : AdvSimd.Arm64.ZipLow(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> ZipHigh(Vector128<ushort> a, Vector128<ushort> b) => Sse2.IsSupported ? Sse2.UnpackHigh(a, b) : AdvSimd.Arm64.ZipHigh(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> ZipLow(Vector128<uint> a, Vector128<uint> b) => Sse2.IsSupported ? Sse2.UnpackLow(a, b) : AdvSimd.Arm64.ZipLow(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> ZipHigh(Vector128<uint> a, Vector128<uint> b) => Sse2.IsSupported ? Sse2.UnpackHigh(a, b) : AdvSimd.Arm64.ZipHigh(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> ZipLow(Vector128<ulong> a, Vector128<ulong> b) => Sse2.IsSupported ? Sse2.UnpackLow(a, b) : AdvSimd.Arm64.ZipLow(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> ZipHigh(Vector128<ulong> a, Vector128<ulong> b) => Sse2.IsSupported ? Sse2.UnpackHigh(a, b) : AdvSimd.Arm64.ZipHigh(a, b);
}
