using System.Runtime.InteropServices;

namespace Etl.Parquet.Tests.Compression;

// Independent reference implementations on this machine, used only by the tests: the codecs under test must
// agree with code nobody here wrote.

/// <summary>liblz4 (block API and frame API).</summary>
internal static unsafe partial class Lz4Reference
{
    private const string Library = "liblz4.so.1";

    public static byte[] CompressBlock(ReadOnlySpan<byte> input, int hcLevel = 0)
    {
        var output = new byte[LZ4_compressBound(input.Length)];
        int written;
        fixed (byte* src = input)
        fixed (byte* dst = output)
        {
            // liblz4's HC path dereferences the source even for zero bytes.
            byte dummy = 0;
            byte* from = src == null ? &dummy : src;
            written = hcLevel == 0
                ? LZ4_compress_default(from, dst, input.Length, output.Length)
                : LZ4_compress_HC(from, dst, input.Length, output.Length, hcLevel);
        }
        Assert.True(written > 0, "liblz4 failed to compress");
        return output.AsSpan(0, written).ToArray();
    }

    /// <summary>Decodes with LZ4_decompress_safe; null when liblz4 rejects the block or it does not fill the size.</summary>
    public static byte[]? DecompressBlock(ReadOnlySpan<byte> input, int uncompressedLength)
    {
        var output = new byte[uncompressedLength];
        int written;
        fixed (byte* src = input)
        fixed (byte* dst = output)
        {
            byte dummy = 0;
            written = LZ4_decompress_safe(src, dst == null ? &dummy : dst, input.Length, uncompressedLength);
        }
        return written == uncompressedLength ? output : null;
    }

    public static byte[] CompressFrame(ReadOnlySpan<byte> input, FramePreferences preferences)
    {
        nuint bound = LZ4F_compressFrameBound((nuint)input.Length, &preferences);
        var output = new byte[(int)bound];
        nuint written;
        fixed (byte* src = input)
        fixed (byte* dst = output)
        {
            byte dummy = 0;
            written = LZ4F_compressFrame(dst, bound, src == null ? &dummy : src, (nuint)input.Length, &preferences);
        }
        Assert.Equal(0u, LZ4F_isError(written));
        return output.AsSpan(0, (int)written).ToArray();
    }

    /// <summary>LZ4F_preferences_t (lz4frame.h, 1.9.x).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct FramePreferences
    {
        public int BlockSizeId;      // 0 default (64 KiB), 4 = 64 KiB ... 7 = 4 MiB
        public int BlockMode;        // 0 linked, 1 independent
        public int ContentChecksum;
        public int FrameType;
        public ulong ContentSize;
        public uint DictId;
        public int BlockChecksum;
        public int CompressionLevel;
        public uint AutoFlush;
        public uint FavorDecompressionSpeed;
        public uint Reserved0;
        public uint Reserved1;
        public uint Reserved2;
    }

    [LibraryImport(Library)] private static partial int LZ4_compressBound(int inputSize);
    [LibraryImport(Library)] private static partial int LZ4_compress_default(byte* src, byte* dst, int srcSize, int dstCapacity);
    [LibraryImport(Library)] private static partial int LZ4_compress_HC(byte* src, byte* dst, int srcSize, int dstCapacity, int level);
    [LibraryImport(Library)] private static partial int LZ4_decompress_safe(byte* src, byte* dst, int compressedSize, int dstCapacity);
    [LibraryImport(Library)] private static partial nuint LZ4F_compressFrameBound(nuint srcSize, FramePreferences* preferences);
    [LibraryImport(Library)] private static partial nuint LZ4F_compressFrame(byte* dst, nuint dstCapacity, byte* src, nuint srcSize, FramePreferences* preferences);
    [LibraryImport(Library)] private static partial uint LZ4F_isError(nuint code);
}

/// <summary>libzstd called directly, not through the codec's binding.</summary>
internal static unsafe partial class ZstdReference
{
    private const string Library = "libzstd.so.1";
    private const int ContentSizeFlagParameter = 200;  // ZSTD_c_contentSizeFlag
    private const int ChecksumFlagParameter = 201;     // ZSTD_c_checksumFlag

    public static byte[] Compress(ReadOnlySpan<byte> input, int level = 3, bool contentSize = true, bool checksum = false)
    {
        var output = new byte[(int)ZSTD_compressBound((nuint)input.Length)];
        nint context = ZSTD_createCCtx();
        try
        {
            Check(ZSTD_CCtx_setParameter(context, 100, level));  // ZSTD_c_compressionLevel
            Check(ZSTD_CCtx_setParameter(context, ContentSizeFlagParameter, contentSize ? 1 : 0));
            Check(ZSTD_CCtx_setParameter(context, ChecksumFlagParameter, checksum ? 1 : 0));
            nuint written;
            byte dummy = 0;
            fixed (byte* src = input)
            fixed (byte* dst = output)
            {
                written = ZSTD_compress2(context, dst, (nuint)output.Length, src == null ? &dummy : src, (nuint)input.Length);
            }
            Check(written);
            return output.AsSpan(0, (int)written).ToArray();
        }
        finally
        {
            ZSTD_freeCCtx(context);
        }
    }

    public static byte[]? Decompress(ReadOnlySpan<byte> input, int uncompressedLength)
    {
        var output = new byte[uncompressedLength];
        nuint written;
        byte dummy = 0;
        fixed (byte* src = input)
        fixed (byte* dst = output)
        {
            written = ZSTD_decompress(dst == null ? &dummy : dst, (nuint)uncompressedLength, src, (nuint)input.Length);
        }
        return ZSTD_isError(written) == 0 && written == (nuint)uncompressedLength ? output : null;
    }

    public static nuint CompressBound(int length) => ZSTD_compressBound((nuint)length);

    private static void Check(nuint code) => Assert.True(ZSTD_isError(code) == 0, "libzstd reported an error");

    [LibraryImport(Library)] private static partial nuint ZSTD_compressBound(nuint srcSize);
    [LibraryImport(Library)] private static partial nint ZSTD_createCCtx();
    [LibraryImport(Library)] private static partial nuint ZSTD_freeCCtx(nint context);
    [LibraryImport(Library)] private static partial nuint ZSTD_CCtx_setParameter(nint context, int parameter, int value);
    [LibraryImport(Library)] private static partial nuint ZSTD_compress2(nint context, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);
    [LibraryImport(Library)] private static partial nuint ZSTD_decompress(byte* dst, nuint dstCapacity, byte* src, nuint srcSize);
    [LibraryImport(Library)] private static partial uint ZSTD_isError(nuint code);
}

/// <summary>zlib's crc32(), an implementation of CRC-32 independent of ours.</summary>
internal static unsafe partial class ZlibReference
{
    public static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            return (uint)crc32((nuint)crc, p, (uint)data.Length);
        }
    }

    [LibraryImport("libz.so.1")] private static partial nuint crc32(nuint crc, byte* buffer, uint length);
}
