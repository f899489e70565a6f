using System.Buffers.Binary;
using Etl.Parquet.Compression;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.Compression;

/// <summary>The deprecated LZ4 codec: Hadoop framing, bare blocks and LZ4 frames must all decode.</summary>
public class Lz4LegacyTests
{
    public static IEnumerable<object[]> Cases() => Samples.KindsAndLengths();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Hadoop_framing_with_one_block_decodes(string kind, int length)
    {
        byte[] original = Samples.Make(kind, length);
        byte[] page = Hadoop([[original]]);
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Lz4, page, length));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bare_block_falls_back_to_raw_LZ4(string kind, int length)
    {
        byte[] original = Samples.Make(kind, length);
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Lz4, Lz4Reference.CompressBlock(original), length));
    }

    [Fact]
    public void Hadoop_framing_with_several_blocks_and_chunks_decodes()
    {
        byte[] original = Samples.Mixed(700_000, 3);
        // Two blocks (as parquet-mr writes past its buffer size), the second split into three chunks under one length.
        byte[][][] blocks =
        [
            [original[..262_144]],
            [original[262_144..400_000], original[400_000..400_001], original[400_001..]],
        ];
        Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Lz4, Hadoop(blocks), original.Length));
    }

    [Fact]
    public void Hadoop_framing_that_does_not_fit_exactly_is_not_accepted()
    {
        byte[] original = Samples.Text(1000, 1);
        byte[] page = Hadoop([[original]]);
        Assert.True(Lz4LegacyDecompressor.TryDecompressHadoop(page, new byte[1000]));
        Assert.False(Lz4LegacyDecompressor.TryDecompressHadoop(page, new byte[999]));
        Assert.False(Lz4LegacyDecompressor.TryDecompressHadoop(page, new byte[1001]));
        Assert.False(Lz4LegacyDecompressor.TryDecompressHadoop(page.AsSpan(0, page.Length - 1), new byte[1000]));
        byte[] trailing = [.. page, 0];
        Assert.False(Lz4LegacyDecompressor.TryDecompressHadoop(trailing, new byte[1000]));
    }

    public static IEnumerable<object[]> FrameOptions()
    {
        // block size id, independent blocks, block checksums, content checksum, content size, level
        yield return [0, false, false, false, false, 0];
        yield return [4, true, false, false, false, 0];
        yield return [4, false, true, true, true, 0];
        yield return [5, false, false, true, true, 9];
        yield return [7, true, true, false, true, 0];
    }

    [Theory]
    [MemberData(nameof(FrameOptions))]
    public void LZ4_frames_decode(int blockSize, bool independent, bool blockChecksums, bool contentChecksum, bool contentSize, int level)
    {
        foreach (string kind in Samples.Kinds)
        {
            foreach (int length in new[] { 0, 1, 100, 65_536, 300_001 })
            {
                byte[] original = Samples.Make(kind, length);
                var preferences = new Lz4Reference.FramePreferences
                {
                    BlockSizeId = blockSize,
                    BlockMode = independent ? 1 : 0,
                    BlockChecksum = blockChecksums ? 1 : 0,
                    ContentChecksum = contentChecksum ? 1 : 0,
                    ContentSize = contentSize ? (ulong)length : 0,
                    CompressionLevel = level,
                };
                byte[] frame = Lz4Reference.CompressFrame(original, preferences);
                Assert.Equal(original, GuardedPage.Decompress(CompressionCodec.Lz4, frame, length));
            }
        }
    }

    [Fact]
    public void Concatenated_and_skippable_frames_decode()
    {
        byte[] first = Samples.Text(100_000, 1);
        byte[] second = Samples.Runs(70_000, 2);
        byte[] skippable = [0x5A, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 9, 9, 9];
        byte[] page =
        [
            .. skippable,
            .. Lz4Reference.CompressFrame(first, default),
            .. Lz4Reference.CompressFrame(second, new Lz4Reference.FramePreferences { BlockMode = 1, ContentSize = 70_000 }),
        ];
        Assert.Equal([.. first, .. second], GuardedPage.Decompress(CompressionCodec.Lz4, page, first.Length + second.Length));
    }

    [Fact]
    public void A_frame_that_declares_another_content_size_is_rejected()
    {
        byte[] original = Samples.Text(1000, 1);
        byte[] frame = Lz4Reference.CompressFrame(original, new Lz4Reference.FramePreferences { ContentSize = 1000 });
        Assert.True(Lz4LegacyDecompressor.TryDecompressFrames(frame, new byte[1000]));
        // Content size lives at bytes 6-13 (after magic, FLG, BD); the header checksum is not verified.
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(6), 999);
        Assert.False(Lz4LegacyDecompressor.TryDecompressFrames(frame, new byte[1000]));
    }

    [Fact]
    public void Garbage_is_rejected_as_neither_framing()
    {
        var e = GuardedPage.Rejects(CompressionCodec.Lz4, [0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x10], 100);
        Assert.StartsWith("LZ4 data is corrupt: it is neither Hadoop-framed nor a valid LZ4 block", e.Message);
    }

    [Fact]
    public void Size_mismatch_is_reported()
    {
        byte[] original = Samples.Text(1000, 1);
        var e = GuardedPage.Rejects(CompressionCodec.Lz4, Lz4Reference.CompressBlock(original), 1001);
        Assert.Equal("LZ4 data decompressed to 1000 bytes, the page header declares 1001", e.Message);
    }

    /// <summary>Hadoop BlockCompressorStream layout: per block the total length, then per chunk its length and an LZ4 block.</summary>
    internal static byte[] Hadoop(byte[][][] blocks)
    {
        var page = new List<byte>();
        Span<byte> length = stackalloc byte[4];
        foreach (byte[][] chunks in blocks)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, chunks.Sum(c => c.Length));
            page.AddRange(length.ToArray());
            foreach (byte[] chunk in chunks)
            {
                byte[] compressed = Lz4Reference.CompressBlock(chunk);
                BinaryPrimitives.WriteInt32BigEndian(length, compressed.Length);
                page.AddRange(length.ToArray());
                page.AddRange(compressed);
            }
        }
        return page.ToArray();
    }
}
