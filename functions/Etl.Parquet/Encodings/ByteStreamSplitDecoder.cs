using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Etl.Parquet.Encodings;

/// <summary>
/// Decodes BYTE_STREAM_SPLIT: byte k of every value is stored in stream k, the streams back to back. Rebuilds the
/// values in their usual little-endian layout, for any value width (FLOAT, DOUBLE, INT32, INT64, FLOAT16 and any
/// FIXED_LEN_BYTE_ARRAY).
/// </summary>
public static class ByteStreamSplitDecoder
{
    /// <summary>
    /// Interleaves <paramref name="count"/> values of <paramref name="width"/> bytes from the
    /// <c>count * width</c> bytes at the start of <paramref name="data"/> into <paramref name="destination"/>.
    /// </summary>
    /// <exception cref="ParquetFormatException">The data holds fewer than <c>count * width</c> bytes.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <c>count * width</c>.</exception>
    public static void Decode(ReadOnlySpan<byte> data, int count, int width, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        long size = (long)count * width;
        if (size > data.Length)
            throw new ParquetFormatException($"BYTE_STREAM_SPLIT data truncated: {count} values of {width} bytes need {size} bytes, {data.Length} available");
        if (size > destination.Length)
            throw new ArgumentException($"destination holds {destination.Length} bytes, {size} needed", nameof(destination));
        if (count == 0) return;

        switch (width)
        {
            case 1:
                data[..count].CopyTo(destination);
                break;
            case 4:
                Decode4(data, count, destination);
                break;
            case 8:
                Decode8(data, count, destination);
                break;
            default:
                DecodeAnyWidth(data, count, width, destination);
                break;
        }
    }

    private static void DecodeAnyWidth(ReadOnlySpan<byte> data, int count, int width, Span<byte> destination)
    {
        for (int k = 0; k < width; k++)
        {
            ReadOnlySpan<byte> stream = data.Slice(k * count, count);
            Span<byte> lane = destination[k..];
            for (int i = 0; i < stream.Length; i++) lane[i * width] = stream[i];
        }
    }

    private static void Decode4(ReadOnlySpan<byte> data, int count, Span<byte> destination)
    {
        ref byte s0 = ref MemoryMarshal.GetReference(data);
        ref byte s1 = ref Unsafe.Add(ref s0, count);
        ref byte s2 = ref Unsafe.Add(ref s1, count);
        ref byte s3 = ref Unsafe.Add(ref s2, count);
        ref byte d = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector128.IsHardwareAccelerated && (Sse2.IsSupported || AdvSimd.Arm64.IsSupported))
        {
            for (; i <= count - 16; i += 16)
            {
                var a = Vector128.LoadUnsafe(ref s0, (nuint)i);
                var b = Vector128.LoadUnsafe(ref s1, (nuint)i);
                var c = Vector128.LoadUnsafe(ref s2, (nuint)i);
                var e = Vector128.LoadUnsafe(ref s3, (nuint)i);
                var abLow = ZipLow(a, b).AsUInt16();
                var abHigh = ZipHigh(a, b).AsUInt16();
                var ceLow = ZipLow(c, e).AsUInt16();
                var ceHigh = ZipHigh(c, e).AsUInt16();
                ref byte o = ref Unsafe.Add(ref d, i * 4);
                ZipLow(abLow, ceLow).AsByte().StoreUnsafe(ref o);
                ZipHigh(abLow, ceLow).AsByte().StoreUnsafe(ref o, 16);
                ZipLow(abHigh, ceHigh).AsByte().StoreUnsafe(ref o, 32);
                ZipHigh(abHigh, ceHigh).AsByte().StoreUnsafe(ref o, 48);
            }
        }
        for (; i < count; i++)
        {
            uint v = Unsafe.Add(ref s0, i) | (uint)Unsafe.Add(ref s1, i) << 8 | (uint)Unsafe.Add(ref s2, i) << 16 | (uint)Unsafe.Add(ref s3, i) << 24;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, i * 4), BitConverter.IsLittleEndian ? v : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(v));
        }
    }

    private static void Decode8(ReadOnlySpan<byte> data, int count, Span<byte> destination)
    {
        ref byte s = ref MemoryMarshal.GetReference(data);
        ref byte d = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector128.IsHardwareAccelerated && (Sse2.IsSupported || AdvSimd.Arm64.IsSupported))
        {
            for (; i <= count - 16; i += 16)
            {
                var b0 = Vector128.LoadUnsafe(ref s, (nuint)i);
                var b1 = Vector128.LoadUnsafe(ref s, (nuint)(count + i));
                var b2 = Vector128.LoadUnsafe(ref s, (nuint)(2 * count + i));
                var b3 = Vector128.LoadUnsafe(ref s, (nuint)(3 * count + i));
                var b4 = Vector128.LoadUnsafe(ref s, (nuint)(4 * count + i));
                var b5 = Vector128.LoadUnsafe(ref s, (nuint)(5 * count + i));
                var b6 = Vector128.LoadUnsafe(ref s, (nuint)(6 * count + i));
                var b7 = Vector128.LoadUnsafe(ref s, (nuint)(7 * count + i));
                // Three rounds of interleaving: byte pairs, then 2-byte pairs, then 4-byte pairs.
                var p01L = ZipLow(b0, b1).AsUInt16(); var p01H = ZipHigh(b0, b1).AsUInt16();
                var p23L = ZipLow(b2, b3).AsUInt16(); var p23H = ZipHigh(b2, b3).AsUInt16();
                var p45L = ZipLow(b4, b5).AsUInt16(); var p45H = ZipHigh(b4, b5).AsUInt16();
                var p67L = ZipLow(b6, b7).AsUInt16(); var p67H = ZipHigh(b6, b7).AsUInt16();
                var q03A = ZipLow(p01L, p23L).AsUInt32(); var q03B = ZipHigh(p01L, p23L).AsUInt32();
                var q03C = ZipLow(p01H, p23H).AsUInt32(); var q03D = ZipHigh(p01H, p23H).AsUInt32();
                var q47A = ZipLow(p45L, p67L).AsUInt32(); var q47B = ZipHigh(p45L, p67L).AsUInt32();
                var q47C = ZipLow(p45H, p67H).AsUInt32(); var q47D = ZipHigh(p45H, p67H).AsUInt32();
                ref byte o = ref Unsafe.Add(ref d, i * 8);
                ZipLow(q03A, q47A).AsByte().StoreUnsafe(ref o);
                ZipHigh(q03A, q47A).AsByte().StoreUnsafe(ref o, 16);
                ZipLow(q03B, q47B).AsByte().StoreUnsafe(ref o, 32);
                ZipHigh(q03B, q47B).AsByte().StoreUnsafe(ref o, 48);
                ZipLow(q03C, q47C).AsByte().StoreUnsafe(ref o, 64);
                ZipHigh(q03C, q47C).AsByte().StoreUnsafe(ref o, 80);
                ZipLow(q03D, q47D).AsByte().StoreUnsafe(ref o, 96);
                ZipHigh(q03D, q47D).AsByte().StoreUnsafe(ref o, 112);
            }
        }
        for (; i < count; i++)
        {
            ref byte o = ref Unsafe.Add(ref d, i * 8);
            for (int k = 0; k < 8; k++) Unsafe.Add(ref o, k) = Unsafe.Add(ref s, k * count + i);
        }
    }

    // Interleaves the low (or high) halves of two vectors lane by lane: a0 b0 a1 b1 ...
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ZipLow(Vector128<byte> a, Vector128<byte> b) => Sse2.IsSupported ? Sse2.UnpackLow(a, b) : AdvSimd.Arm64.ZipLow(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ZipHigh(Vector128<byte> a, Vector128<byte> b) => Sse2.IsSupported ? Sse2.UnpackHigh(a, b) : AdvSimd.Arm64.ZipHigh(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> ZipLow(Vector128<ushort> a, Vector128<ushort> b) => Sse2.IsSupported ? Sse2.UnpackLow(a, b) : AdvSimd.Arm64.ZipLow(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> ZipHigh(Vector128<ushort> a, Vector128<ushort> b) => Sse2.IsSupported ? Sse2.UnpackHigh(a, b) : AdvSimd.Arm64.ZipHigh(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> ZipLow(Vector128<uint> a, Vector128<uint> b) => Sse2.IsSupported ? Sse2.UnpackLow(a, b) : AdvSimd.Arm64.ZipLow(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> ZipHigh(Vector128<uint> a, Vector128<uint> b) => Sse2.IsSupported ? Sse2.UnpackHigh(a, b) : AdvSimd.Arm64.ZipHigh(a, b);
}
