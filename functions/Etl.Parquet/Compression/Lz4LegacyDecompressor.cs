using System.Buffers.Binary;

namespace Etl.Parquet.Compression;

/// <summary>
/// The deprecated LZ4 codec (5), whose framing was never specified and differs by writer. Like Arrow,
/// try the Hadoop framing (parquet-mr) and fall back to a bare LZ4 block (older parquet-cpp); pages that
/// start with the LZ4 frame magic (a few other old writers) are tried as LZ4 frames first.
/// </summary>
internal static class Lz4LegacyDecompressor
{
    private const uint FrameMagic = 0x184D2204;
    private const uint SkippableFrameMagic = 0x184D2A50;  // low 4 bits are free
    private const uint SkippableFrameMask = 0xFFFFFFF0;

    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length >= 4 && IsFrameMagic(BinaryPrimitives.ReadUInt32LittleEndian(input)) && TryDecompressFrames(input, output))
        {
            return;
        }
        if (TryDecompressHadoop(input, output)) return;

        int written = Lz4BlockDecompressor.Decode(input, output, 0, 0, out string? error);
        if (error is not null)
        {
            throw new ParquetFormatException($"LZ4 data is corrupt: it is neither Hadoop-framed nor a valid LZ4 block ({error})");
        }
        if (written != output.Length)
        {
            throw new ParquetFormatException($"LZ4 data decompressed to {written} bytes, the page header declares {output.Length}");
        }
    }

    private static bool IsFrameMagic(uint magic) => magic == FrameMagic || (magic & SkippableFrameMask) == SkippableFrameMagic;

    /// <summary>
    /// Hadoop's BlockCompressorStream: blocks of [4-byte big-endian uncompressed length][chunks], where each chunk is
    /// [4-byte big-endian compressed length][LZ4 block]; a large write is split into several chunks under one length.
    /// Only an exact fit of every length counts as Hadoop framing.
    /// </summary>
    internal static bool TryDecompressHadoop(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int inPos = 0;
        int outPos = 0;
        while (inPos < input.Length)
        {
            if (input.Length - inPos < 8) return false;
            uint blockLength = BinaryPrimitives.ReadUInt32BigEndian(input[inPos..]);
            inPos += 4;
            if (blockLength > (uint)(output.Length - outPos)) return false;
            int blockEnd = outPos + (int)blockLength;
            do
            {
                if (input.Length - inPos < 4) return false;
                uint chunkLength = BinaryPrimitives.ReadUInt32BigEndian(input[inPos..]);
                inPos += 4;
                if (chunkLength > (uint)(input.Length - inPos)) return false;
                int written = Lz4BlockDecompressor.Decode(input.Slice(inPos, (int)chunkLength), output[..blockEnd], outPos, outPos, out string? error);
                if (error is not null) return false;
                inPos += (int)chunkLength;
                outPos += written;
            }
            while (outPos < blockEnd);
        }
        return outPos == output.Length;
    }

    /// <summary>
    /// The LZ4 frame format (lz4 CLI, LZ4F_compressFrame), possibly several frames and skippable frames.
    /// Checksums are skipped: the page CRC covers corruption, and a wrong frame shows as a size mismatch.
    /// </summary>
    internal static bool TryDecompressFrames(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int inPos = 0;
        int outPos = 0;
        while (inPos < input.Length)
        {
            if (input.Length - inPos < 8) return false;
            uint magic = BinaryPrimitives.ReadUInt32LittleEndian(input[inPos..]);
            if ((magic & SkippableFrameMask) == SkippableFrameMagic)
            {
                uint skip = BinaryPrimitives.ReadUInt32LittleEndian(input[(inPos + 4)..]);
                if (skip > (uint)(input.Length - inPos - 8)) return false;
                inPos += 8 + (int)skip;
                continue;
            }
            if (magic != FrameMagic) return false;
            inPos += 4;

            byte flags = input[inPos];
            if (flags >> 6 != 1 || (flags & 0x02) != 0) return false;  // version 01, reserved bit clear
            bool independentBlocks = (flags & 0x20) != 0;
            bool blockChecksums = (flags & 0x10) != 0;
            bool hasContentSize = (flags & 0x08) != 0;
            bool contentChecksum = (flags & 0x04) != 0;
            if ((flags & 0x01) != 0) return false;  // a dictionary id: the dictionary is not in the file
            int headerLength = 2 + (hasContentSize ? 8 : 0) + 1;  // FLG, BD, content size, header checksum
            if (input.Length - inPos < headerLength) return false;
            ulong contentSize = hasContentSize ? BinaryPrimitives.ReadUInt64LittleEndian(input[(inPos + 2)..]) : 0;
            inPos += headerLength;

            int frameStart = outPos;
            while (true)
            {
                if (input.Length - inPos < 4) return false;
                uint blockHeader = BinaryPrimitives.ReadUInt32LittleEndian(input[inPos..]);
                inPos += 4;
                if (blockHeader == 0) break;  // end mark
                bool stored = (blockHeader & 0x80000000u) != 0;
                uint blockLength = blockHeader & 0x7FFFFFFFu;
                if (blockLength > (uint)(input.Length - inPos)) return false;
                ReadOnlySpan<byte> block = input.Slice(inPos, (int)blockLength);
                if (stored)
                {
                    if (block.Length > output.Length - outPos) return false;
                    block.CopyTo(output[outPos..]);
                    outPos += block.Length;
                }
                else
                {
                    // Linked blocks may refer back into earlier blocks of the same frame, never into another frame.
                    int window = independentBlocks ? outPos : frameStart;
                    int written = Lz4BlockDecompressor.Decode(block, output, outPos, window, out string? error);
                    if (error is not null) return false;
                    outPos += written;
                }
                inPos += (int)blockLength;
                if (blockChecksums)
                {
                    if (input.Length - inPos < 4) return false;
                    inPos += 4;
                }
            }
            if (contentChecksum)
            {
                if (input.Length - inPos < 4) return false;
                inPos += 4;
            }
            if (hasContentSize && contentSize != (ulong)(outPos - frameStart)) return false;
        }
        return outPos == output.Length;
    }
}
