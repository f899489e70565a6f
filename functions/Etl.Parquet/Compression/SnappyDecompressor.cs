using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Etl.Parquet.Compression;

/// <summary>
/// Decoder for the raw snappy block format (no framing): a varint uncompressed length, then a sequence of
/// literal and copy elements. Every read and write is bounds-checked against the spans.
/// </summary>
internal static unsafe class SnappyDecompressor
{
    public static void Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int headerLength = ReadUncompressedLength(input, out uint declared);
        if (declared != (uint)output.Length)
        {
            throw Corrupt($"the block declares {declared} uncompressed bytes, the page header declares {output.Length}");
        }

        fixed (byte* inBase = input)
        fixed (byte* outBase = output)
        {
            byte* ip = inBase + headerLength;
            byte* ipEnd = inBase + input.Length;
            byte* op = outBase;
            byte* opEnd = outBase + output.Length;

            while (ip < ipEnd)
            {
                uint tag = *ip++;
                if ((tag & 3) == 0)
                {
                    nuint length = (tag >> 2) + 1;
                    // Most literals are short: one unconditional 16-byte move when both sides have room.
                    if (length <= 16 && ipEnd - ip >= 16 && opEnd - op >= 16)
                    {
                        Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<Vector128<byte>>(ip));
                        ip += length;
                        op += length;
                        continue;
                    }
                    if (length > 60)
                    {
                        int extra = (int)length - 60;
                        if (ipEnd - ip < extra) throw Corrupt("a literal length is truncated");
                        ulong value = 0;
                        for (int i = 0; i < extra; i++) value |= (ulong)ip[i] << (8 * i);
                        ip += extra;
                        if (value + 1 > (ulong)(ipEnd - ip)) throw Corrupt("a literal runs past the end of the input");
                        length = (nuint)(value + 1);
                    }
                    else if (length > (nuint)(ipEnd - ip))
                    {
                        throw Corrupt("a literal runs past the end of the input");
                    }
                    if (length > (nuint)(opEnd - op)) throw Overrun(output.Length);
                    Buffer.MemoryCopy(ip, op, length, length);
                    ip += length;
                    op += length;
                }
                else
                {
                    nuint length;
                    nuint distance;
                    switch (tag & 3)
                    {
                        case 1:
                            if (ip >= ipEnd) throw Corrupt("a copy is truncated");
                            length = ((tag >> 2) & 7) + 4;
                            distance = ((tag & 0xE0) << 3) | *ip;
                            ip += 1;
                            break;
                        case 2:
                            if (ipEnd - ip < 2) throw Corrupt("a copy is truncated");
                            length = (tag >> 2) + 1;
                            distance = ReadUInt16LittleEndian(ip);
                            ip += 2;
                            break;
                        default:
                            if (ipEnd - ip < 4) throw Corrupt("a copy is truncated");
                            length = (tag >> 2) + 1;
                            distance = ReadUInt32LittleEndian(ip);
                            ip += 4;
                            break;
                    }
                    if (distance == 0) throw Corrupt("a copy has offset 0");
                    if (distance > (nuint)(op - outBase)) throw Corrupt("a copy reaches before the start of the output");
                    if (length > (nuint)(opEnd - op)) throw Overrun(output.Length);
                    // Most copies are short and not self-overlapping: one 16-byte move.
                    if (distance >= 16 && length <= 16 && opEnd - op >= 16)
                    {
                        Unsafe.WriteUnaligned(op, Unsafe.ReadUnaligned<Vector128<byte>>(op - distance));
                    }
                    else
                    {
                        BackReference.Copy(op, distance, length, opEnd);
                    }
                    op += length;
                }
            }

            if (op != opEnd)
            {
                throw Corrupt($"the block ends after {op - outBase} of its {output.Length} uncompressed bytes");
            }
        }
    }

    /// <summary>Reads the little-endian base-128 length prefix (at most 5 bytes, at most 32 bits).</summary>
    internal static int ReadUncompressedLength(ReadOnlySpan<byte> input, out uint length)
    {
        uint result = 0;
        for (int i = 0; i < 5; i++)
        {
            if (i >= input.Length) throw Corrupt("the length prefix is truncated");
            uint b = input[i];
            if (i == 4 && b > 0x0F) throw Corrupt("the length prefix exceeds 32 bits");
            result |= (b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                length = result;
                return i + 1;
            }
        }
        throw Corrupt("the length prefix exceeds 32 bits");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ushort ReadUInt16LittleEndian(byte* p)
    {
        ushort value = Unsafe.ReadUnaligned<ushort>(p);
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadUInt32LittleEndian(byte* p)
    {
        uint value = Unsafe.ReadUnaligned<uint>(p);
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    private static ParquetFormatException Corrupt(string detail) => new($"SNAPPY data is corrupt: {detail}");

    private static ParquetFormatException Overrun(int declared) =>
        Corrupt($"it decompresses to more than the {declared} bytes it declares");
}
